import type { TypeModel, WsChannelModel, WsMessageModel, WsModel } from '../model/types.ts';
import { constantCase, pascalCase } from './identifiers.ts';
import {
  claimPrevious,
  claimRuntimeLocals,
  declaresValue,
  found,
  type Export,
  type ModuleNames,
  type ProductModules,
  type Scopes,
} from './rest.ts';
import { moduleSpecifier } from './product.ts';
import type { RuntimeSurface } from './runtime.ts';
import type { NameTable } from './table.ts';

/**
 * An inline object directly under a message payload (a frame's `msg`, a command's `params`) that the SDK declares
 * as a type of its own, so that hovers and type errors name it instead of spelling it out.
 */
export interface PayloadMember {
  property: string;
  /** The object is the items of the property's array, not the property itself. */
  items: boolean;
  /** After its payload and property: `TickerPayload.msg` → `TickerPayloadMsg`. */
  name: string;
  /** Its name in the previous release, when it had another: kept one release, deprecated. */
  previous?: string;
}

/** The names the WebSocket module declares besides the spec's (see emit/ws.ts), each a type or a value. */
export const WS_MODULE_NAMES = {
  serverMessage: { name: 'ServerMessage', typeOnly: true },
  clientCommand: { name: 'ClientCommand', typeOnly: true },
  channelMessages: { name: 'ChannelMessages', typeOnly: true },
  channelSubscribeParams: { name: 'ChannelSubscribeParams', typeOnly: true },
  channelName: { name: 'ChannelName', typeOnly: true },
  channels: { name: 'WS_CHANNELS', typeOnly: false },
  serverMessageTypes: { name: 'WS_SERVER_MESSAGE_TYPES', typeOnly: false },
  errorCodes: { name: 'WS_ERROR_CODES', typeOnly: false },
  errorCode: { name: 'WsErrorCode', typeOnly: true },
  protocol: { name: 'WS_PROTOCOL', typeOnly: false },
} as const satisfies Record<string, Export>;

/** The order book the WebSocket module binds to one book shape of its spec (see `claimBooks`). */
export interface BookNames {
  /** The channels whose books have this shape, in spec order. */
  readonly channels: readonly string[];
  /** The shape's constant. */
  readonly shape: string;
  /** The type of what the books apply: the bodies of those channels' snapshots and deltas. */
  readonly message: string;
  /** The class of one market's book. */
  readonly book: string;
  /** The class of the books of many markets. */
  readonly books: string;
}

/** The names of the WebSocket module. */
export interface WsNames extends ModuleNames {
  schema(specName: string): string;
  /** The type of a message's payload: its schema's, or the message's own. */
  payload(message: WsMessageModel): string;
  /** The members of a payload declared as a schema (by its spec name) or by a message (by its key). */
  members(declaration: PayloadDeclaration): readonly PayloadMember[];
  /** The type of a channel's subscribe params. */
  subscribeParams(channel: string): string;
  /** The order books bound to the spec's book shapes, one per distinct shape, in the order of their first channel. */
  readonly books: readonly BookNames[];
  readonly own: { readonly [K in keyof typeof WS_MODULE_NAMES | 'subscription' | 'client']: string };
  /** Names of the previous release, where they were others: kept one release, deprecated. */
  readonly previous: {
    schema(specName: string): string | undefined;
    payload(messageKey: string): string | undefined;
    subscribeParams(channel: string): string | undefined;
  };
  /** Everything the module declares itself (not what it re-exports of the runtime). */
  readonly exports: readonly Export[];
}

/** What declares a payload type: a named schema, or the message whose payload is written inline. */
export type PayloadDeclaration = { schema: string } | { message: string };

export function payloadDeclaration(message: WsMessageModel): PayloadDeclaration {
  return message.payload.kind === 'ref' ? { schema: message.payload.schema } : { message: message.key };
}

function declarationKey(declaration: PayloadDeclaration): string {
  return 'schema' in declaration ? `schema ${declaration.schema}` : `message ${declaration.message}`;
}

/**
 * Claims the WebSocket names, in this order: the schemas, the payloads messages write inline (after the message's
 * key), the objects directly in each payload, each channel's subscribe params, the module's own names, the order
 * books (`claimBooks`), the local names of every runtime export, then the names `previous` gave (kept where they
 * differ and are free).
 */
