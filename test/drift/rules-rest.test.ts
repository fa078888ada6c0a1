/**
 * The REST diff engine on small specs, one change at a time: what is reported, where, and whether it is breaking
 * under the documented rule (docs/drift.md: input the client sends vs output it reads).
 */
import { describe, expect, it } from 'vitest';
import { compareSurfaces, type Change, type DriftReport } from '../../generator/drift/diff/index.ts';
import { specSurface } from '../../generator/drift/spec.ts';
import { parseLoadedSpec, specYaml } from '../../generator/load/index.ts';
import { loaded, openapiDoc } from '../helpers/spec.ts';

type Doc = Record<string, any>;

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const signed = [{ key: [] }];

function base(): Doc {
  return openapiDoc({
    paths: {
      '/markets': {
        get: {
          operationId: 'GetMarkets',
          summary: 'List markets',
          parameters: [
            {
              name: 'status',
              in: 'query',
              description: 'Filter',
              schema: { type: 'string', enum: ['open', 'closed'] },
            },
            { name: 'limit', in: 'query', schema: { type: 'integer', format: 'int64' } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'ok', ...json(ref('GetMarketsResponse')) },
            '404': { description: 'missing', ...json(ref('ErrorResponse')) },
          },
        },
      },
      '/portfolio/orders': {
        post: {
          operationId: 'CreateOrder',
          security: signed,
          requestBody: { required: true, ...json(ref('CreateOrderRequest')) },
          responses: { '201': { description: 'created', ...json(ref('CreateOrderResponse')) } },
        },
      },
    },
    schemas: {
      GetMarketsResponse: {
        type: 'object',
        required: ['markets', 'cursor'],
        properties: { markets: { type: 'array', items: ref('Market') }, cursor: { type: 'string' } },
      },
      Market: {
        type: 'object',
        required: ['ticker', 'side'],
        properties: {
          ticker: { type: 'string', description: 'Market ticker' },
          side: ref('Side'),
          yes_bid: { type: 'number' },
          yes: { type: 'integer' },
          no: { type: 'integer' },
          ranges: { type: 'object', properties: { low: { type: 'integer' }, high: { type: 'integer' } } },
        },
      },
      CreateOrderRequest: {
        type: 'object',
        required: ['ticker', 'side'],
        properties: {
          ticker: { type: 'string' },
          side: ref('Side'),
          count: { type: 'integer' },
          type: { type: 'string', enum: ['limit', 'market'] },
        },
      },
      CreateOrderResponse: {
        type: 'object',
        required: ['order_id'],
        properties: { order_id: { type: 'string' }, status: { type: 'string' } },
      },
      Side: { type: 'string', enum: ['yes', 'no'] },
      ErrorResponse: { type: 'object', properties: { code: { type: 'string' } } },
      Orphan: { type: 'object', properties: { a: { type: 'string' } } },
    },
  });
}

async function surfaceOf(doc: Doc, text?: string) {
  return specSurface(
    text === undefined ? loaded(doc) : parseLoadedSpec({ location: 'inline', text, sha256: '1'.repeat(64) }),
  );
}

async function diff(change: (doc: Doc) => void): Promise<DriftReport> {
  const from = base();
  const to = structuredClone(from);
  change(to);
  return compareSurfaces(await surfaceOf(from), await surfaceOf(to));
}

/** The report's one change (failing with the whole list when there are more or fewer). */
async function onlyChange(change: (doc: Doc) => void): Promise<Change> {
  const report = await diff(change);
  expect(
    report.changes.map((c) => `${c.kind} ${c.location}: ${c.message}`),
    'expected exactly one change',
  ).toHaveLength(1);
  return report.changes[0]!;
}

const schemas = (doc: Doc) => doc.components.schemas;
const getMarkets = (doc: Doc) => doc.paths['/markets'].get;

