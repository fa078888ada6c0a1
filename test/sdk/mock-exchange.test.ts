import { generateKeyPairSync } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specYaml } from '../../generator/load/parse.ts';
import { REPO_ROOT } from '../../generator/defaults.ts';
import { SampleSynthesizer, type JsonValue } from '../../generator/model/samples.ts';
import type { ApiModel, OperationModel } from '../../generator/model/types.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';
import { openapiDoc } from '../helpers/spec.ts';

/*
 * The mock exchange shipped in the SDK (`kalshi-sdk/testing`), used as a bot's test would: started from the compiled
 * package, called through the generated client. Operations are picked from the model by their shape, never by name.
 */

type Sdk = Record<string, any>;
type Client = Record<string, (params?: object) => any>;

interface Generated {
  api: ApiModel;
  /** The client facade's method of an operation. */
  method: (op: OperationModel) => string;
  sdk: Sdk;
  testing: Sdk;
  cleanup: () => Promise<void>;
}

async function generated(name: string, specs: { openapi?: string; asyncapi?: string } = {}): Promise<Generated> {
  const { out, result, cleanup } = await generateForTest(name, specs);
  const load = async (file: string): Promise<Sdk> => await import(pathToFileURL(join(out, file)).href);
  return {
    api: result.api,
    method: (op) => result.plan.rest.operation(op.operationId).method,
    sdk: await load('dist/index.js'),
    testing: await load('dist/testing/index.js'),
    cleanup,
  };
}

/** A signing client of the generated SDK for `baseUrl`. */
function signedClient(sdk: Sdk, baseUrl: string, privateKey = testKeys.privateKeyPem): Client {
  return new sdk.KalshiClient({ baseUrl, apiKeyId: testKeys.keyId, privateKey, env: {}, maxRetries: 0 });
}

/** Values for an operation's required parameters, from their types, with `overrides` on top. */
function requiredParams(api: ApiModel, op: OperationModel, overrides: Record<string, unknown> = {}) {
  const synthesizer = new SampleSynthesizer(api.schemas, api.spec.location);
  const params: Record<string, unknown> = {};
  for (const p of op.parameters.filter((p) => p.required))
    params[p.name] = synthesizer.sample(p.type, { name: p.name });
  return { ...params, ...overrides };
}

/** Every value held under `key` anywhere in `value`. */
function valuesAt(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, key));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === key ? [v] : valuesAt(v, key)));
}

const hasPageSize = (op: OperationModel) => op.parameters.some((p) => p.in === 'query' && p.name === 'limit');

