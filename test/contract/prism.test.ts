import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, resolvePointer, type LoadedSpec } from '../../generator/load/index.ts';
import { buildApiModel } from '../../generator/model/openapi.ts';
import type { ApiModel, OperationModel } from '../../generator/model/types.ts';
import { productOwnNames } from '../../generator/plan/product.ts';
import { foundProductSpecs, isRootProduct, productDir, type ProductConfig } from '../../generator/products.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';
import { typeViolations } from './conforms.ts';
import { startPrism, type Prism } from './prism.ts';
import { sampleValue } from './sample.ts';

/**
 * Contract tests against a third-party mock: for every product whose specs are in the specs folder, Stoplight Prism
 * serves its pinned REST spec and rejects any request that breaks it (parameters, body, security headers). Every GET,
 * and every POST/PUT/DELETE, goes through that product's generated client with the credentials its operations take
 * (signed, or a bearer token); Prism must accept each one and each response must parse into the generated type.
 */

type AnyClient = Record<
  string,
  (params?: object, options?: object) => { withResponse(): Promise<{ status: number; data: unknown }> }
>;
type ClientClass = new (options: object) => AnyClient & {
  request(spec: object): Promise<unknown>;
};

interface ProductUnderTest {
  product: ProductConfig;
  openapi: string;
  spec: LoadedSpec;
  api: ApiModel;
  reads: OperationModel[];
  writes: OperationModel[];
  /** Set up in beforeAll. */
  prism?: Prism;
  Client?: ClientClass;
}

const products: ProductUnderTest[] = await Promise.all(
  foundProductSpecs().map(async ({ product, openapi }) => {
    const spec = await loadSpec(openapi);
    const api = buildApiModel(spec);
    return {
      product,
      openapi,
      spec,
      api,
      reads: api.operations.filter((op) => op.method === 'GET'),
      writes: api.operations.filter((op) => op.method === 'POST' || op.method === 'PUT' || op.method === 'DELETE'),
    };
  }),
);
const root = products.find((p) => isRootProduct(p.product))!;

/** The client facade's method of an operation. */
let methodOf: (product: ProductUnderTest, op: OperationModel) => string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const [generated, ...started] = await Promise.all([
    generateForTest('contract-prism', { products: products.map(({ product, openapi }) => ({ product, openapi })) }),
    ...products.map((p) => startPrism(p.openapi)),
  ]);
  cleanup = generated.cleanup;
  const plans = new Map(generated.result.products.map((r) => [r.product.id, r.plan]));
  methodOf = (p, op) => plans.get(p.product.id)!.rest.operation(op.operationId).method;
  for (const [i, p] of products.entries()) {
    p.prism = started[i];
    const entry = join(generated.out, 'src', productDir(p.product), 'index.ts');
    const module = (await import(pathToFileURL(entry).href)) as Record<string, ClientClass>;
    p.Client = module[productOwnNames(p.product).client];
  }
}, 300_000);
afterAll(async () => {
  await Promise.all(products.flatMap((p) => (p.prism ? [p.prism.stop()] : [])));
  await cleanup?.();
});

/**
 * The product's client against its Prism, with both kinds of credentials: each operation sends the one it takes.
 * Prism serves the spec's paths at its root; a retry would hide a rejected request, so there are none.
 */
function clientOf(p: ProductUnderTest): AnyClient & { request(spec: object): Promise<unknown> } {
  return new p.Client!({
    baseUrl: p.prism!.url,
    apiKeyId: testKeys.keyId,
    privateKey: testKeys.privateKeyPem,
    adminUserId: 'contract-admin',
    accessToken: 'contract-token',
    env: {},
    maxRetries: 0,
  });
}

