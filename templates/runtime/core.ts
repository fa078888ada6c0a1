import { resolveConnection, type ConnectionOptions, type Environment } from './config.js';
import {
  AuthRequiredError,
  ConnectionError,
  InvalidParameterError,
  KalshiError,
  ResponseParseError,
  TimeoutError,
  errorForStatus,
  type RequestContext,
} from './errors.js';
import type { Platform } from './platform.js';
import { buildPath, buildQuery, type QueryParamSpec } from './query.js';
import {
  DEFAULT_RETRY,
  backoffDelay,
  isIdempotentMethod,
  isRetryableStatus,
  retryAfterMs,
  sleep,
  type RetryOptions,
} from './retry.js';
import { ACCESS_SIGNATURE_HEADER, signRequest, type Signer } from './signer.js';
import { TransportTimeoutError, type HttpResponse, type Transport } from './transport.js';

/** What the generated code declares about one operation; everything else is runtime policy. */
export interface OperationSpec {
  /** Kalshi's operationId, used in errors and hooks. */
  readonly id: string;
  readonly method: string;
  /** Path template relative to the base URL, e.g. `/markets/{ticker}`. */
  readonly path: string;
  /** Whether the spec requires signed headers. */
  readonly auth?: boolean;
  readonly query?: readonly (string | QueryParamSpec)[];
  readonly headers?: readonly string[];
  /** Parameters a JavaScript caller must pass (TypeScript enforces them already). */
  readonly required?: readonly string[];
  /**
   * The JSON body. `whole`: `params.body`. A list: the body's fields are spread into the params, so every param
   * except the listed ones (the path, query and header parameters) is a body field.
   */
  readonly body?: 'whole' | readonly string[];
  /** Write-limited operations: rate-limit cost as a fixed number, or per item of an array field of the body. */
  readonly write?: number | { readonly field: string; readonly per: number };
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
 * every attempt. It works out the call's cost itself (see `operationCost`), so clients without one carry no such code.
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

export interface ClientOptions extends ConnectionOptions, Hooks {
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
   * Allow retrying this call even though its method (POST/PUT/DELETE) is not idempotent, e.g. a CreateOrder with a
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
    this.#data ??= this.#response.then((r) => r.data);
    return this.#data.then(onFulfilled, onRejected);
  }

  override catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then(
      (value) => {
        onFinally?.();
        return value;
      },
      (reason) => {
        onFinally?.();
        throw reason;
      },
    );
  }
}

/**
 * The hand-written heart of the SDK: configuration, signing, retries, timeouts, rate limiting and error mapping,
 * in one place. Generated operation functions only describe themselves and call `request`.
 */
export class KalshiCore {
  readonly environment: Environment;
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly platform: Platform;
  readonly #signer: Signer | undefined;
  readonly #transport: Transport;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #maxRetries: number;
  readonly #timeout: number;
  readonly #retry: Required<RetryOptions>;
  readonly #rateLimiter: RateLimiter | undefined;
  readonly #hooks: Hooks;
  /** Whether any hook is set; without hooks no per-request info objects are built (they cost throughput). */
  readonly #observed: boolean;

  constructor(options: ClientOptions, platform: Platform) {
    const connection = resolveConnection(options, platform);
    this.environment = connection.environment;
    this.baseUrl = connection.baseUrl;
    this.wsUrl = connection.wsUrl;
    this.platform = platform;
    this.#signer = connection.signer;
    this.#transport = options.transport ?? platform.createTransport();
    const url = new URL(this.baseUrl);
    this.#origin = url.origin;
    this.#basePath = url.pathname.replace(/\/$/, '');
    this.#maxRetries = options.maxRetries ?? 2;
    this.#timeout = options.timeout ?? 30_000;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#rateLimiter = options.rateLimiter;
    this.#hooks = { onRequest: options.onRequest, onResponse: options.onResponse, onError: options.onError };
    this.#observed = Object.values(this.#hooks).some((hook) => hook !== undefined);
  }

  /** Whether the client has credentials (private operations need them). */
  get authenticated(): boolean {
    return this.#signer !== undefined;
  }

  /** The signer, for the WebSocket client's handshake. */
  get signer(): Signer | undefined {
    return this.#signer;
  }