describe('what is not API drift', () => {
  it('key order, YAML layout and JSON vs YAML give no change at all', async () => {
    const doc = base();
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const folded = specYaml(reversed(doc), 20);
    const report = compareSurfaces(await surfaceOf(doc), await surfaceOf(doc, folded));
    const fromJson = compareSurfaces(await surfaceOf(doc), await surfaceOf(doc, JSON.stringify(doc)));
    for (const r of [report, fromJson]) {
      expect(r.changes).toEqual([]);
      expect(r.documentation).toEqual([]);
    }
  });

  it('a description edit is a documentation change at its location, not an API change', async () => {
    const report = await diff((d) => {
      schemas(d).Market.properties.ticker.description = 'The ticker of the market';
      getMarkets(d).parameters[0].description = 'Filter by status';
      getMarkets(d).summary = 'List all markets';
    });
    expect(report.changes).toEqual([]);
    expect(report.documentation.map((c) => `${c.kind} ${c.location}`)).toEqual([
      'documentation.changed GET /markets',
      'documentation.changed GET /markets query.status',
      'documentation.changed schema Market.ticker',
    ]);
  });

  it('re-wrapping a description (whitespace only) is not even a documentation change', async () => {
    const report = await diff((d) => (schemas(d).Market.properties.ticker.description = '  Market\n   ticker \n'));
    expect(report.documentation).toEqual([]);
  });

  it('OpenAPI 3.0 `nullable: true` and 3.1 `type: [T, "null"]` / `oneOf [T, null]` are the same API', async () => {
    const from = base();
    schemas(from).Market.properties.yes_bid = { type: 'number', nullable: true };
    const typeArray = structuredClone(from);
    schemas(typeArray).Market.properties.yes_bid = { type: ['number', 'null'] };
    const oneOf = structuredClone(from);
    schemas(oneOf).Market.properties.yes_bid = { oneOf: [{ type: 'number' }, { type: 'null' }] };
    for (const to of [typeArray, oneOf])
      expect(compareSurfaces(await surfaceOf(from), await surfaceOf(to)).changes).toEqual([]);
  });

  it('an inline schema that becomes a $ref or a one-item allOf to a named schema with the same content is no change', async () => {
    const report = await diff((d) => {
      schemas(d).Price = { type: 'number', description: 'A price' };
      schemas(d).OrderType = { type: 'string', enum: ['market', 'limit'] };
      schemas(d).Status = { type: 'string', enum: ['open', 'closed'] };
      schemas(d).Market.properties.yes_bid = ref('Price');
      schemas(d).CreateOrderRequest.properties.type = { allOf: [ref('OrderType')], description: 'Order type' };
      getMarkets(d).parameters[0].schema = ref('Status');
      // …and back: a $ref becoming the same content written inline.
      schemas(d).Market.properties.side = { type: 'string', enum: ['no', 'yes'] };
    });
    expect(report.changes.map((c) => `${c.kind} ${c.location}`)).toEqual([
      'schema.added schema OrderType',
      'schema.added schema Price',
      'schema.added schema Status',
    ]);
  });

  it('a $ref between two named schemas with the same content is no change, even when they are recursive', async () => {
    const from = base();
    const tree = (self: string) => ({
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: ref(self) } },
    });
    schemas(from).Node = tree('Node');
    schemas(from).Tree = tree('Tree');
    schemas(from).Market.properties.ranges = ref('Node');
    const to = structuredClone(from);
    schemas(to).Market.properties.ranges = ref('Tree');
    expect(compareSurfaces(await surfaceOf(from), await surfaceOf(to)).changes).toEqual([]);
  });

  it('properties named yes and no stay property names (YAML 1.2)', async () => {
    const surface = await surfaceOf(base(), specYaml(base()));
    if (surface.kind !== 'openapi') throw new Error('expected a REST surface');
    expect(Object.keys(surface.surface.schemas.Market!.fields)).toEqual(expect.arrayContaining(['.yes', '.no']));
  });
});

