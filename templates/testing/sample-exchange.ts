import type { KeyObject } from 'node:crypto';
import {
  faults,
  startMockServer,
  type MockBearerCredentials,
  type MockHandler,
  type MockReply,
  type MockServer,
} from './mock-server.js';
import { startWsMockServer, type WsMockChannels, type WsMockServer } from './ws-mock-server.js';

/**
 * A mock exchange that answers every operation of an API with sample data, for testing a bot offline. This is the
 * engine; the SDK's `testing/exchange.ts` holds the data (a sample body per operation, made from the spec's schemas
 * and type-checked against the SDK's response types) and `startMockExchange`, which starts this with it.
 *
 * Each operation answers its success status with its sample body, in which the fields named like a path parameter
 * carry the requested value (`GET /markets/{ticker}` answers with that ticker); list operations page through their
 * items with a cursor, honouring the page-size parameter. The REST and WebSocket mock servers it runs are returned,
 * so a test can replace any route (`rest.route(…)`), queue faults or publish frames.
 */

/** A JSON path: keys and array indices from a body's root. */
export type SamplePath = readonly (string | number)[];

/** One operation as the mock exchange serves it. */
export interface SampleOperation {
  method: string;
  /** Path template relative to the base path, with `{name}` placeholders. */
  path: string;
  /** The success status it answers. */
  status: number;
  /** The success body; absent for operations that return none. */
  body?: unknown;
  /** The credentials the operation needs: `true`, a signed request; `'bearer'`, the bearer token. */
  auth?: boolean | 'bearer';
  /** Path parameter name → the fields of the body that are set to its value in the request. */
  echo?: { readonly [param: string]: readonly SamplePath[] };
  paginate?: SamplePaging;
}

/** How a list operation pages its sample items. */
export interface SamplePaging {
  cursorParam: string;
  cursorField: string;
  /** The body's item arrays; a page holds the same slice of each. */
  items: readonly string[];
  /** The query parameter that sets the page size. Without one, or without a value, every item is on one page. */
  limitParam?: string;
  /** The page size when the request sets none (the parameter's default). */
  defaultLimit?: number;
}

export interface SampleExchange {
  /** The path operations are served under (the API server's), e.g. `/trade-api/v2`. */
  basePath: string;
  operations: readonly SampleOperation[];
}

export interface MockExchangeOptions {
  /**
   * Check Kalshi signatures with this RSA public key (PEM or KeyObject): operations that need a signed request answer
   * 401 to requests not validly signed with its private key, and WebSocket handshakes must be signed. Without a key
   * nothing is checked; bearer-token operations never are.
   */
  publicKey?: KeyObject | string;
  /**
   * Check bearer credentials: operations that take a bearer token answer 401 unless the request carries
   * `Authorization: Bearer <adminUserId>:<accessToken>`. Without them no token is checked. The mock's request log
   * never holds the token.
   */
  bearer?: MockBearerCredentials;
}

/** A running mock exchange of an SDK without a WebSocket API. */
export interface RestMockExchange {
  /** Base URL for the REST client (`baseUrl`), base path included. */
  readonly restUrl: string;
  /** The REST mock server, to replace routes, queue faults and read the requests it saw. */
  readonly rest: MockServer;
  close(): Promise<void>;
}

/** A running mock exchange: REST and WebSocket. */
export interface MockExchange<C extends WsMockChannels = WsMockChannels> extends RestMockExchange {
  /** URL for the WebSocket client (`wsUrl`). */
  readonly wsUrl: string;
  /** The WebSocket mock server, to set snapshots and publish frames. */
  readonly ws: WsMockServer<C>;
}

/** The WebSocket API to serve beside the REST one: its channel table (`WS_CHANNELS`) and path. */
export interface SampleWebSocket<C extends WsMockChannels> {
  channels: C;
  path?: string;
}