describe("the mock exchange of Kalshi's SDK", () => {
  let g: Generated;
  let exchange: any;

  beforeAll(async () => {
    g = await generated('mock-exchange');
    exchange = await g.testing.startMockExchange({ publicKey: testKeys.publicKeyPem });
  });
  afterAll(async () => {
    await exchange?.close();
    await g?.cleanup();
  });

  it('walks a list operation with `for await`: its three sample items, one page per item with limit 1', async () => {
    const op = g.api.operations.find((o) => o.pagination && hasPageSize(o))!;
    const field = op.pagination!.itemFields[0]!;
    const client = signedClient(g.sdk, exchange.restUrl);
    const items: unknown[] = [];
    for await (const item of client[g.method(op)]!(requiredParams(g.api, op, { limit: 1 }))) items.push(item);

    const synthesizer = new SampleSynthesizer(g.api.schemas, g.api.spec.location);
    const sample = synthesizer.sample(op.success.type!, { listFields: op.pagination!.itemFields }) as Record<
      string,
      JsonValue[]
    >;
    expect(items).toEqual(sample[field]);
    expect(new Set(items.map((item) => JSON.stringify(item))).size).toBe(3);
    const cursors = exchange.rest.requests
      .filter((r: { path: string }) => r.path === op.path)
      .map((r: { query: URLSearchParams }) => [r.query.get(op.pagination!.cursorParam), r.query.get('limit')]);
    expect(cursors).toEqual([
      [null, '1'],
      ['1', '1'],
      ['2', '1'],
    ]);
  });

  it('answers a path-parameter operation with the value requested in the fields named like the parameter', async () => {
    const synthesizer = new SampleSynthesizer(g.api.schemas, g.api.spec.location);
    const [op, param] = g.api.operations
      .filter((o) => o.method === 'GET' && o.success.type)
      .flatMap((o) => o.parameters.filter((p) => p.in === 'path').map((p) => [o, p] as const))
      .find(([o, p]) => valuesAt(synthesizer.sample(o.success.type!), p.name).length)!;
    const client = signedClient(g.sdk, exchange.restUrl);
    const answer = await client[g.method(op)]!(requiredParams(g.api, op, { [param.name]: 'KX-ECHO 1' }));
    const echoed = valuesAt(answer, param.name);
    expect(echoed.length).toBeGreaterThan(0);
    expect(new Set(echoed)).toEqual(new Set(['KX-ECHO 1']));
    expect(exchange.rest.requests.at(-1).url).toContain('KX-ECHO%201');
  });

  it('refuses a signed operation without a valid signature (401) and answers it with the key pair', async () => {
    const op = g.api.operations.find(
      (o) =>
        o.requiresAuth &&
        o.method === 'GET' &&
        o.success.type &&
        !o.pagination &&
        !o.parameters.some((p) => p.required),
    )!;
    const method = g.method(op);

    const unsigned = await fetch(`${exchange.restUrl}${op.path}`);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: { code: 'unauthorized', message: 'missing or invalid signature' } });

    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    });
    await expect(signedClient(g.sdk, exchange.restUrl, otherKey.toString())[method]!()).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 401,
    });

    const synthesizer = new SampleSynthesizer(g.api.schemas, g.api.spec.location);
    const answer = await signedClient(g.sdk, exchange.restUrl)[method]!();
    expect(answer).toEqual(synthesizer.sample(op.success.type!));
  });

  it('serves the WebSocket API beside it: a subscription to a channel is confirmed', async () => {
    const channel = Object.keys(g.sdk.WS_CHANNELS)[0]!;
    const ws = new g.sdk.KalshiWebSocket({
      wsUrl: exchange.wsUrl,
      apiKeyId: testKeys.keyId,
      privateKey: testKeys.privateKeyPem,
      env: {},
    });
    try {
      const subscription = await ws.subscribe(channel, { market_ticker: 'ticker-1' });
      expect(subscription.sid).toBeGreaterThan(0);
      expect(exchange.ws.subscriptions(channel)).toEqual([expect.objectContaining({ sid: subscription.sid, channel })]);
      expect(exchange.ws.handshakes.at(-1).valid).toBe(true);
      expect(new URL(exchange.wsUrl).pathname).toBe(new URL(g.sdk.ENVIRONMENTS.production.ws).pathname);
    } finally {
      await ws.close();
    }
  });

  it('lets a test replace a route', async () => {
    const op = g.api.operations.find((o) => o.method === 'GET' && !o.requiresAuth && !o.parameters.length)!;
    exchange.rest.route('GET', op.path, { json: { replaced: true } });
    expect(await signedClient(g.sdk, exchange.restUrl)[g.method(op)]!()).toEqual({ replaced: true });
  });
});