describe('operations and parameters', () => {
  it('an operation added is not breaking, removed is', async () => {
    const added = await onlyChange(
      (d) => (d.paths['/series'] = { get: { operationId: 'GetSeries', responses: { '200': { description: 'ok' } } } }),
    );
    expect(added).toMatchObject({ kind: 'operation.added', location: 'GET /series', breaking: false });
    const removed = await onlyChange((d) => delete d.paths['/portfolio/orders']);
    expect(removed).toMatchObject({ kind: 'operation.removed', location: 'POST /portfolio/orders', breaking: true });
  });

  it('an operation is identified by operationId: a new path is a move, not a removal', async () => {
    const report = await diff((d) => {
      d.paths['/v2/markets'] = d.paths['/markets'];
      delete d.paths['/markets'];
    });
    expect(report.changes).toEqual([
      expect.objectContaining({ kind: 'operation.moved', location: 'GET /v2/markets', breaking: false }),
    ]);
  });

  it('a required parameter added breaks callers, an optional one does not', async () => {
    const required = await onlyChange((d) =>
      getMarkets(d).parameters.push({ name: 'series', in: 'query', required: true, schema: { type: 'string' } }),
    );
    expect(required).toMatchObject({ kind: 'parameter.added', location: 'GET /markets query.series', breaking: true });
    const optional = await onlyChange((d) =>
      getMarkets(d).parameters.push({ name: 'series', in: 'query', schema: { type: 'string' } }),
    );
    expect(optional).toMatchObject({ kind: 'parameter.added', breaking: false });
  });

  it('a parameter removed or made required breaks callers; made optional does not', async () => {
    expect(await onlyChange((d) => getMarkets(d).parameters.splice(1, 1))).toMatchObject({
      kind: 'parameter.removed',
      location: 'GET /markets query.limit',
      breaking: true,
    });
    const madeRequired = await onlyChange((d) => (getMarkets(d).parameters[1].required = true));
    expect(madeRequired).toMatchObject({
      kind: 'parameter.required-changed',
      location: 'GET /markets query.limit',
      breaking: true,
    });
    const from = base();
    getMarkets(from).parameters[1].required = true;
    const report = compareSurfaces(await surfaceOf(from), await surfaceOf(base()));
    expect(report.changes).toEqual([expect.objectContaining({ kind: 'parameter.required-changed', breaking: false })]);
  });

  it('a parameter type change breaks callers unless only the format changed', async () => {
    expect(await onlyChange((d) => (getMarkets(d).parameters[1].schema = { type: 'string' }))).toMatchObject({
      kind: 'parameter.type-changed',
      breaking: true,
      message: 'parameter type changed from integer(int64) to string',
    });
    expect(
      await onlyChange((d) => (getMarkets(d).parameters[1].schema = { type: 'integer', format: 'int32' })),
    ).toMatchObject({
      kind: 'parameter.type-changed',
      breaking: false,
    });
  });

  it('enum values of a query parameter: added is not breaking, removed is', async () => {
    const grown = await onlyChange((d) => getMarkets(d).parameters[0].schema.enum.push('paused'));
    expect(grown).toMatchObject({
      kind: 'enum.values-added',
      location: 'GET /markets query.status',
      breaking: false,
      message: 'enum values added: paused',
    });
    const shrunk = await onlyChange((d) => getMarkets(d).parameters[0].schema.enum.pop());
    expect(shrunk).toMatchObject({
      kind: 'enum.values-removed',
      breaking: true,
      message: 'enum values removed: closed',
    });
  });

  it('an error response removed is not breaking; a success response losing its body is', async () => {
    expect(await onlyChange((d) => delete getMarkets(d).responses['404'])).toMatchObject({
      kind: 'response.removed',
      breaking: false,
    });
    const report = await diff((d) => (getMarkets(d).responses['200'] = { description: 'ok' }));
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        kind: 'response.type-changed',
        location: 'GET /markets response 200',
        breaking: true,
        message: 'response type changed from #GetMarketsResponse to none',
      }),
    );
  });

  it('a response gaining a body where it had none is not breaking', async () => {
    const from = base();
    getMarkets(from).responses['404'] = { description: 'missing' };
    const report = compareSurfaces(await surfaceOf(from), await surfaceOf(base()));
    expect(report.changes).toEqual([
      expect.objectContaining({
        kind: 'response.type-changed',
        location: 'GET /markets response 404',
        breaking: false,
      }),
    ]);
  });

  it('pagination lost is breaking (the paginator relies on it)', async () => {
    const report = await diff((d) => (schemas(d).GetMarketsResponse.properties.cursor = { type: 'integer' }));
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'pagination.changed', location: 'GET /markets', breaking: true }),
    );
  });
});

