import { randomUUID } from 'node:crypto';
import { basename, join, relative } from 'node:path';
import { Project, ts } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { SDK_COMPILER_OPTIONS } from '../helpers/compiler-options.ts';
import { REPO_ROOT, SPECS_DIR } from '../../generator/defaults.ts';
import { emitWsModule } from '../../generator/targets/typescript/emit/ws.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { publishedSpecFiles } from '../../generator/load/versions.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import type { WsModel } from '../../generator/model/types.ts';
import { readTemplates } from '../../generator/targets/typescript/templates.ts';
import { wsNamesFor } from '../helpers/plan.ts';
import { addBookChannel, bookSpec, syntheticSpec } from './synthetic-spec.ts';

/** A published spec that never changes, for exact expectations. */
const FIXED = '2026-04-09';
/** One with the channel-specific subscribe params of today (`use_yes_price`, `index_ids`). */
const PARAMS_SPEC = '2026-06-30';

const specs: { name: string; path: string }[] = [];
const models = new Map<string, WsModel>();
const modules = new Map<string, string>();

beforeAll(async () => {
  for (const path of publishedSpecFiles('asyncapi')) specs.push({ name: basename(path, '.yaml'), path });
  specs.push({ name: 'current', path: join(SPECS_DIR, 'asyncapi.yaml') });
  specs.push({ name: 'perps', path: join(SPECS_DIR, 'perps/asyncapi.yaml') });
  for (const spec of specs) {
    const model = await buildWsModel(await loadSpec(spec.path));
    models.set(spec.name, model);
    modules.set(spec.name, emit(model));
  }
  modules.set('synthetic', emit(await buildWsModel(syntheticSpec())));
  // Books of two shapes: a bid/ask `ladder` and a binary `odds`.
  modules.set(
    'books',
    emit(await buildWsModel(bookSpec((_s, _m, doc) => addBookChannel(doc, 'odds', ['over', 'under'])))),
  );
});

/** The WebSocket module of a model, unformatted. */
function emit(model: WsModel): string {
  return emitWsModule(model, wsNamesFor(model));
}

/**
 * Compile-time expectations for the fixed spec: exact channel → message typing, narrowing listeners, parameter
 * types derived from the command union. Each `@ts-expect-error` fails the check if the line compiles.
 */
const TYPE_ASSERTIONS = `
import type {
  ChannelMessages, ClientCommand, EventLifecyclePayload, KalshiSubscription, MarketLifecycleV2Payload,
  MultivariateMarketLifecyclePayload, OrderbookDeltaPayload, OrderbookSnapshotPayload, ServerMessage, WsErrorCode,
} from './ws-${FIXED}.js';
import { KalshiWebSocket, WS_CHANNELS, WS_ERROR_CODES } from './ws-${FIXED}.js';
import type { Platform } from './runtime/platform.js';
import type { Product } from './runtime/product.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

assertType<Equal<ChannelMessages['orderbook_delta'], OrderbookSnapshotPayload | OrderbookDeltaPayload>>();
assertType<Equal<ChannelMessages['market_lifecycle_v2'], MarketLifecycleV2Payload | EventLifecyclePayload>>();
assertType<Equal<ClientCommand['cmd'], 'subscribe' | 'unsubscribe' | 'update_subscription' | 'list_subscriptions'>>();
assertType<Equal<Extract<ServerMessage, { type: 'orderbook_delta' }>, OrderbookDeltaPayload>>();
assertType<Equal<MultivariateMarketLifecyclePayload['type'], 'multivariate_market_lifecycle'>>();
assertType<Equal<WsErrorCode, 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 | 22>>();
assertType<Equal<(typeof WS_CHANNELS)['orderbook_delta']['overflow'], 'error'>>();
const authError: string = WS_ERROR_CODES[9].name;

declare const platform: Platform;
declare const product: Product;
export async function usage(): Promise<void> {
  const ws = new KalshiWebSocket({}, platform, product);
  const sub = await ws.subscribe('orderbook_delta', { market_ticker: 'X' });
  assertType<Equal<typeof sub, KalshiSubscription<'orderbook_delta'>>>();
  sub.on('orderbook_delta', (m) => assertType<Equal<typeof m, OrderbookDeltaPayload>>());
  sub.on('*', (m) => assertType<Equal<typeof m, OrderbookSnapshotPayload | OrderbookDeltaPayload>>());
  // @ts-expect-error a ticker never arrives on an orderbook subscription
  sub.on('ticker', () => {});
  for await (const m of sub) {
    if (m.type === 'orderbook_snapshot') {
      const levels: string[][] | undefined = m.msg.yes_dollars_fp;
    } else {
      const price: string = m.msg.price_dollars;
    }
  }
  // @ts-expect-error not a channel
  await ws.subscribe('orderbook');
  // @ts-expect-error the client sets channels itself
  await ws.subscribe('ticker', { channels: ['ticker'] });
  await sub.update({ action: 'add_markets', market_tickers: ['Y'] });
  // @ts-expect-error not an update_subscription action
  await sub.update({ action: 'replace_markets' });
  ws.onMessage('error', (m) => {
    const code: number = m.msg.code;
  });
  await ws.command('list_subscriptions');
  // @ts-expect-error not a command of the spec
  await ws.command('subscribe_all');
}
`;

