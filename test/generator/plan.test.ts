import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/errors.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import type { WsModel } from '../../generator/model/types.ts';
import { constantCase } from '../../generator/plan/identifiers.ts';
import { rootProduct } from '../../generator/products.ts';
import { NO_API, apiPlanFor, planFor, wsNamesFor } from '../helpers/plan.ts';
import { model, openapiDoc } from '../helpers/spec.ts';
import { addBookChannel, bookSpec, syntheticSpec, type BookSpecPatch } from '../ws/synthetic-spec.ts';

/*
 * The naming stage, given a model, wants these names: the claim order (spec names first, then the generator's own,
 * then the runtime's local names, then the previous release's as aliases) and the clash rules (docs/naming.md).
 */

const ok = (schema: object = { type: 'object' }) => ({
  '200': { description: 'ok', content: { 'application/json': { schema } } },
});
const get = (operationId: string, schema?: object) => ({ get: { operationId, responses: ok(schema) } });
const list = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'string' } }, cursor: { type: 'string' } },
};

const rest = model(
  openapiDoc({
    schemas: {
      // Runtime exports: the order book's side, the client facade's base class.
      BookSide: { type: 'string', enum: ['bid', 'ask'] },
      KalshiCore: { type: 'object', properties: { id: { type: 'string' } } },
      // One identifier for two schemas of the spec, and one the generator makes for an operation.
      foo_bar: { type: 'string' },
      FooBar: { type: 'integer' },
      GetThingParams: { type: 'string' },
    },
    paths: {
      '/thing': get('GetThing', { type: 'object', properties: { id: { type: 'string' } } }),
      '/thing/operation': get('GetThingOperation'),
      '/paginate': {
        get: {
          operationId: 'Paginate',
          parameters: [{ name: 'cursor', in: 'query', schema: { type: 'string' } }],
          responses: ok(list),
        },
      },
      '/request': get('Request'),
      '/request/operation': get('RequestOperation'),
    },
  }),
);

let ws: WsModel;
const wsWithBookSide = async () =>
  (ws ??= await buildWsModel(
    syntheticSpec((doc) => {
      doc.components.schemas.BookSide = { type: 'string', enum: ['bid', 'ask'] };
      doc.components.schemas.ServerMessage = { type: 'string' };
    }),
  ));

