import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTHORIZATION_HEADER } from '../runtime/bearer.js';
import { ACCESS_KEY_HEADER, ACCESS_SIGNATURE_HEADER, ACCESS_TIMESTAMP_HEADER } from '../runtime/signer.js';
import { REDACTED } from './record-replay.js';

/**
 * A small local Kalshi stand-in for tests: an HTTP server on 127.0.0.1 (a free port) that answers from routes you
 * program, can misbehave on purpose (429 with Retry-After, 5xx, connection resets, slow answers, malformed JSON),
 * records every request it saw, and can check Kalshi signatures against a public key and bearer credentials.
 *
 *   const server = await startMockServer({ publicKey });
 *   server.route('GET', '/markets/{ticker}', (req) => ({ json: { market: { ticker: req.params.ticker } } }));
 *   server.enqueue('GET', '/markets/{ticker}', faults.rateLimited('1'), faults.serverError(503));
 *   const client = new KalshiClient({ baseUrl: server.url, ... });
 *   ...
 *   await server.close();
 */

/** A request as the server saw it. */
export interface MockRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  /** Values of `{name}` placeholders of the matched route. */
  params: Record<string, string>;
  /**
   * Lower-case header names. Authorization is stored as "[redacted]": a bearer token is a replayable secret, and a
   * client reading the environment may have sent a real one. `bearerValid` says whether it was the right one.
   */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  /** With a public key: whether the Kalshi signature headers are present and valid; undefined without a key. */
  signatureValid: boolean | undefined;
  /** With bearer credentials: whether Authorization is exactly `Bearer <adminUserId>:<accessToken>`; else undefined. */
  bearerValid: boolean | undefined;
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

/** What to answer. `json` is serialised; `body` is sent as is (use it for malformed payloads). */
export interface MockReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Drop the connection with a TCP reset instead of answering. */
  reset?: boolean;
  /** Send the status, headers and body written so far, then never finish the response. */
  stall?: boolean;
}

export type MockHandler = (request: MockRequest) => MockReply | Promise<MockReply>;

/** Ready-made misbehaviour. */
export const faults = {
  /** 429 with a `Retry-After` value as given (seconds, an HTTP date, or anything else to test parsing). */
  rateLimited: (retryAfter?: string, headers: Record<string, string> = {}): MockReply => ({
    status: 429,
    headers: retryAfter === undefined ? headers : { 'retry-after': retryAfter, ...headers },
    json: { error: { code: 'too_many_requests', message: 'too many requests' } },
  }),
  /** 401, as for a request whose signature (or, with `what`, other credential) is missing or does not verify. */
  unauthorized: (what = 'signature'): MockReply => ({
    status: 401,
    json: { error: { code: 'unauthorized', message: `missing or invalid ${what}` } },
  }),
  serverError: (status = 503): MockReply => ({
    status,
    json: { error: { code: 'internal_error', message: `mock ${status}` } },
  }),
  reset: (): MockReply => ({ reset: true }),
  slow: (delayMs: number, reply: MockReply = { json: {} }): MockReply => ({ ...reply, delayMs }),
  malformedJson: (status = 200): MockReply => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: '{"market": {"ticker": ',
  }),
  /** Headers and the start of a body arrive, the rest never does. */
  stalledBody: (): MockReply => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"market": {"ticker": ',
    stall: true,
  }),
};

export interface MockServerOptions {
  /** Verify KALSHI-ACCESS-SIGNATURE on every request with this RSA public key (PEM or KeyObject). */
  publicKey?: string | KeyObject;
  /**
   * Answer 401 to requests whose signature is missing or invalid (needs publicKey): every request, or those the
   * function picks (the private ones: a client sends no credentials to an operation whose spec asks for none).
   */
  requireSignature?: boolean | ((request: MockRequest) => boolean);
  /** Check `Authorization: Bearer <adminUserId>:<accessToken>` on every request against these (see `bearerValid`). */
  bearer?: MockBearerCredentials;
  /** Path prefix routes are relative to, e.g. `/trade-api/v2`. Default none. */
  basePath?: string;
}

/** The bearer credentials a mock accepts. */
export interface MockBearerCredentials {
  adminUserId: string;
  accessToken: string;
}

