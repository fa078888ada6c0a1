import { AUTHORIZATION_HEADER, BEARER_HINT, resolveBearer, type BearerOptions } from './bearer.js';
import { resolveConnection, type ConnectionOptions } from './config.js';
import {
  AlreadyAcceptedError,
  AuthRequiredError,
  ConnectionError,
  InvalidParameterError,
  KalshiError,
  ResponseParseError,
  TimeoutError,
  errorForStatus,
  type IdempotencyKey,
  type RequestContext,
} from './errors.js';
import type { Platform } from './platform.js';
import type { Product } from './product.js';
import { buildHeaders, buildPath, buildQuery, type QueryParamSpec } from './query.js';
import { Hold, isIdempotentMethod, rateLimitBucket, retryDelay, sleep, type RetryOptions } from './retry.js';
import { ACCESS_SIGNATURE_HEADER, signRequest, type Signer } from './signer.js';
import { TransportTimeoutError, type HttpRequest, type HttpResponse, type Transport } from './transport.js';

/** What the generated code declares about one operation; everything else is runtime policy. */
export interface OperationSpec {
  /** Kalshi's operationId, used in errors and hooks. */
  readonly id: string;
  readonly method: string;
  /** Path template relative to the base URL, e.g. `/markets/{ticker}`. */
  readonly path: string;
  /**
   * The credentials the spec requires: `true` or `'signed'`, the signed KALSHI-ACCESS-* headers; `'bearer'`, the
   * `Authorization: Bearer` header (see bearer.ts); `'optional'`, signed when the client can sign (the spec allows
   * anonymous calls too). Absent or false: none is sent, whatever the client holds.
   */
  readonly auth?: boolean | 'signed' | 'bearer' | 'optional';
  readonly query?: readonly (string | QueryParamSpec)[];
  /** Header parameters: each is a param of that name, sent as a header of that name. */
  readonly headers?: readonly string[];
  /** Parameters a JavaScript caller must pass (TypeScript enforces them already). */
  readonly required?: readonly string[];
  /**
   * The JSON body. `whole`: `params.body`. A list: the body's fields are spread into the params, so every param
   * except the listed ones (the path, query and header parameters) is a body field.
   */
  readonly body?: 'whole' | readonly string[];
  /** A spread body the spec does not require: a call that gives none of its fields sends no body at all. */
  readonly optionalBody?: boolean;
  /**
   * The body field that makes a retry safe (e.g. `client_order_id`): an `AlreadyAcceptedError` names it and its
   * value, to look the earlier attempt's result up by.
   */
  readonly idempotencyKey?: string;
  /** Rate-limit tokens the spec documents for one call (or one item of a batch); absent: Kalshi's default. */
  readonly cost?: number;
  /** Batch operations: the body arrays whose every item is billed. */
  readonly perItem?: readonly string[];
  readonly paginate?: PaginationSpec;
}

export interface PaginationSpec {
  /** The query parameter that takes a page's cursor. Default `cursor`. */
  readonly cursorParam?: string;
  /** The response field that holds the next page's cursor. Default `cursor`. */
  readonly cursorField?: string;
  /** The response's array fields; the first is the one `for await` walks. */
  readonly items: readonly string[];
}

/**
 * A client-side rate limiter: resolves when a call of `op` with `params` may be sent, in arrival order. Asked before
 * every attempt. It works out the call's cost itself (see `TokenBucketLimiter.cost`), so clients without one carry no
 * such code.
 */
export interface RateLimiter {
  acquire(op: OperationSpec, params: Record<string, unknown>, signal?: AbortSignal): Promise<void>;
}

export interface RequestInfo {
  operationId: string;
  method: string;
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** Request headers; the signature is redacted. */
  headers: Record<string, string>;
}

export interface ResponseInfo extends RequestInfo {
  status: number;
  responseHeaders: Record<string, string>;
  requestId: string | undefined;
  durationMs: number;
}

