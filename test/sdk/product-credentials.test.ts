import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleSynthesizer } from '../../generator/model/samples.ts';
import type { ApiModel, OperationModel } from '../../generator/model/types.ts';
import type { ProductResult } from '../../generator/pipeline.ts';
import { foundProductSpecs } from '../../generator/products.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';
import { thrownBy } from '../helpers/thrown.ts';

/*
 * Each product's credentials, end to end: the package generated for Perps and Klear, their mock exchanges started
 * from the compiled `kalshi-sdk/testing`, called through the generated clients. Operations are picked from the model
 * by their credential and shape, never by name.
 */

type Sdk = Record<string, any>;
type Client = Record<string, (params?: object) => Promise<unknown>>;

const ADMIN_USER_ID = 'admin-4711';
const ACCESS_TOKEN = 'tok_5e4d3c2b1a0f9e8d7c6b';
const bearer = { adminUserId: ADMIN_USER_ID, accessToken: ACCESS_TOKEN };
const signing = { apiKeyId: testKeys.keyId, privateKey: testKeys.privateKeyPem };

let out: string;
let products: ProductResult[];
let cleanup: () => Promise<void>;
let testing: Sdk;
const load = async (file: string): Promise<Sdk> => await import(pathToFileURL(join(out, file)).href);

beforeAll(async () => {
  const generated = await generateForTest('product-credentials', {
    products: foundProductSpecs().filter(({ product }) => ['perps', 'klear'].includes(product.id)),
  });
  ({ out, cleanup } = generated);
  products = generated.result.products;
  testing = await load('dist/testing/index.js');
});
afterAll(() => cleanup?.());

function product(id: string): ProductResult {
  return products.find((p) => p.product.id === id)!;
}

/** The client method of an operation, and params for it: its required parameters and, for a body, a sample one. */
function call(result: ProductResult, op: OperationModel): { method: string; params: Record<string, unknown> } {
  const api: ApiModel = result.api;
  const synthesizer = new SampleSynthesizer(api.schemas, api.spec.location);
  const params: Record<string, unknown> = {};
  for (const p of op.parameters.filter((p) => p.required))
    params[p.name] = synthesizer.sample(p.type, { name: p.name });
  if (op.requestBody?.required) {
    const body = synthesizer.sample(op.requestBody.type) as Record<string, unknown>;
    Object.assign(params, op.requestBody.fields ? body : { body });
  }
  return { method: result.plan.rest.operation(op.operationId).method, params };
}

/** Everything a value shows when logged, serialised or thrown. */
function shown(value: unknown): string {
  const text = inspect(value, { depth: Infinity, showHidden: true });
  return value instanceof Error ? `${text} ${value.message} ${value.stack}` : text;
}

