import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../generator/defaults.ts';
import type { WsModel } from '../../generator/model/types.ts';
import type { BookShape, OrderBook, OrderBookLevel } from '../../templates/ws/orderbook.ts';
import { startWsMockServer, type WsMockServer } from '../../templates/testing/ws-mock-server.ts';
import { generateForTest } from '../helpers/generated.ts';
import { generateWsFixture, until, type WsFixture } from './fixture.ts';

/*
 * Books of both kinds replaying a realistic stream through a generated SDK's client, `new OrderBooks()` of the same
 * SDK (bound to the shape its spec's book channel derives) and the WebSocket mock server: a
 * snapshot, thousands of seeded random deltas, a sequence gap (one delta lost, the client resubscribes, the book
 * resets and takes the fresh snapshot), thousands more. After every message the book is compared, level by level,
 * with a reference book fed the same messages: a Map of price → count in integer units per side, parsed on its own.
 * At the end both equal the server's own state, so the gap was recovered from.
 */

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const MARKET = 'M-1';
const DELTAS_PER_PHASE = 2_500;

/** Integer units of a decimal string, by its own arithmetic (not the runtime's). */
function units(text: string, decimals: number): number {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0').slice(0, decimals) || 0);
  return text.startsWith('-') ? -value : value;
}

function text(value: number, decimals: number, shown = decimals): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const fraction = String(abs % 10 ** decimals).padStart(decimals, '0');
  return `${sign}${Math.floor(abs / 10 ** decimals)}.${fraction.slice(0, shown)}`;
}

/** mulberry32: a small seeded generator, so a failure replays. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Sides = [Map<number, number>, Map<number, number>];

/** The reference: per side a Map of price units (1e-6 $) → count units (1e-2). */
class ReferenceBook {
  sides: Sides = [new Map(), new Map()];
  synced = false;

  constructor(readonly shape: BookShape) {}

  apply(msg: Record<string, unknown>): void {
    const { delta, snapshot, sides } = this.shape;
    if (msg[delta.side] !== undefined) {
      const side = this.sides[sides.indexOf(msg[delta.side] as string)]!;
      const price = units(msg[delta.price[0] as string] as string, 6);
      const next = (side.get(price) ?? 0) + units(msg[delta.count[0]!] as string, 2);
      if (next) side.set(price, next);
      else side.delete(price);
      return;
    }
    this.sides = [0, 1].map((i) => {
      const levels = new Map<number, number>();
      for (const [p, c] of (msg[snapshot[i]![0] as string] ?? []) as [string, string][])
        levels.set(units(p, 6), (levels.get(units(p, 6)) ?? 0) + units(c, 2));
      return levels;
    }) as Sides;
    this.synced = true;
  }

  reset(): void {
    this.sides = [new Map(), new Map()];
    this.synced = false;
  }

  /** A side's levels best first: bids high to low; a bid/ask book's asks low to high. */
  levels(index: 0 | 1): [number, number][] {
    const ascending = index === 1 && this.shape.prices === 'positive';
    return [...this.sides[index]].sort((a, b) => (ascending ? a[0] - b[0] : b[0] - a[0]));
  }
}

/** The first difference between the book and the reference, or undefined. */
function difference(book: OrderBook<string>, reference: ReferenceBook): string | undefined {
  const { sides, prices } = reference.shape;
  if (book.synced !== reference.synced) return `synced ${book.synced}, reference ${reference.synced}`;
  const pairs = (levels: OrderBookLevel[]) => levels.map((l) => [l.priceUnits, l.countUnits]);
  for (const index of [0, 1] as const) {
    const want = reference.levels(index);
    const got = book.levels(sides[index]);
    if (JSON.stringify(pairs(got)) !== JSON.stringify(want))
      return `${sides[index]} levels ${JSON.stringify(pairs(got))}, reference ${JSON.stringify(want)}`;
    // The strings say the same as the units.
    for (const level of got)
      if (units(level.price, 6) !== level.priceUnits || units(level.count, 2) !== level.countUnits)
        return `level ${JSON.stringify(level)} does not say its units`;
    const depth = want.reduce((sum, [, c]) => sum + c, 0);
    if (book.depthUnits(sides[index]) !== depth) return `${sides[index]} depth ${book.depthUnits(sides[index])}`;
  }
  const [first, second] = [reference.levels(0)[0], reference.levels(1)[0]];
  const spread =
    first && second ? (prices === 'positive' ? second[0] - first[0] : 1e6 - second[0] - first[0]) : undefined;
  if (book.spreadUnits !== spread) return `spread ${book.spreadUnits}, reference ${spread}`;
  const bid = prices === 'positive' ? book.bestBid() : book.bestBid(sides[0]);
  const ask = prices === 'positive' ? book.bestAsk() : book.bestAsk(sides[0]);
  if (bid?.priceUnits !== first?.[0]) return `best bid ${bid?.price}`;
  const askUnits = prices === 'positive' ? second?.[0] : second && 1e6 - second[0];
  if (ask?.priceUnits !== askUnits || ask?.countUnits !== second?.[1]) return `best ask ${ask?.price}`;
  return undefined;
}