export interface MockServer {
  /** Base URL to give the client, e.g. `http://127.0.0.1:40123`, including basePath. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly requests: MockRequest[];
  /** The standing answer for `method path` (path may hold `{name}` placeholders). Replaces an earlier route. */
  route(method: string, path: string, reply: MockReply | MockHandler): void;
  /** One-shot answers for `method path`, used in order before the standing route. */
  enqueue(method: string, path: string, ...replies: (MockReply | MockHandler)[]): void;
  /** Forgets recorded requests, queued answers and routes. */
  reset(): void;
  close(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  standing?: MockHandler;
  queue: MockHandler[];
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const publicKey = typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
  const basePath = (options.basePath ?? '').replace(/\/$/, '');
  const bearer = options.bearer && `Bearer ${options.bearer.adminUserId}:${options.bearer.accessToken}`;
  const routes: Route[] = [];
  const requests: MockRequest[] = [];
  // Slow answers still waiting, so close() can end them instead of leaving them to fire later.
  const delayed = new Map<ReturnType<typeof setTimeout>, () => void>();

  const routeFor = (method: string, path: string): Route => {
    const key = method.toUpperCase();
    const { pattern, names } = routePattern(path);
    let route = routes.find((r) => r.method === key && r.pattern.source === pattern.source);
    if (!route) {
      route = { method: key, pattern, names, queue: [] };
      routes.push(route);
    }
    return route;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = describeRequest(req, Buffer.concat(chunks).toString('utf8'), basePath, publicKey, bearer);
      requests.push(request);
      void answer(request, req, res);
    });
  });

  const answer = async (request: MockRequest, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let reply: MockReply;
    const { requireSignature } = options;
    const signatureRequired = typeof requireSignature === 'function' ? requireSignature(request) : requireSignature;
    if (signatureRequired && request.signatureValid !== true) {
      reply = faults.unauthorized();
    } else {
      const match = matchRoute(routes, request);
      if (match) request.params = match.params;
      const handler = match?.route.queue.shift() ?? match?.route.standing;
      reply = handler
        ? await handler(request)
        : {
            status: 404,
            json: { error: { code: 'not_found', message: `no mock route for ${request.method} ${request.path}` } },
          };
    }
    if (reply.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          delayed.delete(timer);
          resolve();
        }, reply.delayMs);
        delayed.set(timer, resolve);
      });
      if (res.destroyed) return;
    }
    if (reply.reset) {
      req.socket.resetAndDestroy();
      return;
    }
    const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body === undefined && reply.json !== undefined) headers['content-type'] ??= 'application/json';
    res.writeHead(reply.status ?? 200, headers);
    if (reply.stall) res.write(body);
    else res.end(body);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    port,
    requests,
    route(method, path, reply) {
      routeFor(method, path).standing = asHandler(reply);
    },
    enqueue(method, path, ...replies) {
      routeFor(method, path).queue.push(...replies.map(asHandler));
    },
    reset() {
      requests.length = 0;
      routes.length = 0;
    },
    close() {
      for (const [timer, resolve] of delayed) {
        clearTimeout(timer);
        resolve();
      }
      delayed.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function asHandler(reply: MockReply | MockHandler): MockHandler {
  return typeof reply === 'function' ? reply : () => reply;
}

function routePattern(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

function matchRoute(
  routes: Route[],
  request: MockRequest,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== request.method) continue;
    const match = route.pattern.exec(request.path);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
    return { route, params };
  }
  return undefined;
}

function describeRequest(
  req: IncomingMessage,
  body: string,
  basePath: string,
  publicKey: KeyObject | undefined,
  bearer: string | undefined,
): MockRequest {
  const url = req.url ?? '/';
  const parsed = new URL(url, 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers))
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  const authorization = headers[AUTHORIZATION_HEADER];
  if (authorization !== undefined) headers[AUTHORIZATION_HEADER] = REDACTED;
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  const path = parsed.pathname.startsWith(basePath) ? parsed.pathname.slice(basePath.length) || '/' : parsed.pathname;
  return {
    method: req.method ?? 'GET',
    url,
    path,
    query: parsed.searchParams,
    params: {},
    headers,
    body,
    json,
    signatureValid: publicKey ? signatureIsValid(req.method ?? 'GET', parsed.pathname, headers, publicKey) : undefined,
    bearerValid: bearer === undefined ? undefined : authorization === bearer,
    receivedAt: Date.now(),
  };
}

/**
 * Whether `headers` (lower-case names) carry a valid Kalshi signature for `method fullPath`: RSA-PSS/SHA-256 (salt =
 * digest length) over timestamp + METHOD + full path without query. Shared by the REST and WebSocket mock servers.
 */
export function signatureIsValid(
  method: string,
  fullPath: string,
  headers: Record<string, string>,
  publicKey: KeyObject,
): boolean {
  const timestamp = headers[ACCESS_TIMESTAMP_HEADER.toLowerCase()];
  const signature = headers[ACCESS_SIGNATURE_HEADER.toLowerCase()];
  if (!timestamp || !signature || !headers[ACCESS_KEY_HEADER.toLowerCase()]) return false;
  return verify(
    'sha256',
    Buffer.from(timestamp + method.toUpperCase() + fullPath),
    { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
    Buffer.from(signature, 'base64'),
  );
}