describe('Klear: bearer credentials through the generated KlearClient and its mock', () => {
  let klear: Sdk;
  let exchange: any;
  let ops: OperationModel[];

  beforeAll(async () => {
    klear = await load('dist/klear/index.js');
    // With a public key too: an operation the mock took for a signed one would answer 401 to a bearer request.
    exchange = await testing.klear.startMockExchange({ bearer, publicKey: testKeys.publicKeyPem });
    ops = product('klear').api.operations.filter((op) => op.auth === 'bearer');
    expect(ops.length).toBeGreaterThan(0);
  });
  afterAll(() => exchange?.close());

  const client = (options: object = {}): Client =>
    new klear.KlearClient({ baseUrl: exchange.restUrl, env: {}, maxRetries: 0, ...options });

  it('sends every bearer operation exactly the bearer token and no KALSHI-ACCESS-* header, even with an API key', async () => {
    const hooked: { headers: Record<string, string> }[] = [];
    const recorder = testing.recordingTransport(klear.undiciTransport());
    const both = client({
      ...bearer,
      ...signing,
      transport: recorder.transport,
      onRequest: (info: any) => hooked.push(info),
    });
    exchange.rest.requests.length = 0;
    for (const op of ops) {
      const { method, params } = call(product('klear'), op);
      await expect(both[method]!(params), op.operationId).resolves.toBeDefined();
    }
    const requests = exchange.rest.requests;
    expect(requests.map((r: any) => `${r.method} ${r.path}`)).toEqual(ops.map((op) => `${op.method} ${op.path}`));
    for (const request of requests) {
      expect(request.bearerValid).toBe(true);
      expect(Object.keys(request.headers).filter((h) => h.startsWith('kalshi-access-'))).toEqual([]);
    }
    expect(hooked.map((info) => info.headers.authorization)).toEqual(ops.map(() => '[redacted]'));
    const recorded = recorder.recording().exchanges;
    expect(recorded.map((e: any) => e.request.headers.authorization)).toEqual(ops.map(() => '[redacted]'));
    for (const text of [shown(hooked), shown(recorded), shown(requests), JSON.stringify(recorded), shown(both)])
      expect(text).not.toContain(ACCESS_TOKEN);
  });

  it('never reads an API key: a client given an unusable private key builds and sends the bearer token alone', async () => {
    const { method, params } = call(product('klear'), ops[0]!);
    const withJunkKey = client({ ...bearer, apiKeyId: testKeys.keyId, privateKey: 'not a PEM' });
    await expect(withJunkKey[method]!(params)).resolves.toBeDefined();
    expect(exchange.rest.requests.at(-1).bearerValid).toBe(true);
  });

  it('answers 401 to a wrong token, and the error holds neither token', async () => {
    const { method, params } = call(product('klear'), ops[0]!);
    const error = await client({ ...bearer, accessToken: 'tok_wrong' })[method]!(params).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AuthenticationError', status: 401 });
    expect(exchange.rest.requests.at(-1).bearerValid).toBe(false);
    expect(shown(error)).not.toContain('tok_wrong');
    expect(shown(exchange.rest.requests)).not.toContain('tok_wrong');
  });

  it('refuses, before sending, an operation without bearer credentials, naming it and what to set', async () => {
    exchange.rest.requests.length = 0;
    const withKeyOnly = client(signing);
    for (const op of ops) {
      const { method, params } = call(product('klear'), op);
      const error = await withKeyOnly[method]!(params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(klear.AuthRequiredError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^${op.operationId} requires authentication: .*adminUserId and accessToken.*KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN`,
        ),
      );
    }
    expect(exchange.rest.requests).toEqual([]);
  });

  // given malformed credentials (options or environment), want a ConfigError at construction that never shows them
  it.each([
    [{ accessToken: ACCESS_TOKEN }, 'adminUserId is missing'],
    [{ env: { KALSHI_ACCESS_TOKEN: ACCESS_TOKEN } }, 'adminUserId is missing'],
    [{ adminUserId: `${ADMIN_USER_ID}:${ACCESS_TOKEN}`, accessToken: ACCESS_TOKEN }, 'adminUserId contains ":"'],
    [{ adminUserId: ADMIN_USER_ID, accessToken: ` ${ACCESS_TOKEN}` }, 'accessToken contains whitespace'],
    [
      { env: { KALSHI_ADMIN_USER_ID: ADMIN_USER_ID, KALSHI_ACCESS_TOKEN: `${ACCESS_TOKEN}\n` } },
      'KALSHI_ACCESS_TOKEN contains whitespace',
    ],
  ])('refuses malformed credentials at construction: %j', (given, want) => {
    const error = thrownBy(() => client(given));
    expect(error).toBeInstanceOf(klear.ConfigError);
    expect((error as Error).message).toContain(`bearer credentials: ${want}`);
    expect(shown(error)).not.toContain(ACCESS_TOKEN);
    expect(shown(error)).not.toContain(ADMIN_USER_ID);
  });

  it('documents a bearer operation as taking the bearer token, not a signature', async () => {
    const source = await readFile(join(out, 'src/klear/operations.ts'), 'utf8');
    for (const op of ops)
      expect(source).toContain(`\`${op.method} ${op.path}\` · requires authentication (bearer token) ·`);
    expect(source).not.toContain('signed request');
  });
});

describe('Perps: signed requests through the generated PerpsClient and its mock', () => {
  let perps: Sdk;
  let exchange: any;

  beforeAll(async () => {
    perps = await load('dist/perps/index.js');
    exchange = await testing.perps.startMockExchange({ publicKey: testKeys.publicKeyPem });
  });
  afterAll(() => exchange?.close());

  it('answers a signed operation signed with the right key, and 401 to another key', async () => {
    const result = product('perps');
    const op = result.api.operations.find((o) => o.auth === 'signed' && o.method === 'GET' && o.success.type)!;
    const { method, params } = call(result, op);
    const client = (privateKey: string): Client =>
      new perps.PerpsClient({
        baseUrl: exchange.restUrl,
        apiKeyId: testKeys.keyId,
        privateKey,
        env: {},
        maxRetries: 0,
      });

    await expect(client(testKeys.privateKeyPem)[method]!(params)).resolves.toBeDefined();
    expect(exchange.rest.requests.at(-1).signatureValid).toBe(true);

    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    await expect(client(otherKey)[method]!(params)).rejects.toMatchObject({ name: 'AuthenticationError', status: 401 });
    expect(exchange.rest.requests.at(-1).signatureValid).toBe(false);
  });
});
