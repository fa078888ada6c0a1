import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPENAPI } from '../../generator/defaults.ts';
import { loadSpec, resolvePointer } from '../../generator/load/index.ts';
import { buildApiModel } from '../../generator/model/openapi.ts';
import type { OperationModel } from '../../generator/model/types.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';
import { typeViolations } from './conforms.ts';
import { startPrism, type Prism } from './prism.ts';
import { sampleValue } from './sample.ts';

/**
 * Contract tests against a third-party mock: Stoplight Prism serves the pinned openapi.yaml and rejects any request
 * that breaks it (parameters, body, security headers). Every GET, and every POST/PUT/DELETE, goes through the
 * generated client, signed; Prism must accept each one and each response must parse into the generated type.
 */

type Sdk = typeof import('../../generated/src/index.ts');
type AnyClient = Record<
  string,
  (params?: object, options?: object) => { withResponse(): Promise<{ status: number; data: unknown }> }
>;

const spec = await loadSpec(DEFAULT_OPENAPI);
const api = buildApiModel(spec);
const reads = api.operations.filter((op) => op.method === 'GET');
const writes = api.operations.filter((op) => op.method === 'POST' || op.method === 'PUT' || op.method === 'DELETE');

let prism: Prism;
let sdk: Sdk;
/** The client facade's method of an operation. */
let methodOf: (op: OperationModel) => string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const [generated, started] = await Promise.all([generateForTest('contract-prism'), startPrism(DEFAULT_OPENAPI)]);
  prism = started;
  cleanup = generated.cleanup;
  methodOf = (op) => generated.result.plan.rest.operation(op.operationId).method;
  sdk = (await import(pathToFileURL(join(generated.out, 'src/index.ts')).href)) as Sdk;
});
afterAll(async () => {
  await prism?.stop();
  await cleanup?.();
});

function signedClient(): InstanceType<Sdk['KalshiClient']> {
  // Prism serves the spec's paths at its root; a retry would hide a rejected request, so there are none.
  return new sdk.KalshiClient({
    baseUrl: prism.url,
    apiKeyId: testKeys.keyId,
    privateKey: testKeys.privateKeyPem,
    env: {},
    maxRetries: 0,
  });
}

/** Valid arguments for an operation, from its parameters' and body's schemas in the spec. */
function validParams(op: OperationModel): Record<string, unknown> {
  const raw = resolvePointer(spec.document, op.pointer) as { parameters?: unknown[]; requestBody?: unknown };
  const params: Record<string, unknown> = {};
  for (const entry of raw.parameters ?? []) {
    const parameter = deref(entry) as { name: string; schema?: unknown; example?: unknown };
    params[parameter.name] = parameter.example ?? sampleValue(parameter.schema, spec.document);
  }
  if (op.requestBody) {
    const content = (deref(raw.requestBody) as { content: Record<string, { schema: unknown }> }).content;
    const body = sampleValue(content[op.requestBody.contentType]!.schema, spec.document);
    if (op.requestBody.fields) Object.assign(params, body);
    else params.body = body;
  }
  return params;
}

function deref(node: unknown): unknown {
  const ref = (node as { $ref?: string }).$ref;
  return ref ? resolvePointer(spec.document, ref.slice(1)) : node;
}

async function callAndCheck(op: OperationModel): Promise<void> {
  const client = signedClient() as unknown as AnyClient;
  const params = validParams(op);
  const response = await client[methodOf(op)]!(params)
    .withResponse()
    .catch((error: { body?: unknown; message: string }) => {
      throw new Error(
        `Prism rejected ${op.operationId} with ${JSON.stringify(params)}: ${error.message} ${JSON.stringify(error.body ?? '')}`,
      );
    });
  expect(response.status).toBeGreaterThanOrEqual(200);
  expect(response.status).toBeLessThan(300);
  if (op.success.type) expect(typeViolations(response.data, op.success.type, api.schemas)).toEqual([]);
  else expect(response.data).toBeUndefined();
}

describe('contract: generated client against Prism', () => {
  it('covers every GET, and a POST, PUT and DELETE for every tag that has them', () => {
    expect(reads.length).toBeGreaterThan(50);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const tags = new Set(api.operations.filter((op) => op.method === method).flatMap((op) => op.tags));
      for (const tag of tags)
        expect(
          writes.some((op) => op.method === method && op.tags.includes(tag)),
          `${method} ${tag}`,
        ).toBe(true);
    }
  });

  it('Prism does reject what the spec forbids, so an accepted call means something', async () => {
    const anonymous = new sdk.KalshiClient({ baseUrl: prism.url, env: {}, maxRetries: 0 });
    const unsigned = await anonymous
      .request({ id: 'GetBalance', method: 'GET', path: '/portfolio/balance', auth: false })
      .catch((e: unknown) => e);
    expect(unsigned).toMatchObject({ status: 401 });
    const outOfRange = await signedClient()
      .getEvents({ limit: 0 })
      .catch((e: unknown) => e);
    expect(outOfRange).toMatchObject({ status: 400 });
  });

  it('the type check catches a body that does not fit the generated type', async () => {
    const page = (await signedClient().getMarkets({ limit: 1 })) as unknown as { markets: Record<string, unknown>[] };
    const market = api.operations.find((op) => op.operationId === 'GetMarkets')!.success.type!;
    expect(typeViolations(page, market, api.schemas)).toEqual([]);
    expect(typeViolations({ ...page, markets: [{ ...page.markets[0], ticker: 42 }] }, market, api.schemas)).toEqual([
      expect.stringContaining('$.markets[0].ticker: expected a string'),
    ]);
  });

  it.each(reads.map((op) => [op.operationId, op] as const))('GET %s', async (_, op) => {
    await callAndCheck(op);
  });

  it.each(writes.map((op) => [`${op.method} ${op.operationId}`, op] as const))('%s', async (_, op) => {
    await callAndCheck(op);
  });

  it('auto-paging through the facade: a mock that repeats its cursor is stopped by the loop guard', async () => {
    const markets = signedClient().getMarkets({ limit: 1 }, { maxPages: 1 });
    let count = 0;
    for await (const market of markets) count += market.ticker ? 1 : 0;
    expect(count).toBeGreaterThan(0);
    // Prism's static answer always carries a cursor, so one page is a truncation, and following it loops.
    expect(markets.truncated).toBe(true);
    const unlimited = signedClient().getMarkets({ limit: 1 }).pages();
    await expect(
      (async () => {
        for await (const page of unlimited) void page;
      })(),
    ).rejects.toMatchObject({ name: 'PaginationLoopError', operationId: 'GetMarkets', pageCount: 2 });
    expect(unlimited.pageCount).toBe(2);
  });
});