/** Observability hooks. They see no key material and no signature; a throwing hook does not break the request. */
export interface Hooks {
  onRequest?(info: RequestInfo): void;
  onResponse?(info: ResponseInfo): void;
  onError?(error: KalshiError, info: RequestInfo): void;
}

export interface ClientOptions<E extends string = string> extends ConnectionOptions<E>, BearerOptions, Hooks {
  /** How requests are sent; defaults to undici on Node and fetch elsewhere. */
  transport?: Transport;
  /** Retries of idempotent requests (GET/HEAD/OPTIONS) on 408/429/5xx, resets and timeouts. Default 2. */
  maxRetries?: number;
  /** Per-attempt timeout in ms; 0 disables. Default 30 000. */
  timeout?: number;
  retry?: RetryOptions;
  /** Opt-in client-side rate limiting (see createRateLimiter). */
  rateLimiter?: RateLimiter;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeout?: number;
  maxRetries?: number;
  /**
   * Allow retrying this call even though its method (POST/PUT/DELETE) is not idempotent, e.g. a CreateOrderV2 with a
   * client_order_id that Kalshi deduplicates. Off by default: an order is never silently sent twice.
   */
  idempotent?: boolean;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/** The parsed body together with the HTTP details. */
export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Record<string, string>;
  requestId: string | undefined;
  attempts: number;
}

/** A Promise of the parsed body that can also give the full response: `await op(...).withResponse()`. */
export class ApiPromise<T> extends Promise<T> {
  readonly #response: Promise<ApiResponse<T>>;
  #data?: Promise<T>;

  // The body promise is derived only when awaited, so a caller who only uses withResponse() leaves no unhandled
  // rejection behind. Promise's own catch() and finally() call then(), so overriding then() covers them.
  constructor(response: Promise<ApiResponse<T>>) {
    super((resolve) => resolve(undefined as T));
    this.#response = response;
  }

  // Promise methods on an ApiPromise return plain Promises.
  static override get [Symbol.species]() {
    return Promise;
  }

  withResponse(): Promise<ApiResponse<T>> {
    return this.#response;
  }

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return (this.#data ??= this.#response.then((r) => r.data)).then(onFulfilled, onRejected);
  }
}

/**
 * The hand-written heart of the SDK: configuration, signing, retries, timeouts, rate limiting and error mapping,
 * in one place. Generated operation functions only describe themselves and call `request`.
 */
export class KalshiCore {
  declare readonly environment: string;
  declare readonly baseUrl: string;
  declare readonly wsUrl: string;
  /** The signer, for the WebSocket client's handshake; undefined without credentials. */
  declare readonly signer: Signer | undefined;
  declare readonly platform: Platform;
  /** The product the client talks to: its environments and the credentials it reads. */
  declare readonly product: Product;
  readonly #transport: Transport;
  readonly #origin: string;
  /** The base URL's path, the start of every signed path. */
  readonly #basePath: string;
  /** A copy of the options: per-call defaults, retry policy, the rate limiter and the hooks. */
  readonly #options: ClientOptions;
  /** Whether any hook is set; without hooks no per-request info objects are built (they cost throughput). */
  readonly #observed: boolean;
  /** Kalshi meters reads and writes per account: a 429 holds the other requests of its bucket, not just itself. */
  readonly #holds = { read: new Hold(), write: new Hold() };
  /** The bearer operations' Authorization header; private, as it is a replayable secret. */
  readonly #authorization: string | undefined;

  constructor(options: ClientOptions, platform: Platform, product: Product) {
    Object.assign(this, resolveConnection(options, platform, product), { platform, product });
    this.#transport = options.transport ?? platform.createTransport();
    const url = new URL(this.baseUrl);
    this.#origin = url.origin;
    this.#basePath = url.pathname.replace(/\/$/, '');
    this.#options = { ...options };
    // Only a product with bearer operations reads bearer credentials (a malformed one fails here, not on first use).
    if (product.credentials.includes('bearer'))
      this.#authorization = resolveBearer(options, options.env ?? platform.env);
    this.#observed = !!(options.onRequest || options.onResponse || options.onError);
  }