interface Market {
  /** The shape of the channel's frames, as the model derives it from the spec. */
  shape: BookShape;
  /** A price `ticks` ticks away from the touch on side `index`, in units. */
  price(index: 0 | 1, ticks: number, mid: number): number;
  /** The price as the exchange writes it. */
  format(priceUnits: number): string;
  tick: number;
  start: number;
}

/** The channel's book shape, as the model derives it. */
function modelShape(model: WsModel): BookShape {
  return model.channels.find((c) => c.name === 'orderbook_delta')!.subscription!.book!.shape;
}

async function replay(load: WsFixture['load'], market: Market, seed: number) {
  const { mod, nodePlatform } = await load();
  const server: WsMockServer = await startWsMockServer({ channels: mod.WS_CHANNELS, publicKey });
  const client = new mod.KalshiWebSocket(
    { env: {}, wsUrl: server.url, apiKeyId: 'key-1', privateKey: pem, reconnect: { initialDelayMs: 10 } },
    nodePlatform,
  );
  try {
    const { shape } = market;
    const random = seeded(seed);
    // The server's state, from which it publishes deltas and, on every subscribe, the snapshot.
    const truth: Sides = [new Map(), new Map()];
    let mid = market.start;
    const snapshotOfTruth = () =>
      Object.fromEntries(
        [0, 1].map((i) => [shape.snapshot[i]![0], [...truth[i]!].map(([p, c]) => [market.format(p), text(c, 2)])]),
      );
    const nextDelta = () => {
      mid += Math.round((random() - 0.5) * 2) * market.tick;
      const index = random() < 0.5 ? 0 : 1;
      const side = truth[index]!;
      const existing = [...side.keys()];
      let price: number;
      let change: number;
      if (existing.length && random() < 0.45) {
        // Part or all of a resting level is cancelled or filled.
        price = existing[Math.floor(random() * existing.length)]!;
        const resting = side.get(price)!;
        change = -(random() < 0.5 ? resting : 1 + Math.floor(random() * resting));
      } else {
        price = market.price(index, Math.floor(random() * 30), mid);
        change = 1 + Math.floor(random() * 5_000);
      }
      const next = (side.get(price) ?? 0) + change;
      if (next) side.set(price, next);
      else side.delete(price);
      return {
        market_ticker: MARKET,
        [shape.delta.side]: shape.sides[index],
        [shape.delta.price[0] as string]: market.format(price),
        [shape.delta.count[0]!]: text(change, 2),
      };
    };
    for (let i = 0; i < 40; i++) nextDelta(); // a book with some depth before the first snapshot
    server.setSnapshot('orderbook_delta', MARKET, snapshotOfTruth());

    const books = new mod.OrderBooks();
    const reference = new ReferenceBook(shape);
    const differences: string[] = [];
    let messages = 0;
    const sub = await client.subscribe('orderbook_delta', { market_ticker: MARKET });
    sub.on('*', (message: { msg: Record<string, unknown> }) => {
      const book = books.apply(message.msg);
      reference.apply(message.msg);
      messages++;
      const found = difference(book, reference);
      if (found) differences.push(`after message ${messages}: ${found}`);
    });
    sub.onEvent('gap', () => {
      books.reset();
      reference.reset();
      const found = difference(books.get(MARKET), reference);
      if (found) differences.push(`after the gap: ${found}`);
    });
    await until(() => messages === 1);
    expect(books.get(MARKET).levels(shape.sides[0]).length).toBeGreaterThan(0);

    for (let i = 0; i < DELTAS_PER_PHASE; i++) server.publish('orderbook_delta', 'orderbook_delta', nextDelta());
    await until(() => messages === 1 + DELTAS_PER_PHASE, 20_000);

    // One delta is lost on the way: the next frame skips a number. The resubscribe's snapshot includes it.
    const firstSid = sub.sid;
    const lost = nextDelta();
    server.setSnapshot('orderbook_delta', MARKET, snapshotOfTruth());
    server.skipSequence('orderbook_delta');
    server.publish('orderbook_delta', 'orderbook_delta', lost);
    await until(() => sub.state === 'active' && sub.sid !== firstSid && messages === 2 + DELTAS_PER_PHASE);
    expect(client.stats.gaps).toBe(1);

    for (let i = 0; i < DELTAS_PER_PHASE; i++) server.publish('orderbook_delta', 'orderbook_delta', nextDelta());
    await until(() => messages === 2 + 2 * DELTAS_PER_PHASE, 20_000);

    expect(differences).toEqual([]);
    const book = books.get(MARKET);
    for (const index of [0, 1] as const)
      expect(book.levels(shape.sides[index]).map((l: OrderBookLevel) => [l.priceUnits, l.countUnits])).toEqual(
        [...truth[index]].sort((a, b) => (index === 1 && shape.prices === 'positive' ? a[0] - b[0] : b[0] - a[0])),
      );
    return book as OrderBook<string>;
  } finally {
    await client.close();
    await server.close();
  }
}

