import { KalshiError } from '../runtime/errors.js';

/** The server answered a command with an `error` frame. `code` is Kalshi's numeric code (see WS_ERROR_CODES). */
export class WsCommandError<Code extends number = number> extends KalshiError {
  override name = 'WsCommandError';
  constructor(
    /** The command that failed (`subscribe`, `update_subscription`, …); undefined for an error no command caused. */
    readonly command: string | undefined,
    readonly code: Code,
    /** The server's message, e.g. `Already subscribed`. */
    readonly serverMessage: string,
    /** The code's name from the spec's error table, when the code is documented. */
    readonly codeName: string | undefined,
    /** The whole error frame, for fields such as `market_ticker`. */
    readonly frame: unknown,
  ) {
    super(`${command ?? 'WebSocket'} failed with error ${code}${codeName ? ` (${codeName})` : ''}: ${serverMessage}`);
  }
}

/** A command was not answered within `commandTimeoutMs`. */
export class WsTimeoutError extends KalshiError {
  override name = 'WsTimeoutError';
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`${command} got no reply within ${timeoutMs} ms`);
  }
}

/** The connection closed (or `close()` was called) before the operation could complete. */
export class WsClosedError extends KalshiError {
  override name = 'WsClosedError';
}

/** The connection could not be (re)established: handshake refused, network error, retries exhausted. */
export class WsConnectionError extends KalshiError {
  override name = 'WsConnectionError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** A subscription with the `error` overflow policy received more messages than its buffer holds unread. */
export class SubscriptionOverflowError extends KalshiError {
  override name = 'SubscriptionOverflowError';
  constructor(
    readonly channel: string,
    readonly bufferSize: number,
  ) {
    super(
      `${channel} subscription overflowed its buffer of ${bufferSize} unread messages; it was closed because ` +
        'dropping messages would corrupt its state. Consume faster, raise bufferSize, or resubscribe.',
    );
  }
}