  /** Whether the client has credentials (private operations need them): a signer or a bearer token. */
  get authenticated(): boolean {
    return this.signer !== undefined || this.#authorization !== undefined;
  }

  request<T>(op: OperationSpec, params: object = {}, options: RequestOptions = {}): ApiPromise<T> {
    return new ApiPromise(this.#send<T>(op, params as Record<string, unknown>, options));
  }

  // The request loop, its steps plain methods. It is the hot path: an async function keeps its frame on the heap and
  // each call of one allocates a promise, so this is the one a request runs through (#waitTurn only when it must
  // wait), per-call values live in the one `Call`, and per-attempt values are read where they are used.
  async #send<T>(op: OperationSpec, params: Record<string, unknown>, options: RequestOptions): Promise<ApiResponse<T>> {
    const call = this.#prepare(op, params, options);
    for (let attempt = 1; ; attempt++) {
      if (call.hold.active || this.#options.rateLimiter) await this.#waitTurn(call);
      const headers = this.#headers(call);
      // A bearer operation sends its token and nothing else; every other attempt is signed again when the client
      // can sign: Kalshi rejects stale timestamps.
      if (call.op.auth === 'bearer') headers[AUTHORIZATION_HEADER] = this.#authorization!;
      else if (call.op.auth && this.signer)
        Object.assign(headers, await signRequest(this.signer, call.op.method, call.path));
      const request = this.#httpRequest(call, attempt, headers);
      let outcome: HttpResponse | KalshiError;
      try {
        outcome = await this.#transport(request);
      } catch (cause) {
        outcome = transportFailure(call, attempt, cause);
      }
      const result = this.#classify<T>(call, attempt, outcome);
      if (typeof result !== 'number') return result;
      await this.#backOff(call, result, outcome);
    }
  }

  /** Checks the call's parameters and builds what every attempt sends; throws, sending nothing, when it cannot. */
  #prepare(op: OperationSpec, params: Record<string, unknown>, options: RequestOptions): Call {
    const bearer = op.auth === 'bearer';
    if (bearer ? this.#authorization === undefined : op.auth && op.auth !== 'optional' && !this.signer)
      throw new AuthRequiredError(op.id, bearer ? BEARER_HINT : undefined);
    for (const name of op.required ?? [])
      if (params[name] == null) throw new InvalidParameterError(op.id, name, 'is required');
    // Without a spread body every key must be a parameter; with one, any other key is a body field.
    if (!Array.isArray(op.body)) refuseUnknownParams(op, params);
    const path = this.#basePath + buildPath(op.path, params);
    return {
      op,
      params,
      options,
      path,
      url: this.#origin + path + (op.query ? buildQuery(params, op.query) : ''),
      body: requestBody(op, params),
      paramHeaders: op.headers && buildHeaders(op.id, params, op.headers),
      timeout: options.timeout ?? this.#options.timeout ?? 30_000,
      // Retries allowed: none for POST/PUT/DELETE unless the call opts in.
      retries:
        isIdempotentMethod(op.method) || options.idempotent ? (options.maxRetries ?? this.#options.maxRetries ?? 2) : 0,
      hold: this.#holds[rateLimitBucket(op.method)],
      info: undefined,
      started: 0,
    };
  }

  /**
   * A 429 holds its bucket. A held request waits before taking the rate limiter's tokens, in its turn, and again if
   * a 429 came while it waited for them; either way it is signed when it is actually sent.
   */
  async #waitTurn({ op, params, options, hold }: Call): Promise<void> {
    if (hold.active) await hold.wait(options.signal);
    if (this.#options.rateLimiter) {
      await this.#options.rateLimiter.acquire(op, params, options.signal);
      if (hold.active) await hold.wait(options.signal);
    }
  }

  /** An attempt's headers, before it is signed. */
  #headers({ options, paramHeaders, body }: Call): Record<string, string> {
    const headers: Record<string, string> = options.headers
      ? { accept: 'application/json', ...options.headers }
      : { accept: 'application/json' };
    if (paramHeaders) Object.assign(headers, paramHeaders);
    if (body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }

  /** What the transport is given for an attempt; the onRequest hook hears of it. */
  #httpRequest(call: Call, attempt: number, headers: Record<string, string>): HttpRequest {
    if (this.#observed) {
      call.info = {
        operationId: call.op.id,
        method: call.op.method,
        url: call.url,
        attempt,
        headers: redactCredentials(headers),
      };
      this.#hook('onRequest', call.info);
      call.started = Date.now();
    }
    const { op, url, body, options, timeout } = call;
    return { method: op.method, url, headers, body, signal: options.signal, timeout };
  }

