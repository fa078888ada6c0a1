import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { clientStructures } from '../../generator/targets/typescript/emit/client.ts';
import { operationSpec } from '../../generator/targets/typescript/emit/descriptors.ts';
import { operationStructures } from '../../generator/targets/typescript/emit/operations.ts';
import { formatTypeScript } from '../../generator/targets/typescript/format.ts';
import { PAGINATION_DEFAULTS } from '../../templates/runtime/defaults.ts';
import { apiPlanFor } from '../helpers/plan.ts';
import { model, openapiDoc } from '../helpers/spec.ts';

const signed = [{ key: [] }];

async function emit(doc: object, which: 'operations' | 'client' = 'operations'): Promise<string> {
  const api = model(doc);
  const { rest } = apiPlanFor(api);
  const statements = which === 'operations' ? operationStructures(api, rest) : clientStructures(api, rest);
  const text = new Project({ useInMemoryFileSystem: true }).createSourceFile('o.ts', { statements }).getFullText();
  return (await formatTypeScript(new Map([['o.ts', text]]))).get('o.ts')!;
}

const doc = openapiDoc({
  paths: {
    '/markets/{ticker}/orderbook': {
      get: {
        operationId: 'GetMarketOrderbook',
        summary: 'Get Market Orderbook',
        description: 'The book.',
        security: signed,
        parameters: [
          { name: 'ticker', in: 'path', required: true, schema: { type: 'string' }, description: 'Market ticker' },
          { name: 'depth', in: 'query', schema: { type: 'integer' } },
          {
            name: 'ids',
            in: 'query',
            style: 'form',
            explode: false,
            schema: { type: 'array', items: { type: 'string' } },
          },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Book' } } },
          },
        },
      },
    },
    '/portfolio/orders': {
      post: {
        operationId: 'CreateOrder',
        security: signed,
        'x-mint': { content: '<Note>\n**Rate limit:** 3 tokens per request. See the endpoint costs.\n</Note>\n' },
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateOrderRequest' } } },
        },
        responses: {
          '201': {
            description: 'created',
            content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } },
          },
        },
      },
    },
  },
  schemas: {
    Book: { type: 'object', properties: { yes: { type: 'array', items: { type: 'string' } } } },
    CreateOrderRequest: {
      type: 'object',
      required: ['ticker', 'side'],
      properties: { ticker: { type: 'string' }, side: { type: 'string', enum: ['yes', 'no'] } },
    },
  },
});