/**
 * Compile-time expectations for the order books each module binds to its spec's book shape: a book applies its own
 * channel's messages only, and answers for its own sides.
 */
const BOOK_ASSERTIONS = `
import { OrderBook, OrderBooks, ORDER_BOOK_SHAPE } from './ws-${FIXED}.js';
import type { OrderbookDeltaPayload, OrderbookSnapshotPayload } from './ws-${FIXED}.js';
import { OrderBook as BidAskBook, OrderBooks as BidAskBooks, ORDER_BOOK_SHAPE as BID_ASK_SHAPE } from './ws-perps.js';
import type { MarginOrderbookDeltaPayload, MarginOrderbookSnapshotPayload } from './ws-perps.js';
import { LadderBooks, OddsBook, OrderBooks as RuntimeBooks, type OddsBookMessage } from './ws-books.js';

declare const delta: OrderbookDeltaPayload;
declare const snapshot: OrderbookSnapshotPayload;
declare const bidAskDelta: MarginOrderbookDeltaPayload;
declare const bidAskSnapshot: MarginOrderbookSnapshotPayload;
declare const odds: OddsBookMessage;

const books = new OrderBooks();
const book: OrderBook = books.apply(snapshot.msg);
books.apply(delta.msg);
book.bestBid('yes');
const sides: readonly ['yes', 'no'] = ORDER_BOOK_SHAPE.sides;
const bidAsk: BidAskBook = new BidAskBooks().apply(bidAskSnapshot.msg);
new BidAskBook('X').apply(bidAskDelta.msg);
bidAsk.levels('ask');
const bidAskSides: readonly ['bid', 'ask'] = BID_ASK_SHAPE.sides;
// @ts-expect-error a bid/ask delta on a yes/no book
books.apply(bidAskDelta.msg);
// @ts-expect-error a yes/no delta on a bid/ask book
new BidAskBooks().apply(delta.msg);
// @ts-expect-error a yes/no delta on one market's bid/ask book
new BidAskBook('X').apply(delta.msg);
// @ts-expect-error a yes/no book has no bid side
book.levels('bid');
// @ts-expect-error the classes are bound to their spec's shape
new OrderBooks(ORDER_BOOK_SHAPE);
// Two shapes: each its own classes, named after its channel; the runtime's keep their names.
new OddsBook('X').apply(odds);
new LadderBooks();
// @ts-expect-error a binary odds message on the ladder's bid/ask books
new LadderBooks().apply(odds);
new RuntimeBooks();
`;

/**
 * Type-checks `files` (path under `src/` → text) beside the runtime templates, as the generated package lays them
 * out, and returns the diagnostics as `path:line message`, paths relative to `src/`.
 */
async function typeCheck(files: Map<string, string>): Promise<string[]> {
  const src = join(REPO_ROOT, `.generated-ws-typecheck-${randomUUID()}`, 'src');
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { ...SDK_COMPILER_OPTIONS, noEmit: true },
  });
  for (const [path, text] of await readTemplates(true)) project.createSourceFile(join(src, path), text);
  for (const [path, text] of files) project.createSourceFile(join(src, path), text);
  // The REST runtime under src/runtime/ belongs to the rest of the pipeline; its own tests cover it.
  const ours = (file: string) => !relative(src, file).startsWith('runtime');
  return project
    .getPreEmitDiagnostics()
    .filter((d) => !d.getSourceFile() || ours(d.getSourceFile()!.getFilePath()))
    .map(
      (d) =>
        `${relative(src, d.getSourceFile()?.getFilePath() ?? '')}:${d.getLineNumber()} ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, ' ')}`,
    );
}