  /**
   * What an attempt's outcome means, once the onResponse hook has heard of an answer: a 2xx is the call's response;
   * a failure is either retried, and then this is the wait before the next attempt, or thrown. A 2xx whose body is
   * not JSON is thrown, never retried.
   */
  #classify<T>(call: Call, attempt: number, outcome: HttpResponse | KalshiError): ApiResponse<T> | number {
    if (outcome instanceof KalshiError) return this.#retryDelay(call, attempt, outcome);
    const { status, headers, body: text } = outcome;
    if (call.info) {
      const durationMs = Date.now() - call.started;
      this.#hook('onResponse', {
        ...call.info,
        status,
        responseHeaders: headers,
        requestId: requestIdOf(outcome),
        durationMs,
      });
    }
    const data = parseJson(text);
    if (status >= 200 && status < 300) {
      // The text itself came back: not JSON, which only an empty or blank body may be.
      if (data === text && text.trim()) throw new ResponseParseError(contextOf(call), status, text, attempt);
      const value = (data === text ? undefined : data) as T;
      return { data: value, status, headers, requestId: requestIdOf(outcome), attempts: attempt };
    }
    // Only an opted-in write is retried, so a 409 to its retry is the server refusing a duplicate of an earlier
    // attempt that it accepted, but whose answer was lost.
    const context = contextOf(call);
    const error =
      status === 409 && attempt > 1 && !isIdempotentMethod(call.op.method)
        ? new AlreadyAcceptedError(context, status, data, headers, attempt, idempotencyKey(call.op, call.params))
        : errorForStatus(context, status, data, headers, attempt);
    return this.#retryDelay(call, attempt, error, outcome);
  }

  /**
   * The wait before retrying a failed attempt; throws `error` (telling the hooks) when the call has no retry left or
   * the failure is not worth one. A 429 holds its bucket either way.
   */
  #retryDelay(call: Call, attempt: number, error: KalshiError, response?: HttpResponse): number {
    const delay = attempt <= call.retries ? retryDelay(attempt, this.#options.retry, response) : undefined;
    // The bucket is empty for every request drawing from it, not only this one (which may itself not be retried).
    const holdMs = response?.status === 429 ? (delay ?? retryDelay(attempt, this.#options.retry, response)) : undefined;
    if (holdMs !== undefined) call.hold.extend(holdMs);
    if (delay === undefined) {
      if (call.info) this.#hook('onError', error, call.info);
      throw error;
    }
    return delay;
  }

  /** Waits `delay` before the next attempt: a rate-limited retry waits in its bucket's hold, in its turn. */
  #backOff(call: Call, delay: number, outcome: HttpResponse | KalshiError): Promise<void> {
    return outcome instanceof KalshiError || outcome.status !== 429
      ? sleep(delay, call.options.signal)
      : call.hold.wait(call.options.signal);
  }

  #hook(name: keyof Hooks, ...args: unknown[]): void {
    try {
      (this.#options[name] as ((...a: unknown[]) => void) | undefined)?.(...args);
    } catch {
      // Hooks are for observation; a broken logger must not fail a trade.
    }
  }
}

