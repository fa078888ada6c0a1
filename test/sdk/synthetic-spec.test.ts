import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specYaml } from '../../generator/load/index.ts';
import { REPO_ROOT } from '../../generator/defaults.ts';
import type { GenerateResult } from '../../generator/pipeline.ts';
import { startMockServer, type MockServer } from '../../templates/testing/mock-server.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';
import { openapiDoc } from '../helpers/spec.ts';
import { syntheticSpec as syntheticWsSpec } from '../ws/synthetic-spec.ts';

/*
 * A compiled SDK from a small synthetic spec with what Kalshi's published specs do not have (yet): an operationId
 * that becomes a name JavaScript gives a meaning to (`Then`), header parameters next to path, query and body, an
 * optional body, decimal strings written inline (a query parameter, a response field, a WebSocket payload field)
 * rather than as a named schema, and names the runtime has too: schemas (`BookSide`, `KalshiCore`; the WebSocket spec
 * declares `BookSide` and `Subscription`), a function (`paginate`), operations `X` and `XOperation`.
 */

const ok = (schema: object = { type: 'object' }) => ({
  '200': { description: 'ok', content: { 'application/json': { schema } } },
});

const spec = openapiDoc({
  schemas: {
    BookSide: { type: 'string', enum: ['bid', 'ask'] },
    KalshiCore: { type: 'object', properties: { core: { type: 'string' } } },
  },
  paths: {
    '/then': { get: { operationId: 'Then', responses: ok() } },
    '/thing': { get: { operationId: 'GetThing', responses: ok({ $ref: '#/components/schemas/KalshiCore' }) } },
    '/thing/operation': { get: { operationId: 'GetThingOperation', responses: ok() } },
    '/pages': {
      get: {
        operationId: 'Paginate',
        parameters: [{ name: 'cursor', in: 'query', schema: { type: 'string' } }],
        responses: ok({
          type: 'object',
          properties: {
            sides: { type: 'array', items: { $ref: '#/components/schemas/BookSide' } },
            cursor: { type: 'string' },
          },
        }),
      },
    },
    '/things/{id}': {
      post: {
        operationId: 'AmendThing',
        security: [{ key: [] }],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'dry_run', in: 'query', schema: { type: 'boolean' } },
          { name: 'max_price', in: 'query', schema: { type: 'string', example: '0.5600' } },
          { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'X-Trace', in: 'header', schema: { type: 'array', items: { type: 'string' } } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', properties: { price: { type: 'string' } } } },
          },
        },
        responses: ok({ type: 'object', properties: { fee: { type: 'string', example: '0.0100' } } }),
      },
    },
    '/things/{id}/accept': {
      post: {
        operationId: 'AcceptThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          content: { 'application/json': { schema: { type: 'object', properties: { note: { type: 'string' } } } } },
        },
        responses: ok(),
      },
    },
  },
});

const wsSpec = syntheticWsSpec((doc) => {
  doc.channels.feed.messages.tick.payload.properties.price.example = '0.5600';
  doc.components.schemas.BookSide = { type: 'string', enum: ['yes', 'no'] };
});

type Sdk = Record<string, any>;
const dir = join(REPO_ROOT, '.test-output', `synthetic-spec-${process.pid}`);
let out: string;
let result: GenerateResult;
let cleanup: () => Promise<void>;
let server: MockServer;

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'openapi.yaml'), specYaml(spec));
  await writeFile(join(dir, 'asyncapi.json'), wsSpec.text);
  ({ out, result, cleanup } = await generateForTest('synthetic', {
    openapi: join(dir, 'openapi.yaml'),
    asyncapi: join(dir, 'asyncapi.json'),
  }));
  server = await startMockServer({ publicKey: testKeys.publicKeyPem, basePath: '/trade-api/v2' });
});
afterAll(async () => {
  await server?.close();
  await cleanup?.();
  await rm(dir, { recursive: true, force: true });
});

/** The package as a user gets it: `await import(...)`, which calls `then` when the module exports one. */
const importSdk = async (): Promise<Sdk> => await import(pathToFileURL(join(out, 'dist/index.js')).href);

const client = (sdk: Sdk) =>
  new sdk.KalshiClient({
    baseUrl: server.url,
    apiKeyId: testKeys.keyId,
    privateKey: testKeys.privateKeyPem,
    env: {},
  });