describe('REST names', () => {
  it("keeps a schema's spec name when the runtime exports it too, importing the runtime's under another", () => {
    const { rest: names } = planFor(rest);
    expect(['BookSide', 'KalshiCore'].map(names.schema)).toEqual(['BookSide', 'KalshiCore']);
    expect(names.runtime('KalshiCore')).toBe('RuntimeKalshiCore');
    expect(names.runtime('BookSide')).toBe('RuntimeBookSide');
    expect(names.runtime('ApiPromise')).toBe('ApiPromise');
  });

  it('adds a number only where the spec gives two things one name, or a made-up name meets a spec name', () => {
    const { rest: names } = planFor(rest);
    expect(['foo_bar', 'FooBar'].map(names.schema)).toEqual(['FooBar', 'FooBar2']);
    // The schema is the spec's: the operation's params type, the generator's, yields.
    expect(names.schema('GetThingParams')).toBe('GetThingParams');
    expect(names.operation('GetThing')).toMatchObject({ params: 'GetThingParams2', response: 'GetThingResponse' });
  });

  it('names operations `X` and `XOperation` apart: functions as their operationIds, the first descriptor yields', () => {
    const { rest: names } = planFor(rest);
    expect(names.operation('GetThing')).toMatchObject({ function: 'getThing', descriptor: 'getThingOperation2' });
    expect(names.operation('GetThingOperation')).toMatchObject({
      function: 'getThingOperation',
      descriptor: 'getThingOperationOperation',
    });
  });

  it("names a function like a runtime export (`paginate`) as its operationId; the module imports the runtime's renamed", () => {
    const plan = planFor(rest);
    expect(plan.rest.operation('Paginate').function).toBe('paginate');
    expect(plan.rest.runtime('paginate')).toBe('runtimePaginate');
    expect(plan.entry.preferred).toContainEqual({ name: 'paginate', module: 'operations.ts', typeOnly: false });
    expect(plan.entry.renamed).toContainEqual({
      name: 'paginate',
      as: 'runtimePaginate',
      module: 'runtime/index.ts',
      typeOnly: false,
    });
  });

  it("keeps the facade's methods clear of KalshiCore's members and of each other, and says why", () => {
    const { rest: names } = planFor(rest);
    expect(names.operation('Request')).toMatchObject({
      function: 'request',
      method: 'requestOperation',
      methodNote: 'Named `requestOperation`: `request` is a member of `KalshiCore`.',
    });
    expect(names.operation('RequestOperation')).toMatchObject({
      function: 'requestOperation',
      method: 'requestOperationOperation',
      methodNote: 'Named `requestOperationOperation`: `requestOperation` is the method of Request.',
    });
  });

  it('refuses two operationIds that give one function name, naming both', () => {
    const clash = model(openapiDoc({ paths: { '/a': get('GetX'), '/b': get('get_x') } }));
    expect(() => planFor(clash)).toThrow(
      new SpecError(
        'inline.yaml',
        '/paths/~1b/get/operationId',
        'operationId "get_x" gives the same function name "getX" as "GetX"',
      ),
    );
  });

  it('claims in the documented order: schemas, operation types, functions, descriptors, own, runtime, previous', () => {
    const kinds = planFor(rest)
      .table.of('rest')
      .map((c) => c.what.split(' ')[0]!);
    // Each kind in one run, but an operation's params type and response alias, claimed operation by operation.
    const runs = kinds.map((k) => (k === 'response' ? 'params' : k)).filter((k, i, all) => k !== all[i - 1]);
    expect(runs).toEqual(['schema', 'params', 'function', 'descriptor', 'own', 'runtime', 'previous']);
  });
});

describe('previous names', () => {
  it('keeps each renamed schema’s previous name (a suffix it had for a runtime clash) as an alias', () => {
    const { rest: names } = planFor(rest);
    expect(names.previousSchema('BookSide')).toBe('BookSide2');
    expect(names.previousSchema('KalshiCore')).toBe('KalshiCore2');
    // Names that did not change have no alias.
    expect(names.previousSchema('FooBar')).toBeUndefined();
  });

  it('keeps the WebSocket schema’s previous name, given after the REST one', async () => {
    const names = planFor(rest, await wsWithBookSide()).ws!;
    expect(names.schema('BookSide')).toBe('BookSide');
    expect(names.previous.schema('BookSide')).toBe('BookSide3');
  });
});

describe('WebSocket names', () => {
  it("keeps the spec's names in its module: the module's own names and the runtime's imports yield", async () => {
    const names = wsNamesFor(await wsWithBookSide());
    expect(['BookSide', 'ServerMessage', 'Subscription'].map(names.schema)).toEqual([
      'BookSide',
      'ServerMessage',
      'Subscription',
    ]);
    expect(names.own.serverMessage).toBe('ServerMessage2');
    expect(names.runtime('Subscription')).toBe('RuntimeSubscription');
    expect(names.runtime('KalshiWebSocketBase')).toBe('KalshiWebSocketBase');
  });

  it('names the objects directly in each payload after the payload and the property', async () => {
    const model = await buildWsModel(
      syntheticSpec((doc) => {
        doc.components.schemas.headlinePayloadMsg = { type: 'string' };
        doc.components.schemas.Subscription.properties.items = {
          type: 'array',
          items: { type: 'object', properties: { sid: { type: 'integer' } } },
        };
      }),
    );
    const names = wsNamesFor(model);
    const members = (declaration: { schema: string } | { message: string }) =>
      names.members(declaration).map((m) => `${m.property}${m.items ? '[]' : ''} ${m.name} ${m.previous ?? '-'}`);
    // The inline subscribe command's params: `SubscribeParams` is the runtime's too, which yields in this module.
    expect(members({ message: 'subscribe' })).toEqual(['params SubscribeParams SubscribeParams2']);
    expect(members({ schema: 'Subscription' })).toEqual([
      'msg SubscriptionMsg Subscription2Msg',
      'items[] SubscriptionItemsItem Subscription2ItemsItem',
    ]);
    // Merged from its allOf: the object is its own.
    expect(members({ schema: 'tickSnapshotPayload' })).toEqual(['msg TickSnapshotPayloadMsg -']);
    // The spec declares `headlinePayloadMsg`: the made-up name yields.
    expect(members({ schema: 'headlinePayload' })).toEqual(['msg HeadlinePayloadMsg2 -']);
  });
});