/** Valid arguments for an operation, from its parameters' and body's schemas in the spec. */
function validParams({ spec }: ProductUnderTest, op: OperationModel): Record<string, unknown> {
  const deref = (node: unknown): unknown => {
    const ref = (node as { $ref?: string }).$ref;
    return ref ? resolvePointer(spec.document, ref.slice(1)) : node;
  };
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

async function callAndCheck(p: ProductUnderTest, op: OperationModel): Promise<void> {
  const params = validParams(p, op);
  const response = await clientOf(p)[methodOf(p, op)]!(params)
    .withResponse()
    .catch((error: { body?: unknown; message: string }) => {
      throw new Error(
        `Prism rejected ${op.operationId} with ${JSON.stringify(params)}: ${error.message} ${JSON.stringify(error.body ?? '')}`,
      );
    });
  expect(response.status).toBeGreaterThanOrEqual(200);
  expect(response.status).toBeLessThan(300);
  if (op.success.type) expect(typeViolations(response.data, op.success.type, p.api.schemas)).toEqual([]);
  else expect(response.data).toBeUndefined();
}

describe.each(products.map((p) => [p.product.title, p] as const))('contract: the %s’s client against Prism', (_, p) => {
  it('covers every GET, and a POST, PUT and DELETE for every tag that has them', () => {
    expect(p.reads.length).toBeGreaterThan(0);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const tags = new Set(p.api.operations.filter((op) => op.method === method).flatMap((op) => op.tags));
      for (const tag of tags)
        expect(
          p.writes.some((op) => op.method === method && op.tags.includes(tag)),
          `${method} ${tag}`,
        ).toBe(true);
    }
  });

  it('Prism refuses an operation that takes credentials when none are sent, so an accepted call means something', async () => {
    const op = p.api.operations.find((o) => o.auth && o.auth !== 'optional' && !o.path.includes('{'))!;
    expect(op, 'an operation with credentials and no path parameters').toBeDefined();
    const anonymous = new p.Client!({ baseUrl: p.prism!.url, env: {}, maxRetries: 0 });
    // A descriptor without `auth`: the client sends no credentials at all.
    const refused = await anonymous
      .request({ id: op.operationId, method: op.method, path: op.path })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 401 });
  });

  it.each(p.reads.map((op) => [op.operationId, op] as const))('GET %s', async (_, op) => {
    await callAndCheck(p, op);
  });

  it.each(p.writes.map((op) => [`${op.method} ${op.operationId}`, op] as const))('%s', async (_, op) => {
    await callAndCheck(p, op);
  });
});

describe('contract: what the event-contract exchange’s spec shows of the checks themselves', () => {
  type Sdk = typeof import('../../generated/src/index.ts');
  const client = () => clientOf(root) as unknown as InstanceType<Sdk['KalshiClient']>;

  it('Prism refuses a parameter out of its range', async () => {
    expect(root.reads.length).toBeGreaterThan(50);
    const outOfRange = await client()
      .getEvents({ limit: 0 })
      .catch((e: unknown) => e);
    expect(outOfRange).toMatchObject({ status: 400 });
  });

  it('the type check catches a body that does not fit the generated type', async () => {
    const page = (await client().getMarkets({ limit: 1 })) as unknown as { markets: Record<string, unknown>[] };
    const market = root.api.operations.find((op) => op.operationId === 'GetMarkets')!.success.type!;
    expect(typeViolations(page, market, root.api.schemas)).toEqual([]);
    expect(
      typeViolations({ ...page, markets: [{ ...page.markets[0], ticker: 42 }] }, market, root.api.schemas),
    ).toEqual([expect.stringContaining('$.markets[0].ticker: expected a string')]);
  });

  it('auto-paging through the facade: a mock that repeats its cursor is stopped by the loop guard', async () => {
    const markets = client().getMarkets({ limit: 1 }, { maxPages: 1 });
    let count = 0;
    for await (const market of markets) count += market.ticker ? 1 : 0;
    expect(count).toBeGreaterThan(0);
    // Prism's static answer always carries a cursor, so one page is a truncation, and following it loops.
    expect(markets.truncated).toBe(true);
    const unlimited = client().getMarkets({ limit: 1 }).pages();
    await expect(
      (async () => {
        for await (const page of unlimited) void page;
      })(),
    ).rejects.toMatchObject({ name: 'PaginationLoopError', operationId: 'GetMarkets', pageCount: 2 });
    expect(unlimited.pageCount).toBe(2);
  });
});