/** Starts the REST mock on 127.0.0.1 with a route per operation, and the WebSocket mock when one is given. */
export async function startSampleExchange(
  exchange: SampleExchange,
  options?: MockExchangeOptions,
): Promise<RestMockExchange>;
export async function startSampleExchange<C extends WsMockChannels>(
  exchange: SampleExchange,
  options: MockExchangeOptions,
  webSocket: SampleWebSocket<C>,
): Promise<MockExchange<C>>;
export async function startSampleExchange<C extends WsMockChannels>(
  exchange: SampleExchange,
  options: MockExchangeOptions = {},
  webSocket?: SampleWebSocket<C>,
): Promise<RestMockExchange | MockExchange<C>> {
  const rest = await startMockServer({
    publicKey: options.publicKey,
    bearer: options.bearer,
    basePath: exchange.basePath,
  });
  // The server tries routes in the order they were added: a literal path wins over a template it also matches
  // (`/markets/trades` over `/markets/{ticker}`), as in OpenAPI.
  const byPlaceholders = [...exchange.operations].sort((a, b) => placeholders(a.path) - placeholders(b.path));
  for (const operation of byPlaceholders) rest.route(operation.method, operation.path, sampleHandler(operation));
  if (!webSocket) return { restUrl: rest.url, rest, close: () => rest.close() };

  let ws: WsMockServer<C>;
  try {
    ws = await startWsMockServer({ channels: webSocket.channels, publicKey: options.publicKey, path: webSocket.path });
  } catch (error) {
    await rest.close();
    throw error;
  }
  return {
    restUrl: rest.url,
    rest,
    wsUrl: ws.url,
    ws,
    close: async () => {
      await Promise.all([rest.close(), ws.close()]);
    },
  };
}

function placeholders(path: string): number {
  return path.split('{').length - 1;
}

function sampleHandler(operation: SampleOperation): MockHandler {
  return (request) => {
    // Without a public key (bearer credentials) signatureValid (bearerValid) is undefined: nothing to check.
    if (operation.auth === 'bearer') {
      if (request.bearerValid === false) return faults.unauthorized('bearer token');
    } else if (operation.auth && request.signatureValid === false) return faults.unauthorized();
    if (operation.body === undefined) return { status: operation.status };
    const body: unknown = structuredClone(operation.body);
    for (const [param, paths] of Object.entries(operation.echo ?? {})) {
      const value = request.params[param];
      if (value !== undefined) for (const path of paths) setAt(body, path, value);
    }
    if (!operation.paginate) return { status: operation.status, json: body };
    return page(operation.status, operation.paginate, body as Record<string, unknown>, request.query);
  };
}

/** Sets the field at `path` to a path parameter's value, as a number where the sample holds a number. */
function setAt(root: unknown, path: SamplePath, value: string): void {
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], root);
  if (parent === null || typeof parent !== 'object') return;
  const record = parent as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  const number = Number(value);
  record[key] = typeof record[key] === 'number' ? (Number.isFinite(number) ? number : record[key]) : value;
}

/** One page of a list: the cursor is the offset of the page's first item, `''` after the last page. */
function page(status: number, paging: SamplePaging, body: Record<string, unknown>, query: URLSearchParams): MockReply {
  const cursor = query.get(paging.cursorParam) ?? '';
  if (!/^\d*$/.test(cursor)) {
    return {
      status: 400,
      json: {
        error: { code: 'invalid_parameters', message: `${paging.cursorParam} "${cursor}" was not issued by this mock` },
      },
    };
  }
  const asked = paging.limitParam === undefined ? NaN : Number(query.get(paging.limitParam) ?? NaN);
  const limit = Number.isInteger(asked) && asked > 0 ? asked : (paging.defaultLimit ?? Infinity);
  const start = Number(cursor);
  const end = start + limit;
  let total = 0;
  for (const field of paging.items) {
    const items = body[field];
    if (!Array.isArray(items)) continue;
    total = Math.max(total, items.length);
    body[field] = items.slice(start, end);
  }
  body[paging.cursorField] = end < total ? String(end) : '';
  return { status, json: body };
}