describe('emitWsModule', () => {
  it('emits a module that type-checks, with the runtime, for every published spec (and synthetic ones)', async () => {
    const files = new Map([...modules].map(([name, text]) => [`ws-${name}.ts`, text]));
    files.set('assertions.ts', TYPE_ASSERTIONS);
    files.set('book-assertions.ts', BOOK_ASSERTIONS);
    expect(await typeCheck(files)).toEqual([]);
    expect(modules.size).toBe(specs.length + 2);
    expect(specs.length).toBeGreaterThanOrEqual(30);
  });

  it('gives each channel exactly its own subscribe params, and names their type in errors', async () => {
    const required = emit(
      await buildWsModel(
        syntheticSpec((doc) => doc.components.messages.subscribe.payload.properties.params.required.push('topic')),
      ),
    );
    // One statement a line: each problem is expected at its line.
    const usage = [
      `import type { Platform } from './runtime/platform.js'; import type { Product } from './runtime/product.js';`,
      `import { KalshiWebSocket } from './ws-${PARAMS_SPEC}.js';`,
      `import { KalshiWebSocket as RequiringWebSocket } from './ws-required.js';`,
      `declare const platform: Platform; declare const product: Product;`,
      `const ws = new KalshiWebSocket({}, platform, product);`,
      `void ws.subscribe('ticker', { use_yes_price: true });`,
      `void ws.subscribe('ticker', { index_ids: ['BRTI'] });`,
      `void ws.subscribe('cfbenchmarks_value', { market_tickers: ['X'] });`,
      `void ws.subscribe('ticker', { market_ids: ['X'], send_initial_snapshot: true });`,
      `void ws.subscribe('orderbook_delta', { market_tickers: ['X'], use_yes_price: true });`,
      `void ws.subscribe('cfbenchmarks_value', { index_ids: ['BRTI'] }, { bufferSize: 10 });`,
      `void ws.subscribe('fill');`,
      `const requiring = new RequiringWebSocket({}, platform, product);`,
      `void requiring.subscribe('news');`,
      `void requiring.subscribe('news', { topic: 'x' });`,
    ].join('\n');
    const problems = await typeCheck(
      new Map([
        [`ws-${PARAMS_SPEC}.ts`, modules.get(PARAMS_SPEC)!],
        ['ws-required.ts', required],
        ['usage.ts', usage],
      ]),
    );
    const unknown = (param: string, type: string) =>
      `Object literal may only specify known properties, and '${param}' does not exist in type '${type}'.`;
    expect(problems).toEqual([
      `usage.ts:6 ${unknown('use_yes_price', 'TickerSubscribeParams')}`,
      `usage.ts:7 ${unknown('index_ids', 'TickerSubscribeParams')}`,
      `usage.ts:8 ${unknown('market_tickers', 'CfbenchmarksValueSubscribeParams')}`,
      'usage.ts:14 Expected 2-3 arguments, but got 1.',
    ]);
  });

  it('names every message and the objects directly in it, so that type errors spell out no structure', async () => {
    const usage = [
      `import type { KalshiSubscription, KalshiWebSocket } from './ws-${FIXED}.js';`,
      `declare const ws: KalshiWebSocket;`,
      `declare const book: KalshiSubscription<'orderbook_delta'>;`,
      `export async function misuse(): Promise<void> {`,
      `  for await (const m of book) { const n: number = m; }`,
      `  for await (const m of book) { const n: number = m.msg; }`,
      `  book.on('orderbook_delta', (m) => { const n: number = m.msg; });`,
      `  ws.onMessage('ok', (m) => { const n: number = m.msg; });`,
      `  const reply: number = await ws.command('list_subscriptions');`,
      `}`,
    ].join('\n');
    const problems = await typeCheck(
      new Map([
        [`ws-${FIXED}.ts`, modules.get(FIXED)!],
        ['usage.ts', usage],
      ]),
    );
    const types = problems.map((p) => /^usage\.ts:(\d+) Type '([^']*)' is not assignable to type 'number'\./.exec(p));
    expect(types.map((t) => t?.[1])).toEqual(['5', '6', '7', '8', '9']);
    const named = types.map((t) => new Set(t![2]!.split(' | ')));
    expect(named).toEqual([
      new Set(['OrderbookSnapshotPayload', 'OrderbookDeltaPayload']),
      new Set(['OrderbookSnapshotPayloadMsg', 'OrderbookDeltaPayloadMsg']),
      new Set(['OrderbookDeltaPayloadMsg']),
      new Set(['OkResponsePayloadMsg', 'ListSubscriptionsResponsePayloadMsgItem[]', 'undefined']),
      new Set(['ServerMessage']),
    ]);
  });

  it('is deterministic', () => {
    const model = models.get(FIXED)!;
    expect(emit(model)).toBe(modules.get(FIXED));
  });

  it('derives sequencing, books and overflow policies from the spec, not from channel names', () => {
    const text = modules.get(FIXED)!;
    const channels = /export const WS_CHANNELS = \{([\s\S]*?)\} as const/.exec(text)![1]!;
    const entry = (name: string) => new RegExp(`\\b${name}: \\{([^}]*)\\}`).exec(channels)?.[1];
    expect(entry('orderbook_delta')).toContain(
      'snapshotTypes: ["orderbook_snapshot"], sequenced: true, overflow: "error"',
    );
    expect(entry('order_group_updates')).toContain('sequenced: true, overflow: "error"');
    for (const feed of ['ticker', 'trade', 'market_lifecycle_v2'])
      expect(entry(feed)).toContain('sequenced: false, overflow: "drop-oldest"');
    for (const own of ['fill', 'user_orders', 'market_positions', 'communications'])
      expect(entry(own)).toContain('sequenced: false, overflow: "error"');
    // Connection-level channels carry commands and replies, not subscriptions.
    expect(entry('root')).toBeUndefined();
    expect(entry('control_frames')).toBeUndefined();
  });

  it('lists every server message type, and the error table as a typed constant', () => {
    const model = models.get('current')!;
    const text = modules.get('current')!;
    for (const m of model.messages.filter((m) => m.direction === 'server' && m.discriminator)) {
      for (const value of m.discriminator!.values)
        expect(text).toMatch(new RegExp(`WS_SERVER_MESSAGE_TYPES = \\[[^\\]]*"${value}"`));
    }
    for (const e of model.errorCodes) expect(text).toContain(`${e.code}: { name: ${JSON.stringify(e.name)}`);
  });
});
