import type { BookShape } from '../../templates/ws/orderbook.ts';
import { objectProperties, resolveRef, type TypeTable } from './type-queries.ts';
import type { PropertyModel, TypeModel, WsBookModel, WsChannelModel, WsMessageModel } from './types.ts';

/**
 * The order book of a channel: its shape (see BookShape in templates/ws/orderbook.ts), read from its messages'
 * payload schemas, with the body and the two messages it was read from; undefined when the channel is not a book.
 * The first snapshot and delta of the channel's (in spec order) that make a book are taken. The rule, from the
 * shapes alone:
 *
 * - the channel carries a snapshot message (WsMessageModel.snapshot) and another server message, a delta, whose
 *   frame bodies are the same object property of their payloads (the `msg` the runtime's book applies);
 * - the delta's body has a property of a two-valued string enum, the side, whose values name the sides: for each,
 *   the snapshot's body has price-level fields (arrays of `[price, count]` arrays of scalars) called the value or
 *   starting with it and `_`. Fields whose levels are all strings come first, then those mixing strings and
 *   integers; all-integer levels are left out, as nothing in a schema says an integer price's unit;
 * - the delta's body has a string price field (`price`, `price_…`) and a count field (`delta`, `count`, `delta_…`,
 *   `count_…`), strings before integers (an integer count is whole contracts).
 *
 * Nothing in the schemas bounds a price, so the kind of book is read from the side names: `bid` and `ask` (or
 * `bids`/`asks`, `buy`/`sell`, `offer(s)`) name a bid/ask book with any positive price; any other pair names the two
 * outcomes of a binary contract, both holding bids, with prices in (0, 1) — which the runtime enforces, so a book
 * misread this way fails loudly on its first price of 1 or more rather than quietly.
 */
export function deriveBook(
  channel: WsChannelModel,
  messages: ReadonlyMap<string, WsMessageModel>,
  types: TypeTable,
): WsBookModel | undefined {
  const server = channel.messages
    .map((key) => messages.get(key))
    .filter((m): m is WsMessageModel => m?.direction === 'server');
  for (const snapshot of server.filter((m) => m.snapshot)) {
    for (const delta of server.filter((m) => !m.snapshot)) {
      for (const [body, snapshotFields] of bodies(snapshot.payload, types)) {
        const deltaFields = bodies(delta.payload, types).get(body);
        const shape = deltaFields && shapeOf(snapshotFields, deltaFields, types);
        if (shape) return { shape, body, messages: [snapshot.key, delta.key] };
      }
    }
  }
  return undefined;
}

const BID = /^(bids?|buy)$/;
const ASK = /^(asks?|offers?|sell)$/;
const PRICE = /^price(_|$)/;
const COUNT = /^(delta|count)(_|$)/;

function shapeOf(snapshot: PropertyModel[], delta: PropertyModel[], types: TypeTable): BookShape | undefined {
  const price = fieldsOf(delta, PRICE, types, 'scalar').filter((f) => f.strings === 'all');
  const count = fieldsOf(delta, COUNT, types, 'scalar');
  if (!price.length || !count.length) return undefined;
  for (const side of delta) {
    const values = twoStrings(side.type, types);
    if (!values) continue;
    const bidAsk = values.some((v) => BID.test(v)) && values.some((v) => ASK.test(v));
    const sides = bidAsk ? ([values.find((v) => BID.test(v))!, values.find((v) => ASK.test(v))!] as const) : values;
    const levels = sides.map((s) =>
      fieldsOf(snapshot, new RegExp(`^${escapeRegExp(s)}(_|$)`), types, 'levels').filter((f) => f.strings !== 'none'),
    );
    if (levels.some((fields) => !fields.length)) continue;
    return {
      sides: [sides[0], sides[1]],
      prices: bidAsk ? 'positive' : 'probability',
      snapshot: [names(levels[0]!), names(levels[1]!)],
      delta: { side: side.name, price: names(price), count: names(count) },
    };
  }
  return undefined;
}

/** The object properties of a payload by property name: the bodies a frame may carry its fields in. */
function bodies(payload: TypeModel, types: TypeTable): Map<string, PropertyModel[]> {
  const out = new Map<string, PropertyModel[]>();
  for (const p of objectProperties(payload, types) ?? []) {
    const properties = objectProperties(p.type, types);
    if (properties) out.set(p.name, properties);
  }
  return out;
}

interface Candidate {
  name: string;
  /** Whether the field's scalars (a level's entries) are all strings, some, or none. */
  strings: 'all' | 'some' | 'none';
}

/**
 * The properties named like `pattern` holding scalars (strings or integers) or price levels (arrays of arrays of
 * scalars), strings first and otherwise in the spec's order.
 */
function fieldsOf(properties: PropertyModel[], pattern: RegExp, types: TypeTable, kind: 'scalar' | 'levels') {
  const found: Candidate[] = [];
  for (const p of properties) {
    if (!pattern.test(p.name)) continue;
    let t = resolveRef(p.type, types);
    if (kind === 'levels') {
      const level = t.kind === 'array' ? resolveRef(t.items, types) : undefined;
      if (level?.kind !== 'array') continue;
      t = resolveRef(level.items, types);
    }
    const strings = scalarStrings(t, types);
    if (strings) found.push({ name: p.name, strings });
  }
  const rank = { all: 0, some: 1, none: 2 } as const;
  return found.sort((a, b) => rank[a.strings] - rank[b.strings]);
}

/** For a string, an integer, or a oneOf of them: whether it is a string always, sometimes or never. */
function scalarStrings(t: TypeModel, types: TypeTable): Candidate['strings'] | undefined {
  const variants = t.kind === 'oneOf' ? t.variants.map((v) => resolveRef(v, types)) : [t];
  const strings = variants.filter((v) => v.kind === 'string').length;
  if (strings + variants.filter((v) => v.kind === 'number' && v.integer).length !== variants.length) return undefined;
  return strings === variants.length ? 'all' : strings ? 'some' : 'none';
}

/** The values of a string enum of exactly two, or undefined. */
function twoStrings(t: TypeModel, types: TypeTable): readonly [string, string] | undefined {
  const resolved = resolveRef(t, types);
  if (resolved.kind !== 'enum' || resolved.values.length !== 2) return undefined;
  const [a, b] = resolved.values;
  return typeof a === 'string' && typeof b === 'string' && a !== b ? [a, b] : undefined;
}

function names(candidates: Candidate[]): string[] {
  return candidates.map((c) => c.name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