describe('constantCase', () => {
  // given a spec name, want the name of a constant
  it.each([
    ['orderbook_delta', 'ORDERBOOK_DELTA'],
    ['marketLifecycleV2', 'MARKET_LIFECYCLE_V2'],
    ['odds-v2.book', 'ODDS_V2_BOOK'],
    ['2fa', '_2FA'],
    ['---', '_'],
  ])('%s → %s', (given, want) => expect(constantCase(given)).toBe(want));
});

describe('order book names', () => {
  const plain = { shape: 'ORDER_BOOK_SHAPE', message: 'OrderBookMessage', book: 'OrderBook', books: 'OrderBooks' };
  // given an edit of the ladder spec (one bid/ask book channel), want the books the WebSocket module binds
  it.each<[string, BookSpecPatch, unknown[]]>([
    ['one book channel: the runtime’s names', () => {}, [{ channels: ['ladder'], ...plain }]],
    [
      'two channels of one shape: one set of books for both',
      (_s, _m, doc) => addBookChannel(doc, 'depth', ['sell', 'buy']),
      [{ channels: ['ladder', 'depth'], ...plain }],
    ],
    [
      'two shapes: each set named after its first channel',
      (_s, _m, doc) => {
        addBookChannel(doc, 'odds_v2', ['over', 'under']);
        addBookChannel(doc, 'depth', ['sell', 'buy']);
      },
      [
        {
          channels: ['ladder', 'depth'],
          shape: 'LADDER_BOOK_SHAPE',
          message: 'LadderBookMessage',
          book: 'LadderBook',
          books: 'LadderBooks',
        },
        {
          channels: ['odds_v2'],
          shape: 'ODDS_V2_BOOK_SHAPE',
          message: 'OddsV2BookMessage',
          book: 'OddsV2Book',
          books: 'OddsV2Books',
        },
      ],
    ],
    [
      'a schema of the spec named like a book class: the spec’s keeps it',
      (s) => (s.OrderBook = { type: 'string' }),
      [{ channels: ['ladder'], ...plain, book: 'OrderBook2' }],
    ],
    ['no book channel', (s) => (s.direction.enum = ['sell', 'buy', 'hold']), []],
  ])('%s', async (_, patch, want) => {
    const names = wsNamesFor(await buildWsModel(bookSpec(patch)));
    expect(names.books).toEqual(want);
  });

  it('imports the runtime’s classes under another name where the module binds their names', async () => {
    const names = wsNamesFor(await buildWsModel(bookSpec()));
    expect(['OrderBook', 'OrderBooks', 'BookShape'].map(names.runtime)).toEqual([
      'RuntimeOrderBook',
      'RuntimeOrderBooks',
      'BookShape',
    ]);
    const { entry } = planFor(NO_API, await buildWsModel(bookSpec()));
    expect(entry.renamed).toEqual(
      expect.arrayContaining([{ name: 'OrderBook', as: 'RuntimeOrderBook', module: 'ws/index.ts', typeOnly: false }]),
    );
  });
});