describe('an SDK from a synthetic spec', () => {
  it('operationId `Then`: the module and the client are not thenables, so awaiting them gives them back', async () => {
    const sdk = await importSdk();
    expect(sdk).not.toHaveProperty('then');
    expect(typeof sdk.then_).toBe('function');
    const kalshi = client(sdk);
    expect('then' in kalshi).toBe(false);
    // An async function returning the client resolves to the client itself.
    expect(await (async () => kalshi)()).toBe(kalshi);
    server.route('GET', '/then', { json: { called: true } });
    expect(await kalshi.then_()).toEqual({ called: true });
    expect(await sdk.then_(sdk.createKalshiCore({ baseUrl: server.url, env: {} }))).toEqual({ called: true });
  });

  it('sends header parameters under their spec names, signed, and never in the query or body', async () => {
    const sdk = await importSdk();
    server.route('POST', '/things/{id}', { json: {} });
    await client(sdk).amendThing({
      id: 'T 1',
      dry_run: false,
      'Idempotency-Key': 'key-1',
      'X-Trace': ['a', 'b'],
      price: '0.5600',
    });
    const seen = server.requests.at(-1)!;
    expect(seen.url).toBe('/trade-api/v2/things/T%201?dry_run=false');
    expect(seen.headers['idempotency-key']).toBe('key-1');
    expect(seen.headers['x-trace']).toBe('a,b');
    expect(seen.json).toEqual({ price: '0.5600' });
    expect(seen.signatureValid).toBe(true);

    const sent = server.requests.length;
    await expect(client(sdk).amendThing({ id: 'T1', price: '0.5600' })).rejects.toMatchObject({
      name: 'InvalidParameterError',
      operationId: 'AmendThing',
      parameter: 'Idempotency-Key',
    });
    expect(server.requests).toHaveLength(sent);
  });

  it('types inline decimal strings as DecimalString, importing it wherever used (else it would not compile)', () => {
    const source = (path: string) => result.files.get(`src/${path}`)!;
    expect(source('operations.ts')).toMatch(/\n {2}max_price\?: DecimalString;/);
    expect(source('operations.ts')).toMatch(/\n {2}fee\?: DecimalString;/);
    expect(source('ws.ts')).toMatch(/\n\s+price\?: DecimalString;/);
    for (const path of ['operations.ts', 'ws.ts']) {
      expect(source(path)).toContain("import type { DecimalString } from './runtime/fixed-point.js';");
    }
  });

  it('sends an optional body only when a field of it is given', async () => {
    const sdk = await importSdk();
    server.route('POST', '/things/{id}/accept', { json: {} });
    await client(sdk).acceptThing({ id: 'T1' });
    await client(sdk).acceptThing({ id: 'T2', note: 'fine' });
    const [without, withNote] = server.requests.slice(-2);
    expect(without!.body).toBe('');
    expect(without!.headers).not.toHaveProperty('content-type');
    expect(withNote!.json).toEqual({ note: 'fine' });
    expect(withNote!.headers['content-type']).toBe('application/json');
  });

  it("names what the spec declares as the spec does, reaching the runtime's namesakes under Runtime…", async () => {
    const sdk = await importSdk();
    // The REST spec's names are the package's; the WebSocket spec's namesake is in the `ws` namespace.
    expect(sdk.BookSide).toEqual({ bid: 'bid', ask: 'ask' });
    expect(sdk.ws.BookSide).toEqual({ yes: 'yes', no: 'no' });
    // The previous release's names stay, deprecated, for one release.
    expect(sdk.BookSide2).toBe(sdk.BookSide);
    expect(sdk.BookSide3).toBe(sdk.ws.BookSide);
    // The runtime's own classes, renamed where a spec took their name.
    const kalshi = client(sdk);
    expect(kalshi).toBeInstanceOf(sdk.RuntimeKalshiCore);
    expect(typeof sdk.RuntimeSubscription).toBe('function');
    expect(sdk.ws.KalshiWebSocket.prototype).toBeInstanceOf(sdk.KalshiWebSocketBase);
    // Said explicitly where two modules the entry re-exports whole have one name, as TypeScript requires.
    const entry = result.files.get('src/index.ts')!;
    expect(entry).toContain("export { BookSide, type KalshiCore } from './types.js';");
    expect(entry).toContain(
      "export { KalshiCore as RuntimeKalshiCore, paginate as runtimePaginate } from './runtime/index.js';",
    );
  });

  it('calls `paginate`, the operation, beside `runtimePaginate`, and both of `getThing` and `getThingOperation`', async () => {
    const sdk = await importSdk();
    server.route('GET', '/pages', (req) =>
      req.query.get('cursor') ? { json: { sides: ['ask'], cursor: '' } } : { json: { sides: ['bid'], cursor: 'c2' } },
    );
    const core = sdk.createKalshiCore({ baseUrl: server.url, env: {} });
    const sides: string[] = [];
    for await (const side of sdk.paginate(core)) sides.push(side);
    expect(sides).toEqual(['bid', 'ask']);
    expect(sdk.runtimePaginate).not.toBe(sdk.paginate);
    server.route('GET', '/thing', { json: { core: 'a' } });
    server.route('GET', '/thing/operation', { json: { core: 'b' } });
    expect([await client(sdk).getThing(), await client(sdk).getThingOperation()]).toEqual([
      { core: 'a' },
      { core: 'b' },
    ]);
  });
});
