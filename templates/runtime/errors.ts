import { isIdempotentMethod } from './retry.js';
import { CREDENTIALS_HINT } from './signer.js';

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

// Fields below are `declare`d and assigned in the constructor: a parameter property or initialised field would be
// emitted twice (declaration and assignment), and these classes are in every bundle.

/**
 * An operation the spec marks as authenticated was called on a client without the credentials it needs. Nothing was
 * sent. The message says what to pass or set: `hint`, by default the signing credentials.
 */
export class AuthRequiredError extends KalshiError {
  override name = 'AuthRequiredError';
  declare readonly operationId: string;

  constructor(operationId: string, hint = CREDENTIALS_HINT) {
    super(`${operationId} requires authentication: ${hint}`);
    this.operationId = operationId;
  }
}

/** A call's arguments are unusable (missing required parameter, wrong shape). Nothing was sent. */
export class InvalidParameterError extends KalshiError {
  override name = 'InvalidParameterError';
  declare readonly operationId: string;
  declare readonly parameter: string;

  constructor(operationId: string, parameter: string, problem: string) {
    super(`${operationId}: parameter "${parameter}" ${problem}`);
    this.operationId = operationId;
    this.parameter = parameter;
  }
}

/**
 * A request failed: the base of ApiError, ConnectionError, TimeoutError and ResponseParseError. The message starts
 * with the operation, method and path, and ends with the number of attempts when there were retries.
 */
export class RequestError extends KalshiError {
  declare readonly operationId: string;
  declare readonly method: string;
  /** Full URL path, without the query string. */
  declare readonly path: string;
  /** How many attempts were made, retries included. */
  declare readonly attempts: number;

  constructor(context: RequestContext, problem: string, attempts = 1, note = '') {
    const { operationId, method, path } = context;
    super(`${operationId} (${method} ${path}) ${problem}${attempts > 1 ? ` after ${attempts} attempts` : ''}${note}`);
    Object.assign(this, context, { attempts });
  }
}

/** The server answered with a non-2xx status. */
export class ApiError extends RequestError {
  override name = 'ApiError';
  declare readonly status: number;
  /** The parsed JSON body, or its text when it is not JSON. */
  declare readonly body: unknown;
  declare readonly headers: Record<string, string>;
  /** Kalshi's error code (e.g. `insufficient_balance`), when the body had one. */
  declare readonly code: string | undefined;
  declare readonly requestId: string | undefined;

  constructor(
    context: RequestContext,
    status: number,
    body: unknown,
    headers: Record<string, string>,
    attempts?: number,
    note?: string,
  ) {
    // Kalshi answers `{ error: { code, message } }`; some endpoints answer `{ code, message }`, proxies plain text.
    const fields = (typeof body === 'string' ? { message: body.slice(0, 200) } : body) as
      { error?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown } | undefined;
    const source = fields?.error ?? fields;
    const code = typeof source?.code === 'string' ? source.code : undefined;
    const message = typeof source?.message === 'string' && source.message;
    super(
      context,
      `failed with HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`,
      attempts,
      note,
    );
    Object.assign(this, { status, body, headers, code, requestId: headers['x-request-id'] ?? headers['request-id'] });
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

/** The idempotency key a request carried: the field the spec marks as one (e.g. `client_order_id`) and its value. */
export interface IdempotencyKey {
  name: string;
  value: string;
}

/**
 * A 409 answered to a retry of a POST/PUT/DELETE that opted in with `idempotent: true`: the server refused a
 * duplicate because an earlier attempt, whose answer was lost, was accepted. The order (or transfer) exists: look it
 * up by `idempotencyKey` instead of sending it again. A 409 on the first attempt is a plain ConflictError.
 */
export class AlreadyAcceptedError extends ConflictError {
  override name = 'AlreadyAcceptedError';
  declare readonly earlierAttemptAccepted: true;
  declare readonly mayHaveExecuted: true;
  /** Undefined when the operation has no idempotency key or the call did not set it. */
  declare readonly idempotencyKey: IdempotencyKey | undefined;

  constructor(
    context: RequestContext,
    status: number,
    body: unknown,
    headers: Record<string, string>,
    attempts: number,
    idempotencyKey: IdempotencyKey | undefined,
  ) {
    const lookup = idempotencyKey ? ` by ${idempotencyKey.name}=${idempotencyKey.value}` : '';
    super(
      context,
      status,
      body,
      headers,
      attempts,
      `; an earlier attempt of this call was accepted (${status} on retry attempt ${attempts}); look it up${lookup} before sending again`,
    );
    Object.assign(this, { earlierAttemptAccepted: true, mayHaveExecuted: true, idempotencyKey });
  }
}
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
}
export class ServerError extends ApiError {
  override name = 'ServerError';
}

/** Said at the end of the message of a failed POST/PUT/DELETE that may have reached the server. */
const MAY_HAVE_EXECUTED = '; it may still have been executed: check before sending it again';

/**
 * Error codes (Node's, undici's) of a connection that was never established, so nothing was sent: a refused
 * connection, an unknown or unreachable host, a connect timeout.
 */
const NOT_CONNECTED = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

/** The request never got an HTTP answer (DNS, refused, reset). */
export class ConnectionError extends RequestError {
  override name = 'ConnectionError';
  declare readonly cause: unknown;
  /**
   * True for POST/PUT/DELETE unless the connection was never established: a connection reset or closed after the
   * request was written is as uncertain as a timeout, so an order may exist. Look it up before sending it again.
   */
  declare readonly mayHaveExecuted: boolean;

