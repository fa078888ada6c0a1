import { isIdempotentMethod } from './retry.js';

/**
 * Every error the SDK throws extends KalshiError. None of them ever carries the private key or a signature:
 * request headers are not kept on errors.
 */
export class KalshiError extends Error {
  override name = 'KalshiError';
}

/** The client is misconfigured (missing or unusable credentials, bad environment name). */
export class ConfigError extends KalshiError {
  override name = 'ConfigError';
}

/** Where a request was going; attached to every request-level error. */
export interface RequestContext {
  operationId: string;
  method: string;
  /** Full URL path, without the query string. */
  path: string;
}

/** An operation the spec marks as authenticated was called on a client without credentials. Nothing was sent. */
export class AuthRequiredError extends KalshiError {
  override name = 'AuthRequiredError';
  constructor(readonly operationId: string) {
    super(
      `${operationId} requires authentication: pass apiKeyId and privateKey (or set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH) when creating the client`,
    );
  }
}

/** A call's arguments are unusable (missing required parameter, wrong shape). Nothing was sent. */
export class InvalidParameterError extends KalshiError {
  override name = 'InvalidParameterError';
  constructor(
    readonly operationId: string,
    readonly parameter: string,
    problem: string,
  ) {
    super(`${operationId}: parameter "${parameter}" ${problem}`);
  }
}

/** The server answered with a non-2xx status. */
export class ApiError extends KalshiError {
  override name = 'ApiError';
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** Kalshi's error code (e.g. `insufficient_balance`), when the body had one. */
  readonly code: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    context: RequestContext,
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
    /** How many attempts were made, retries included. */
    readonly attempts = 1,
  ) {
    const { code, message } = kalshiErrorFields(body);
    super(
      `${context.operationId} (${context.method} ${context.path}) failed with HTTP ${status}` +
        (code ? ` ${code}` : '') +
        (message ? `: ${message}` : '') +
        (attempts > 1 ? ` after ${attempts} attempts` : ''),
    );
    this.operationId = context.operationId;
    this.method = context.method;
    this.path = context.path;
    this.code = code;
    this.requestId = headers['x-request-id'] ?? headers['request-id'];
  }
}

export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}
/** 401: missing, expired or invalid signature / key. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
/** 403: authenticated, but not allowed. */
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
}
export class ServerError extends ApiError {
  override name = 'ServerError';
}

/** The request never got an HTTP answer (DNS, refused, reset). */
export class ConnectionError extends KalshiError {
  override name = 'ConnectionError';
  constructor(
    readonly context: RequestContext,
    override readonly cause: unknown,
    readonly attempts = 1,
  ) {
    super(
      `${context.operationId} (${context.method} ${context.path}): connection failed` +
        `${describeCause(cause)}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
    );
  }
}

export class TimeoutError extends KalshiError {
  override name = 'TimeoutError';
  /**
   * True for POST/PUT/DELETE: the server may have received and executed the request before the answer was lost,
   * so an order may exist. Look it up (e.g. by client_order_id) before sending it again.
   */
  readonly mayHaveExecuted: boolean;

  constructor(
    readonly context: RequestContext,
    readonly timeoutMs: number,
    readonly attempts = 1,
  ) {
    const mayHaveExecuted = !isIdempotentMethod(context.method);
    super(
      `${context.operationId} (${context.method} ${context.path}) timed out after ${timeoutMs} ms` +
        (attempts > 1 ? ` (${attempts} attempts)` : '') +
        (mayHaveExecuted ? '; it may still have been executed: check before sending it again' : ''),
    );
    this.mayHaveExecuted = mayHaveExecuted;
  }
}

/** The server answered 2xx with a body that is not the JSON the spec promises. */
export class ResponseParseError extends KalshiError {
  override name = 'ResponseParseError';
  constructor(
    readonly context: RequestContext,
    readonly status: number,
    readonly bodyText: string,
  ) {
    super(
      `${context.operationId} (${context.method} ${context.path}): HTTP ${status} body is not valid JSON: ${bodyText.slice(0, 120)}`,
    );
  }
}

export function errorForStatus(
  context: RequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  attempts?: number,
): ApiError {
  const Class =
    status === 400
      ? BadRequestError
      : status === 401
        ? AuthenticationError
        : status === 403
          ? PermissionDeniedError
          : status === 404
            ? NotFoundError
            : status === 409
              ? ConflictError
              : status === 429
                ? RateLimitError
                : status >= 500
                  ? ServerError
                  : ApiError;
  return new Class(context, status, body, headers, attempts);
}

/** Kalshi answers `{ error: { code, message } }`; some endpoints answer `{ code, message }`. */
function kalshiErrorFields(body: unknown): { code?: string; message?: string } {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? { message: body.slice(0, 200) } : {};
  const inner = (body as { error?: unknown }).error;
  const source = (inner && typeof inner === 'object' ? inner : body) as Record<string, unknown>;
  return {
    code: typeof source.code === 'string' ? source.code : undefined,
    message: typeof source.message === 'string' ? source.message : undefined,
  };
}

function describeCause(cause: unknown): string {
  if (!cause || typeof cause !== 'object') return '';
  const c = cause as { code?: string; message?: string; cause?: { code?: string } };
  const code = c.code ?? c.cause?.code;
  return code ? ` (${code})` : c.message ? ` (${c.message})` : '';
}