  request<T>(op: OperationSpec, params: object = {}, options: RequestOptions = {}): ApiPromise<T> {
    return new ApiPromise(this.#send<T>(op, params as Record<string, unknown>, options));
  }

  async #send<T>(op: OperationSpec, params: Record<string, unknown>, options: RequestOptions): Promise<ApiResponse<T>> {
    if (op.auth && !this.#signer) throw new AuthRequiredError(op.id);
    for (const name of op.required ?? []) {
      if (params[name] === undefined || params[name] === null)
        throw new InvalidParameterError(op.id, name, 'is required');
    }
    const path = this.#basePath + buildPath(op.path, params);
    const url = this.#origin + path + (op.query ? buildQuery(params, op.query) : '');
    const body = requestBody(op, params);
    const context: RequestContext = { operationId: op.id, method: op.method, path };
    const maxRetries = options.maxRetries ?? this.#maxRetries;
    const canRetry = isIdempotentMethod(op.method) || options.idempotent === true;
    const timeout = options.timeout ?? this.#timeout;

    for (let attempt = 1; ; attempt++) {
      if (this.#rateLimiter) await this.#rateLimiter.acquire(op, params, options.signal);
      const headers: Record<string, string> = options.headers
        ? { accept: 'application/json', ...options.headers }
        : { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      // Every attempt is signed again: Kalshi rejects stale timestamps.
      if (op.auth || this.#signer) Object.assign(headers, await signRequest(this.#signer!, op.method, path));
      const info: RequestInfo | undefined = this.#observed
        ? { operationId: op.id, method: op.method, url, attempt, headers: redact(headers) }
        : undefined;
      if (info) this.#hook('onRequest', info);
      const started = info ? Date.now() : 0;
      const retriesLeft = canRetry && attempt <= maxRetries;

      let response: HttpResponse;
      try {
        response = await this.#transport({ method: op.method, url, headers, body, signal: options.signal, timeout });
      } catch (cause) {
        if (options.signal?.aborted) throw options.signal.reason;
        const error =
          cause instanceof TransportTimeoutError
            ? new TimeoutError(context, timeout, attempt)
            : new ConnectionError(context, cause, attempt);
        if (retriesLeft) {
          await sleep(backoffDelay(attempt, this.#retry), options.signal);
          continue;
        }
        if (info) this.#hook('onError', error, info);
        throw error;
      }

      const requestId = response.headers['x-request-id'] ?? response.headers['request-id'];
      if (info)
        this.#hook('onResponse', {
          ...info,
          status: response.status,
          responseHeaders: response.headers,
          requestId,
          durationMs: Date.now() - started,
        });
      if (response.status >= 200 && response.status < 300) {
        return {
          data: parseBody(response, context) as T,
          status: response.status,
          headers: response.headers,
          requestId,
          attempts: attempt,
        };
      }

      const error = errorForStatus(context, response.status, parseErrorBody(response.body), response.headers, attempt);
      if (retriesLeft && isRetryableStatus(response.status)) {
        const requested = retryAfterMs(response.headers);
        if (requested === undefined || requested <= this.#retry.maxRetryAfterMs) {
          await sleep(requested ?? backoffDelay(attempt, this.#retry), options.signal);
          continue;
        }
      }
      if (info) this.#hook('onError', error, info);
      throw error;
    }
  }

  #hook<K extends keyof Hooks>(name: K, ...args: Parameters<NonNullable<Hooks[K]>>): void {
    try {
      (this.#hooks[name] as ((...a: unknown[]) => void) | undefined)?.(...args);
    } catch {
      // Hooks are for observation; a broken logger must not fail a trade.
    }
  }
}

function requestBody(op: OperationSpec, params: Record<string, unknown>): string | undefined {
  // JSON.stringify leaves out undefined values, and gives undefined for an undefined body.
  if (op.body === 'whole') return JSON.stringify(params.body);
  if (!op.body) return undefined;
  const fields: Record<string, unknown> = {};
  for (const key in params) if (!op.body.includes(key)) fields[key] = params[key];
  return JSON.stringify(fields);
}

function parseBody(response: HttpResponse, context: RequestContext): unknown {
  if (response.status === 204 || response.body === '') return undefined;
  try {
    return JSON.parse(response.body);
  } catch {
    // Whitespace is an empty body too; checked only here, off the hot path.
    if (response.body.trim() === '') return undefined;
    throw new ResponseParseError(context, response.status, response.body);
  }
}

function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function redact(headers: Record<string, string>): Record<string, string> {
  return ACCESS_SIGNATURE_HEADER in headers ? { ...headers, [ACCESS_SIGNATURE_HEADER]: '[redacted]' } : headers;
}