/*
 * A synthetic REST-only spec with what Kalshi's does not have: an integer path parameter, a cursor field of another
 * name, a page size with a default, an inline list response, a recursive schema, a map, a body-less 204, a
 * bearer-token operation, and a literal path declared after a template that matches it.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const syntheticSpec = {
  ...openapiDoc({
    schemas: {
      Price: { type: 'string', example: '1.2500' },
      Widget: {
        type: 'object',
        required: ['widget_id', 'name'],
        properties: {
          widget_id: { type: 'integer' },
          name: { type: 'string' },
          price: ref('Price'),
          parts: { type: 'array', items: ref('Widget') },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
    paths: {
      '/widgets': {
        get: {
          operationId: 'ListWidgets',
          parameters: [
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', default: 2 } },
          ],
          responses: {
            '200': {
              description: 'ok',
              ...json({
                type: 'object',
                required: ['widgets'],
                properties: { widgets: { type: 'array', items: ref('Widget') }, next_cursor: { type: 'string' } },
              }),
            },
          },
        },
        post: {
          operationId: 'CreateWidget',
          security: [{ key: [] }],
          requestBody: { required: true, ...json(ref('Widget')) },
          responses: { '201': { description: 'created', ...json(ref('Widget')) } },
        },
      },
      '/widgets/{widget_id}': {
        parameters: [{ name: 'widget_id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: {
          operationId: 'GetWidget',
          responses: {
            '200': { description: 'ok', ...json({ type: 'object', properties: { widget: ref('Widget') } }) },
          },
        },
        delete: { operationId: 'DeleteWidget', security: [{ key: [] }], responses: { '204': { description: 'gone' } } },
      },
      // A bearer token, not a signature: the mock must not refuse it for want of one.
      '/stock': {
        get: {
          operationId: 'GetStock',
          security: [{ token: [] }],
          responses: {
            '200': { description: 'ok', ...json({ type: 'object', properties: { count: { type: 'integer' } } }) },
          },
        },
      },
      // Declared after the template it also matches: the literal path must still win.
      '/widgets/summary': {
        get: {
          operationId: 'GetWidgetSummary',
          responses: {
            '200': { description: 'ok', ...json({ type: 'object', properties: { total: { type: 'integer' } } }) },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        key: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-KEY' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
  }),
  // Another base path than Kalshi's, where the mock must serve.
  servers: [{ url: 'https://widgets.example/widget-api/v9' }],
};

describe('the mock exchange of an SDK from a synthetic REST-only spec', () => {
  const dir = join(REPO_ROOT, '.test-output', `mock-exchange-spec-${process.pid}`);
  let g: Generated;
  let exchange: any;
  let client: Client;

  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'openapi.yaml'), specYaml(syntheticSpec));
    // No WebSocket spec: an SDK of the REST API alone.
    g = await generated('mock-exchange-synthetic', { openapi: join(dir, 'openapi.yaml'), asyncapi: '' });
    exchange = await g.testing.startMockExchange({ publicKey: testKeys.publicKeyPem });
    client = signedClient(g.sdk, exchange.restUrl);
  });
  afterAll(async () => {
    await exchange?.close();
    await g?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves under the server's base path, without a WebSocket mock", () => {
    expect(exchange.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/widget-api\/v9$/);
    expect(exchange.ws).toBeUndefined();
    expect(exchange.wsUrl).toBeUndefined();
  });

  it('pages by the default page size through the cursor field the spec names', async () => {
    const names: string[] = [];
    for await (const widget of client.listWidgets!()) names.push(widget.name);
    expect(names).toEqual(['name-1', 'name-2', 'name-3']);
    const pages = exchange.rest.requests.filter((r: { path: string }) => r.path === '/widgets');
    expect(pages.map((r: { query: URLSearchParams }) => r.query.get('cursor'))).toEqual([null, '2']);
    expect((await client.listWidgets!({ limit: 5 })).next_cursor).toBe('');
    expect((await fetch(`${exchange.restUrl}/widgets?cursor=abc`)).status).toBe(400);
  });

  it('answers a literal path with its own operation, not a template declared before it', async () => {
    expect(await client.getWidgetSummary!()).toEqual({ total: 1 });
  });

  it('echoes an integer path parameter as a number, with whole objects around it', async () => {
    const { widget } = await client.getWidget!({ widget_id: 42 });
    expect(widget).toEqual({
      widget_id: 42,
      name: 'name-1',
      price: '1.2500',
      // A part is another widget: the requested id is the outer one's alone.
      parts: [{ widget_id: 1, name: 'name-1' }],
      labels: { 'key-1': 'value-1' },
    });
  });

  it('answers body-less and created statuses, refusing unsigned requests where the spec wants a signature', async () => {
    expect((await fetch(`${exchange.restUrl}/widgets/7`, { method: 'DELETE' })).status).toBe(401);
    expect(await client.deleteWidget!({ widget_id: 7 }).withResponse()).toMatchObject({ status: 204 });
    const created = await client.createWidget!({ widget_id: 1, name: 'mine' }).withResponse();
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ widget_id: 1, name: 'name-1', price: '1.2500' });
  });

  it('checks signatures only where the spec wants one: a bearer operation answers the bearer client', async () => {
    const bearer = new g.sdk.KalshiClient({
      baseUrl: exchange.restUrl,
      adminUserId: 'admin',
      accessToken: 'token',
      env: {},
      maxRetries: 0,
    });
    expect(await bearer.getStock()).toEqual({ count: 1 });
    expect(exchange.rest.requests.at(-1)).toMatchObject({
      signatureValid: false,
      // The mock never keeps a token in its log.
      headers: { authorization: '[redacted]' },
    });
  });
});