export function claimWs(
  table: NameTable,
  scopes: Scopes,
  model: WsModel,
  runtime: RuntimeSurface,
  product: ProductModules,
  previous?: WsNames,
): WsNames {
  const { ws } = scopes;
  const schemas = new Map(
    model.schemas.map((s) => [s.specName, table.claim(ws, `WebSocket schema ${s.specName}`, pascalCase(s.specName))]),
  );
  const inline = new Map(
    model.messages
      .filter((m) => m.payload.kind !== 'ref')
      .map((m) => [m.key, table.claim(ws, `payload ${m.key}`, pascalCase(m.key))]),
  );
  const payload = (m: WsMessageModel) =>
    m.payload.kind === 'ref' ? found(schemas, m.payload.schema, 'schema') : found(inline, m.key, 'payload');

  const types = new Map(model.schemas.map((s) => [s.specName, s.type]));
  const members = new Map<string, { declaration: PayloadDeclaration; list: PayloadMember[] }>();
  for (const m of model.messages) {
    const declaration = payloadDeclaration(m);
    const key = declarationKey(declaration);
    if (members.has(key)) continue;
    const owner = payload(m);
    const list = objectMembers('schema' in declaration ? types.get(declaration.schema) : m.payload).map(
      ({ property, items }): PayloadMember => ({
        property,
        items,
        name: table.claim(ws, `member ${key}.${property}`, pascalCase(`${owner}_${property}${items ? '_item' : ''}`)),
      }),
    );
    members.set(key, { declaration, list });
  }
  const allMembers = [...members.values()].flatMap((m) => m.list);

  const subscribeParams = new Map(
    model.channels
      .filter((c) => c.subscribeParams)
      .map((c) => [c.name, table.claim(ws, `subscribe params ${c.name}`, pascalCase(`${c.name}_subscribe_params`))]),
  );
  const own = Object.fromEntries(
    Object.entries(wsModuleNames(product)).map(([key, { name }]) => [key, table.claim(ws, `own ${key}`, name)]),
  ) as WsNames['own'];
  const books = claimBooks(table, ws, model.channels);
  const runtimeNames = claimRuntimeLocals(table, ws, runtime);

  const previousSchemas = claimPrevious(table, ws, 'WebSocket schema', schemas, previous?.schema);
  const messages = new Map(model.messages.map((m) => [m.key, m]));
  const previousPayloads = claimPrevious(
    table,
    ws,
    'payload',
    inline,
    previous && ((key) => previous.payload(messages.get(key)!)),
  );
  for (const { declaration, list } of members.values()) {
    const before = previous?.members(declaration);
    for (const member of list) {
      const name = before?.find((m) => m.property === member.property)?.name;
      if (name !== undefined && name !== member.name) {
        const what = `previous name of member ${declarationKey(declaration)}.${member.property}`;
        member.previous = table.claimIfFree(ws, what, name);
      }
    }
  }
  const previousParams = claimPrevious(table, ws, 'subscribe params', subscribeParams, previous?.subscribeParams);

  const value = (specName: string) => declaresValue(types.get(specName)!);
  const exports: Export[] = [
    ...[...schemas].map(([specName, name]) => ({ name, typeOnly: !value(specName) })),
    ...[...inline.values(), ...allMembers.map((m) => m.name), ...subscribeParams.values()].map((name) => ({
      name,
      typeOnly: true,
    })),
    ...Object.entries(wsModuleNames(product)).map(([key, { typeOnly }]) => ({
      name: own[key as keyof typeof own],
      typeOnly,
    })),
    ...books.flatMap((b) => [
      { name: b.shape, typeOnly: false },
      { name: b.message, typeOnly: true },
      { name: b.book, typeOnly: false },
      { name: b.books, typeOnly: false },
    ]),
    ...[...previousSchemas].map(([specName, name]) => ({ name, typeOnly: !value(specName) })),
    ...[
      ...previousPayloads.values(),
      ...allMembers.flatMap((m) => (m.previous ? [m.previous] : [])),
      ...previousParams.values(),
    ].map((name) => ({ name, typeOnly: true })),
  ];
  return {
    schema: (specName) => found(schemas, specName, 'WebSocket schema'),
    payload,
    members: (declaration) => members.get(declarationKey(declaration))?.list ?? [],
    subscribeParams: (channel) => found(subscribeParams, channel, 'subscribe params of channel'),
    books,
    own,
    runtime: runtimeNames,
    specifier: (path) => moduleSpecifier(product.dir, path),
    previous: {
      schema: (specName) => previousSchemas.get(specName),
      payload: (messageKey) => previousPayloads.get(messageKey),
      subscribeParams: (channel) => previousParams.get(channel),
    },
    exports,
  };
}

/** Every name the module declares besides the spec's: its fixed ones, and those with the product's prefix. */
export function wsModuleNames(product: {
  subscription: string;
  webSocket: string;
}): Record<keyof WsNames['own'], Export> {
  return {
    ...WS_MODULE_NAMES,
    subscription: { name: product.subscription, typeOnly: true },
    client: { name: product.webSocket, typeOnly: false },
  };
}

/**
 * Claims the order books of the channels that keep one (`WsSubscriptionModel.book`): one set of names per distinct
 * shape, for the channels of that shape. When every book channel has one shape (every spec so far), its books
 * take the runtime's names, `OrderBook` and `OrderBooks`, with `ORDER_BOOK_SHAPE` and `OrderBookMessage`, so that
 * `new OrderBooks()` from the package reads the spec's books. With several shapes none can have them: each set is
 * named after its first channel (`ladder` → `LadderBook`, `LadderBooks`, `LADDER_BOOK_SHAPE`, `LadderBookMessage`),
 * and the runtime's classes keep their names.
 */
function claimBooks(table: NameTable, scope: string, channels: readonly WsChannelModel[]): BookNames[] {
  const byShape = new Map<string, string[]>();
  for (const { name, subscription } of channels) {
    if (!subscription?.book) continue;
    const key = JSON.stringify(subscription.book.shape);
    byShape.set(key, [...(byShape.get(key) ?? []), name]);
  }
  const single = byShape.size === 1;
  return [...byShape.values()].map((group) => {
    const what = `book ${group[0]}`;
    const [pascal, constant] = single ? ['Order', 'ORDER'] : [pascalCase(group[0]!), constantCase(group[0]!)];
    return {
      channels: group,
      shape: table.claim(scope, `${what} shape`, `${constant}_BOOK_SHAPE`),
      message: table.claim(scope, `${what} message`, `${pascal}BookMessage`),
      book: table.claim(scope, `${what} class`, `${pascal}Book`),
      books: table.claim(scope, `${what} classes`, `${pascal}Books`),
    };
  });
}

/** The properties of an object type that are objects, or arrays of objects, written inline. */
function objectMembers(type: TypeModel | undefined): { property: string; items: boolean }[] {
  if (type?.kind !== 'object') return [];
  return type.properties.flatMap((p) => {
    const items = p.type.kind === 'array';
    const object = p.type.kind === 'array' ? p.type.items : p.type;
    return object.kind === 'object' ? [{ property: p.name, items }] : [];
  });
}