describe('fields: breaking depends on whether the client sends or reads them', () => {
  it('a required field added: breaking in a request body, not in a response', async () => {
    const request = await onlyChange((d) => {
      schemas(d).CreateOrderRequest.properties.client_id = { type: 'string' };
      schemas(d).CreateOrderRequest.required.push('client_id');
    });
    expect(request).toMatchObject({
      kind: 'field.added',
      location: 'schema CreateOrderRequest.client_id',
      breaking: true,
    });
    const response = await onlyChange((d) => {
      schemas(d).CreateOrderResponse.properties.created = { type: 'string' };
      schemas(d).CreateOrderResponse.required.push('created');
    });
    expect(response).toMatchObject({ kind: 'field.added', breaking: false });
  });

  it('a field made optional: breaking in a response (readers), not in a request', async () => {
    expect(await onlyChange((d) => schemas(d).CreateOrderResponse.required.pop())).toMatchObject({
      kind: 'field.required-changed',
      location: 'schema CreateOrderResponse.order_id',
      breaking: true,
    });
    expect(await onlyChange((d) => schemas(d).CreateOrderRequest.required.shift())).toMatchObject({
      kind: 'field.required-changed',
      breaking: false,
    });
  });

  it('a field made nullable: breaking in a response, not in a request', async () => {
    expect(await onlyChange((d) => (schemas(d).CreateOrderResponse.properties.status.nullable = true))).toMatchObject({
      kind: 'field.nullable-changed',
      breaking: true,
    });
    expect(await onlyChange((d) => (schemas(d).CreateOrderRequest.properties.count.nullable = true))).toMatchObject({
      kind: 'field.nullable-changed',
      breaking: false,
    });
  });

  it('a schema used both ways takes the stricter rule; a schema used nowhere counts as both', async () => {
    const shared = await onlyChange((d) => schemas(d).Side.enum.push('both'));
    expect(shared).toMatchObject({ kind: 'enum.values-added', location: 'schema Side', breaking: false });
    expect(shared.message).toMatch(/handle the new values/);
    expect(await onlyChange((d) => (schemas(d).Orphan.required = ['a']))).toMatchObject({
      kind: 'field.required-changed',
      breaking: true,
    });
    expect(await onlyChange((d) => (schemas(d).Orphan.properties.a.nullable = true))).toMatchObject({
      kind: 'field.nullable-changed',
      breaking: true,
    });
  });

  it('a change is reported once, where it is: not again for every field below it', async () => {
    const report = await diff((d) => (schemas(d).Market.properties.ranges = ref('Side')));
    expect(report.changes).toEqual([
      expect.objectContaining({
        kind: 'field.type-changed',
        location: 'schema Market.ranges',
        message: 'field type changed from object to #Side (enum<string>)',
        breaking: true,
      }),
    ]);
    const removed = await diff((d) => delete schemas(d).Market.properties.ranges);
    expect(removed.changes).toEqual([
      expect.objectContaining({ kind: 'field.removed', location: 'schema Market.ranges' }),
    ]);
  });

  it('a real change behind a new $ref is reported at the field, as what it is', async () => {
    const shrunk = await diff((d) => {
      schemas(d).OrderType = { type: 'string', enum: ['limit'] };
      schemas(d).CreateOrderRequest.properties.type = ref('OrderType');
    });
    expect(shrunk.changes).toEqual([
      expect.objectContaining({
        kind: 'enum.values-removed',
        location: 'schema CreateOrderRequest.type',
        message: 'enum values removed: market',
        breaking: true,
      }),
      expect.objectContaining({ kind: 'schema.added', location: 'schema OrderType' }),
    ]);
    // A field that comes to name a schema takes the schema as it is now; the schema's own change is listed too.
    const from = base();
    schemas(from).OrderType = { type: 'string', enum: ['limit', 'market'] };
    const to = structuredClone(from);
    schemas(to).OrderType.enum = ['limit'];
    schemas(to).CreateOrderRequest.properties.type = ref('OrderType');
    const both = compareSurfaces(await surfaceOf(from), await surfaceOf(to)).changes;
    expect(both.map((c) => `${c.kind} ${c.location}`)).toEqual([
      'enum.values-removed schema CreateOrderRequest.type',
      'enum.values-removed schema OrderType',
    ]);
    const retyped = await diff((d) => {
      schemas(d).Price = { type: 'string' };
      schemas(d).Market.properties.yes_bid = { allOf: [ref('Price')] };
    });
    expect(retyped.changes).toEqual([
      expect.objectContaining({
        kind: 'field.type-changed',
        location: 'schema Market.yes_bid',
        message: 'field type changed from number to #Price (string)',
        breaking: true,
      }),
      expect.objectContaining({ kind: 'schema.added', location: 'schema Price' }),
    ]);
    const inner = await diff((d) => {
      schemas(d).Range = { type: 'object', properties: { low: { type: 'integer' } } };
      schemas(d).Market.properties.ranges = ref('Range');
    });
    expect(inner.changes.map((c) => `${c.kind} ${c.location} ${c.breaking}`)).toEqual([
      'field.removed schema Market.ranges.high true',
      'schema.added schema Range false',
    ]);
  });

  it('nested inline fields are located by path', async () => {
    expect(
      await onlyChange((d) => (schemas(d).Market.properties.ranges.properties.mid = { type: 'integer' })),
    ).toMatchObject({
      kind: 'field.added',
      location: 'schema Market.ranges.mid',
      breaking: false,
    });
  });

  it('schemas added are not breaking, removed are; defaults and deprecations are listed, not breaking', async () => {
    expect(await onlyChange((d) => (schemas(d).New = { type: 'string' }))).toMatchObject({
      kind: 'schema.added',
      location: 'schema New',
      breaking: false,
    });
    expect(await onlyChange((d) => delete schemas(d).Orphan)).toMatchObject({ kind: 'schema.removed', breaking: true });
    expect(await onlyChange((d) => (getMarkets(d).parameters[1].schema.default = 100))).toMatchObject({
      kind: 'default.changed',
      breaking: false,
    });
    expect(await onlyChange((d) => (schemas(d).Market.properties.yes_bid.deprecated = true))).toMatchObject({
      kind: 'deprecation.changed',
      location: 'schema Market.yes_bid',
      breaking: false,
    });
  });
});

describe('security', () => {
  it('an operation that starts requiring signed headers breaks anonymous callers; dropping the requirement does not', async () => {
    expect(await onlyChange((d) => (getMarkets(d).security = signed))).toMatchObject({
      kind: 'security.changed',
      location: 'GET /markets',
      breaking: true,
    });
    expect(await onlyChange((d) => (d.paths['/portfolio/orders'].post.security = []))).toMatchObject({
      kind: 'security.changed',
      breaking: false,
    });
  });

  it("a renamed signing header breaks the runtime's signer", async () => {
    const change = await onlyChange((d) => (d.components.securitySchemes.key.name = 'KALSHI-KEY'));
    expect(change).toMatchObject({ kind: 'security.scheme-changed', location: 'security scheme key', breaking: true });
    expect(change.message).toContain('KALSHI-KEY');
  });
});

describe('documentation that comes and goes with its element', () => {
  it('is part of the API change, not a documentation change of its own', async () => {
    const report = await diff(
      (d) =>
        (d.paths['/series'] = {
          get: { operationId: 'GetSeries', description: 'Series.', responses: { '200': { description: 'ok' } } },
        }),
    );
    expect(report.changes).toHaveLength(1);
    expect(report.documentation).toEqual([]);
  });
});