/** One call, prepared once for all its attempts. */
interface Call {
  readonly op: OperationSpec;
  readonly params: Record<string, unknown>;
  readonly options: RequestOptions;
  /** The path that is signed: the base URL's path and the operation's, without the query. */
  readonly path: string;
  readonly url: string;
  readonly body: string | undefined;
  readonly paramHeaders: Record<string, string> | undefined;
  readonly timeout: number;
  /** How many times the call may be retried. */
  readonly retries: number;
  /** The hold of the call's rate-limit bucket. */
  readonly hold: Hold;
  /** The latest attempt as the hooks see it; undefined without hooks. */
  info: RequestInfo | undefined;
  /** When the latest attempt was sent, in ms, for the onResponse hook. */
  started: number;
}

/** The headers as hooks see them: the signature and a bearer token redacted, whoever set them. */
function redactCredentials(headers: Record<string, string>): Record<string, string> {
  const seen = { ...headers };
  for (const name in seen) if (CREDENTIAL_HEADERS.has(name.toLowerCase())) seen[name] = '[redacted]';
  return seen;
}

const CREDENTIAL_HEADERS = new Set([ACCESS_SIGNATURE_HEADER.toLowerCase(), AUTHORIZATION_HEADER]);

/** Where a call was going, for its errors; made only for an error, so that a success allocates none. */
function contextOf({ op, path }: Call): RequestContext {
  return { operationId: op.id, method: op.method, path };
}

/** A transport that got no answer: the call's reason when it was aborted (thrown), else the attempt's error. */
function transportFailure(call: Call, attempt: number, cause: unknown): KalshiError {
  if (call.options.signal?.aborted) throw call.options.signal.reason;
  return cause instanceof TransportTimeoutError
    ? new TimeoutError(contextOf(call), call.timeout, attempt)
    : new ConnectionError(contextOf(call), cause, attempt);
}

function requestIdOf({ headers }: HttpResponse): string | undefined {
  return headers['x-request-id'] ?? headers['request-id'];
}

function requestBody(op: OperationSpec, params: Record<string, unknown>): string | undefined {
  // JSON.stringify leaves out undefined values, and gives undefined for an undefined body.
  if (op.body === 'whole') return JSON.stringify(params.body);
  if (!op.body) return undefined;
  const fields: Record<string, unknown> = {};
  let given = false;
  for (const key in params)
    if (!op.body.includes(key)) {
      fields[key] = params[key];
      given ||= params[key] !== undefined;
    }
  return given || !op.optionalBody ? JSON.stringify(fields) : undefined;
}

/** Each operation's parameter names (and `body` for a whole body), gathered on its first call. */
const parameterNames = new WeakMap<OperationSpec, Set<string>>();

/** A key that is no parameter of `op` would be dropped silently: refuse it, unless it is undefined (absent). */
function refuseUnknownParams(op: OperationSpec, params: Record<string, unknown>): void {
  let names = parameterNames.get(op);
  if (!names) {
    names = new Set([...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!));
    for (const entry of op.query ?? []) names.add(typeof entry === 'string' ? entry : entry.name);
    for (const name of op.headers ?? []) names.add(name);
    if (op.body === 'whole') names.add('body');
    parameterNames.set(op, names);
  }
  for (const key in params)
    if (params[key] !== undefined && !names.has(key))
      throw new InvalidParameterError(
        op.id,
        key,
        `is unknown: ${op.id} takes ${names.size ? [...names].join(', ') : 'no parameters'}`,
      );
}

/** The call's value of the operation's idempotency key, if it has one and the call set it. */
function idempotencyKey(op: OperationSpec, params: Record<string, unknown>): IdempotencyKey | undefined {
  const name = op.idempotencyKey;
  if (!name) return undefined;
  const value = ((op.body === 'whole' ? params.body : params) as Record<string, unknown> | undefined)?.[name];
  return value == null || value === '' ? undefined : { name, value: String(value) };
}

/** The body as JSON, or the text itself when it is not JSON. An empty body is not parsed: throwing is slow. */
function parseJson(text: string): unknown {
  try {
    return text && JSON.parse(text);
  } catch {
    return text;
  }
}