describe('the package entry', () => {
  it("exports the REST spec's name flat, the WebSocket spec's in the `ws` namespace, the runtime's renamed", async () => {
    const { entry } = planFor(rest, await wsWithBookSide());
    expect(entry.wsNamespace).toBe('ws');
    expect(entry.preferred).toContainEqual({ name: 'BookSide', module: 'types.ts', typeOnly: false });
    expect(entry.preferred).toContainEqual({ name: 'KalshiCore', module: 'types.ts', typeOnly: true });
    expect(entry.renamed).toEqual(
      expect.arrayContaining([
        { name: 'BookSide', as: 'RuntimeBookSide', module: 'ws/index.ts', typeOnly: true },
        { name: 'KalshiCore', as: 'RuntimeKalshiCore', module: 'runtime/index.ts', typeOnly: false },
        { name: 'Subscription', as: 'RuntimeSubscription', module: 'ws/index.ts', typeOnly: false },
      ]),
    );
    // A WebSocket name the REST spec does not have is the WebSocket spec's, flat: ws.ts hides the runtime's itself.
    expect(entry.preferred.map((e) => e.name)).not.toContain('Subscription');
  });

  it("names the entry points' own classes as always when no spec takes them", async () => {
    const { entry } = planFor(NO_API, await wsWithBookSide());
    expect(entry.own).toEqual({
      client: 'KalshiClient',
      createCore: 'createKalshiCore',
      webSocket: 'KalshiWebSocket',
      webSocketForPlatform: 'KalshiWebSocketForPlatform',
    });
    expect(entry.platform('nodePlatform')).toBe('nodePlatform');
  });

  it("renames the package's own name a spec takes, as it does the runtime's", () => {
    const { entry } = planFor(model(openapiDoc({ schemas: { KalshiClient: { type: 'string' } } })));
    expect(entry.own.client).toBe('RuntimeKalshiClient');
    expect(entry.wsNamespace).toBeUndefined();
  });
});

describe('a product other than the root one', () => {
  const other = { ...rootProduct(), id: 'lane', name: 'Lane', title: 'Lane exchange', entry: 'lane' };
  const doc = openapiDoc({
    schemas: { Order: { type: 'object', properties: { id: { type: 'string' } } } },
    paths: { '/orders': { get: { operationId: 'GetOrders', responses: { '204': { description: 'ok' } } } } },
  });

  it("takes its configured prefix for the names its modules declare, and sits in its entry's folder", async () => {
    const plan = planFor(model(doc), await buildWsModel(syntheticSpec()), other);
    expect(plan.dir).toBe('lane/');
    expect(plan.entry.own).toEqual({
      client: 'LaneClient',
      createCore: 'createLaneCore',
      webSocket: 'LaneWebSocket',
      webSocketForPlatform: 'LaneWebSocketForPlatform',
    });
    expect(plan.rest.clientBase).toBe('LaneClientBase');
    expect(plan.ws!.own.subscription).toBe('LaneSubscription');
    // Its modules import the shared runtime from the package's root.
    expect(plan.rest.specifier('runtime/core.ts')).toBe('../runtime/core.js');
    expect(plan.rest.specifier('lane/types.ts')).toBe('./types.js');
    expect(plan.entry.product.map((e) => [e.name, e.module])).toEqual([
      ['ENVIRONMENTS', 'lane/product.ts'],
      ['Environment', 'lane/product.ts'],
    ]);
  });

  it('has no previous names to keep: the previous release had only the root product', () => {
    expect(apiPlanFor(model(doc), other).previous).toBeUndefined();
    expect(apiPlanFor(model(doc)).previous).toBeDefined();
  });
});

describe("the client's own accountRateLimits", () => {
  it('keeps its name against an operation of that name, which gets another and says why', () => {
    const bucket = {
      type: 'object',
      required: ['refill_rate', 'bucket_capacity'],
      properties: { refill_rate: { type: 'integer' }, bucket_capacity: { type: 'integer' } },
    };
    const limits = {
      type: 'object',
      required: ['read', 'write'],
      properties: { read: bucket, write: bucket },
    };
    const json = (schema: object) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
    const paths = {
      '/limits': { get: { operationId: 'GetLimits', responses: json(limits) } },
      '/rate': { get: { operationId: 'AccountRateLimits', responses: json({ type: 'object' }) } },
    };
    const { rest } = planFor(model(openapiDoc({ paths })));
    expect(rest.accountRateLimits).toBe('accountRateLimits');
    const clashing = rest.operation('AccountRateLimits');
    expect(clashing.method).toBe('accountRateLimitsOperation');
    expect(clashing.methodNote).toContain('is the client’s own');
  });
});