describe('operation → function', () => {
  it('emits params type, descriptor and a standalone function with JSDoc naming method, path and auth', async () => {
    const text = await emit(doc);
    expect(text).toContain(`/** Parameters of {@link getMarketOrderbook}. */
export type GetMarketOrderbookParams = {
  /**
   * Market ticker
   */
  ticker: string;
  depth?: number;
  ids?: string[];
};
const getMarketOrderbookOperation: OperationSpec = {
  id: 'GetMarketOrderbook',
  method: 'GET',
  path: '/markets/{ticker}/orderbook',
  auth: true,
  query: ['depth', { name: 'ids', style: 'form', explode: false }],
  required: ['ticker'],
};

/**
 * Get Market Orderbook
 *
 * The book.
 *
 * \`GET /markets/{ticker}/orderbook\` · requires authentication (signed request) · operationId \`GetMarketOrderbook\`
 */
export function getMarketOrderbook(
  client: KalshiCore,
  params: GetMarketOrderbookParams,
  options?: RequestOptions,
): ApiPromise<Book> {
  return client.request(getMarketOrderbookOperation, params, options);
}`);
  });

  it('says in the JSDoc which credentials an operation takes: a bearer token is not a signed request', async () => {
    const text = await emit(
      openapiDoc({
        paths: {
          '/margin/reports': {
            get: { operationId: 'GetReports', security: [{ token: [] }], responses: { '204': { description: 'ok' } } },
          },
        },
        components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      }),
    );
    expect(text).toContain('`GET /margin/reports` · requires authentication (bearer token) · operationId `GetReports`');
  });

  it('spreads an object body into the params, records the documented rate-limit cost, and names inline responses', async () => {
    const text = await emit(doc);
    expect(text).toContain('export type CreateOrderParams = CreateOrderRequest;');
    expect(text).toContain(`export type CreateOrderResponse = {\n  id?: string;\n};`);
    expect(text).toMatch(
      /id: 'CreateOrder',\s+method: 'POST',\s+path: '\/portfolio\/orders',\s+auth: true,\s+body: \[\],\s+cost: 3,\s+\};/,
    );
    expect(text).toContain('): ApiPromise<CreateOrderResponse> {');
    expect(text).toContain(`import type { Book, CreateOrderRequest } from './types.js';`);
  });

  it('gives the client facade one delegating method per operation', async () => {
    const text = await emit(doc, 'client');
    expect(text).toContain('export class KalshiClientBase extends KalshiCore {');
    expect(text).toMatch(
      /getMarketOrderbook\(params: GetMarketOrderbookParams, options\?: RequestOptions\): ApiPromise<Book> \{\s+return getMarketOrderbook\(this, params, options\);/,
    );
    expect(text).toMatch(
      /createOrder\(params: CreateOrderParams, options\?: RequestOptions\): ApiPromise<CreateOrderResponse> \{/,
    );
  });

  it('detects cursor pagination from the spec shape, including a differently named cursor field', () => {
    const api = model(
      openapiDoc({
        paths: {
          '/programs': {
            get: {
              operationId: 'GetPrograms',
              parameters: [{ name: 'cursor', in: 'query', schema: { type: 'string' } }],
              responses: {
                '200': {
                  description: 'ok',
                  content: {
                    'application/json': {
                      schema: {
                        type: 'object',
                        properties: {
                          programs: { type: 'array', items: { type: 'string' } },
                          next_cursor: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      }),
    );
    expect(api.operations[0]!.pagination).toEqual({
      cursorParam: 'cursor',
      cursorField: 'next_cursor',
      itemFields: ['programs'],
    });
    // The descriptor leaves out what equals the runtime's default, and only that.
    expect(operationSpec(api.operations[0]!).paginate).toEqual({
      cursorParam: undefined,
      cursorField: 'next_cursor',
      items: ['programs'],
    });
    expect(PAGINATION_DEFAULTS).toEqual({ cursorParam: 'cursor', cursorField: 'cursor' });
  });
});

describe('what a write descriptor tells the runtime about its body', () => {
  const created = { '201': { description: 'created' } };
  const body = (properties: object, required = true) => ({
    required,
    content: { 'application/json': { schema: { type: 'object', properties } } },
  });
  const writes = openapiDoc({
    paths: {
      '/orders': {
        post: {
          operationId: 'PlaceOrder',
          requestBody: body({ ticker: { type: 'string' }, client_order_id: { type: 'string' } }),
          responses: created,
        },
      },
      '/transfers': {
        post: {
          operationId: 'Transfer',
          requestBody: body({
            amount: { type: 'integer' },
            token: { type: 'string', description: 'Sent again, deduplicated.' },
          }),
          responses: created,
        },
      },
      '/quotes/accept': {
        put: {
          operationId: 'AcceptQuote',
          parameters: [{ name: 'id', in: 'query', required: true, schema: { type: 'string' } }],
          requestBody: body({ client_id: { type: 'string' }, client_quote_id: { type: 'integer' } }, false),
          responses: created,
        },
      },
      '/groups/reset': {
        put: {
          operationId: 'ResetGroup',
          requestBody: { content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } },
          responses: created,
        },
      },
    },
  });

  it('names the idempotency key: a string field named client_…_id, or described as deduplicating', async () => {
    expect(model(writes).operations.map((op) => op.idempotencyKey)).toEqual([
      'client_order_id',
      'token',
      undefined,
      undefined,
    ]);
    const text = await emit(writes);
    expect(text).toMatch(/id: 'PlaceOrder',[^}]*body: \[\],\s+idempotencyKey: 'client_order_id',\s+\};/);
    expect(text).toMatch(/id: 'Transfer',[^}]*idempotencyKey: 'token',\s+\};/);
  });

  it('marks a spread body the spec does not require; a required or whole one needs no mark', async () => {
    const text = await emit(writes);
    expect(text).toMatch(/id: 'AcceptQuote',[^}]*body: \['id'\],\s+optionalBody: true,\s+\};/);
    expect(text).toMatch(/id: 'ResetGroup',[^}]*body: 'whole',? \};/);
    expect(text.match(/optionalBody/g)).toHaveLength(1);
  });
});

describe('names JavaScript gives a meaning to', () => {
  const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } };
  const reserved = openapiDoc({
    paths: {
      '/then': { get: { operationId: 'Then', responses: ok } },
      '/delete': { post: { operationId: 'Delete', responses: ok } },
      '/request': { get: { operationId: 'Request', responses: ok } },
    },
  });

  it('never exports a function named `then` (a thenable module); the rename is stable and documented', async () => {
    const text = await emit(reserved);
    expect(text).not.toMatch(/export function then\(/);
    expect(text).toMatch(
      /operationId `Then`\s+\*\s+\* Named `then_`, not `then`: a module or client with a `then` member would be taken for a promise\.\s+\*\/\s+export function then_\(/,
    );
    expect(text).toMatch(
      /Named `delete_`, not `delete`: `delete` is a reserved word\.\s+\*\/\s+export function delete_\(/,
    );
    const api = model(reserved);
    expect(api.operations.map((op) => apiPlanFor(api).rest.operation(op.operationId).function)).toEqual([
      'then_',
      'delete_',
      'request',
    ]);
  });

  it('gives the client no `then` member, and documents a method renamed around KalshiCore', async () => {
    const text = await emit(reserved, 'client');
    expect(text).not.toMatch(/^\s+(public )?then\(/m);
    expect(text).toMatch(/^\s+public then_\(params\?: ThenParams, options\?: RequestOptions\)/m);
    expect(text).toMatch(
      /Named `requestOperation`: `request` is a member of `KalshiCore`\.\s+\*\/\s+public requestOperation\(/,
    );
  });
});