describe('order books replaying a stream with a gap, against a reference book', () => {
  let perps: { load: WsFixture['load']; model: WsModel; cleanup: () => Promise<void> };
  let binary: WsFixture;
  beforeAll(async () => {
    // The whole SDK of the perps specs, as a user imports it: its entry point's OrderBooks, compiled.
    const { out, result, cleanup } = await generateForTest('perps-books', {
      openapi: join(SPECS_DIR, 'perps/openapi.yaml'),
      asyncapi: join(SPECS_DIR, 'perps/asyncapi.yaml'),
    });
    const load = async () => {
      const mod = await import(pathToFileURL(join(out, 'dist/index.js')).href);
      return { mod, nodePlatform: mod.nodePlatform as unknown };
    };
    perps = { load, model: result.ws!, cleanup };
    binary = await generateWsFixture(join(SPECS_DIR, 'versions/asyncapi/2026-04-09.yaml'));
  });
  afterAll(async () => {
    await perps?.cleanup();
    await binary?.remove();
  });

  it('a bid/ask book of the perps SDK: prices far above $1, four decimals', async () => {
    const shape = modelShape(perps.model);
    expect(shape.prices).toBe('positive');
    const tick = 500_000; // $0.50
    const book = await replay(
      perps.load,
      {
        shape,
        tick,
        start: 65_000 * 1e6,
        // Bids below the mid, asks above it.
        price: (index, ticks, mid) => mid + (index === 0 ? -(ticks + 1) : ticks + 1) * tick,
        format: (price) => text(price, 6, 4),
      },
      20260811,
    );
    expect(book.bestBid()!.priceUnits).toBeGreaterThan(60_000 * 1e6);
  });

  it('a yes/no book of an event-contract spec: prices in (0, 1), sub-penny levels', async () => {
    const tick = 1_000; // $0.001
    const book = await replay(
      binary.load,
      {
        shape: modelShape(binary.model),
        tick,
        start: 450_000,
        // YES bids below the mid, NO bids below 1 − mid, kept inside (0, 1).
        price: (index, ticks, mid) =>
          Math.min(999_000, Math.max(1_000, (index === 0 ? mid : 1_000_000 - mid) - (ticks + 1) * tick)),
        format: (price) => text(price, 6, 4),
      },
      20260409,
    );
    expect(book.bestYesBid!.priceUnits).toBeLessThan(1e6);
  });
});