  constructor(context: RequestContext, cause: unknown, attempts?: number) {
    const c = cause as { code?: string; message?: string; cause?: { code?: string } } | undefined;
    const detail = c?.code ?? c?.cause?.code ?? c?.message;
    const mayHaveExecuted = !isIdempotentMethod(context.method) && !neverConnected(cause);
    super(
      context,
      `connection failed${detail ? ` (${detail})` : ''}`,
      attempts,
      mayHaveExecuted ? MAY_HAVE_EXECUTED : '',
    );
    Object.assign(this, { cause, mayHaveExecuted });
  }
}

/** Whether an error, or one of its causes (fetch wraps undici's), says no connection was made. */
function neverConnected(error: unknown): boolean {
  let e = error as { code?: unknown; syscall?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e)
    if (NOT_CONNECTED.test(String(e.code)) || e.syscall === 'connect' || e.syscall === 'getaddrinfo') return true;
  return false;
}

/** An attempt got no complete answer within the timeout. */
export class TimeoutError extends RequestError {
  override name = 'TimeoutError';
  declare readonly timeoutMs: number;
  /**
   * True for POST/PUT/DELETE: the server may have received and executed the request before the answer was lost,
   * so an order may exist. Look it up (e.g. by client_order_id) before sending it again.
   */
  declare readonly mayHaveExecuted: boolean;

  constructor(context: RequestContext, timeoutMs: number, attempts?: number) {
    const mayHaveExecuted = !isIdempotentMethod(context.method);
    super(context, `timed out (${timeoutMs} ms)`, attempts, mayHaveExecuted ? MAY_HAVE_EXECUTED : '');
    Object.assign(this, { timeoutMs, mayHaveExecuted });
  }
}

/** The server answered 2xx with a body that is not the JSON the spec promises. */
export class ResponseParseError extends RequestError {
  override name = 'ResponseParseError';
  declare readonly status: number;
  declare readonly bodyText: string;

  constructor(context: RequestContext, status: number, bodyText: string, attempts?: number) {
    super(context, `answered ${status} with invalid JSON: ${bodyText.slice(0, 99)}`, attempts);
    Object.assign(this, { status, bodyText });
  }
}

const STATUS_ERRORS: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

export function errorForStatus(
  context: RequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  attempts?: number,
): ApiError {
  const Class = STATUS_ERRORS[status] ?? (status >= 500 ? ServerError : ApiError);
  return new Class(context, status, body, headers, attempts);
}
