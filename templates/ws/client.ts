import { resolveConnection, type ConnectionOptions } from '../runtime/config.js';
import type { Product } from '../runtime/product.js';
import { ConfigError, KalshiError } from '../runtime/errors.js';
import type { Platform } from '../runtime/platform.js';
import { resolveReconnect, type ReconnectOptions } from './backoff.js';
import { Commands, IGNORE_REPLY, commandError, type Frame } from './commands.js';
import { CLOSED_BY_CLIENT, WsConnection, type ConnectionState } from './connection.js';
import { WsClosedError } from './errors.js';
import { Listeners } from './listeners.js';
import type {
  ChannelDescriptor,
  MessageListener,
  MessageType,
  SubscribeArguments,
  SubscribeParams,
  TypedMessage,
  UpdateSubscriptionParams,
  WsProtocol,
} from './protocol.js';
import type { GapEvent, Subscription, SubscriptionOptions } from './subscription.js';
import { Subscriptions } from './subscriptions.js';

export interface KalshiWebSocketOptions<E extends string = string> extends ConnectionOptions<E> {
  /** Reconnect with jittered exponential backoff (default), or `false` to stay closed after the first drop. */
  reconnect?: ReconnectOptions | false;
  /**
   * Watchdog: when nothing (no message, no ping) arrives for this long, the connection is presumed dead and
   * replaced. Kalshi pings every 10 s. Default 30 000 ms; 0 disables it.
   */
  idleTimeoutMs?: number;
  /** How long a command waits for its reply. Default 10 000 ms. */
  commandTimeoutMs?: number;
  /** Unread messages kept per subscription (see SubscriptionOptions). Default 10 000. */
  bufferSize?: number;
}

/** A frame the client could not use. It is reported with its raw text, never dropped silently. */
export interface UnhandledFrame {
  reason: 'invalid-json' | 'not-an-object' | 'unknown-type' | 'no-subscription' | 'wrong-channel';
  raw: string;
  /** The JSON.parse error, for `invalid-json`. */
  error?: unknown;
}

export interface WsClientEvents {
  /** A connection is open (`reconnect`: not the first one). Subscriptions are being re-established. */
  open: (info: { reconnect: boolean }) => void;
  close: (info: { code: number; reason: string; willReconnect: boolean }) => void;
  reconnecting: (info: { attempt: number; delayMs: number }) => void;
  /** A sequence gap on some subscription (also reported on the subscription itself). */
  gap: (gap: GapEvent) => void;
  unhandledFrame: (frame: UnhandledFrame) => void;
  /** Connection failures, errors the server sent unprompted, and exceptions thrown by listeners. */
  error: (error: Error) => void;
}

export interface WsStats {
  framesReceived: number;
  unhandledFrames: number;
  gaps: number;
  reconnects: number;
  /** Frames for a subscription id the client had already left (after a gap or unsubscribe): expected, ignored. */
  staleFrames: number;
}

type ParamsOf<Command, C> = Extract<Command, { cmd?: C }> extends { params?: infer P } ? P : undefined;

/**
 * The Kalshi WebSocket client, generic over the spec's unions: `Server` (every server frame), `Command` (every
 * client command), `Channels` (channel name → its messages) and `Params` (channel name → the subscribe params it
 * accepts). The generated `KalshiWebSocket` fixes them and the spec's `WsProtocol`; the package entry points fix the
 * platform.
 *
 * One connection, many subscriptions. The handshake is signed afresh on every connect. Dropped connections are
 * replaced with jittered exponential backoff and every subscription is re-established under its new sid; a gap in
 * a sequenced channel triggers a resubscribe (a fresh snapshot for books).
 *
 * It wires three parts together: the connection (connection.ts), the commands awaiting replies (commands.ts) and
 * the subscriptions (subscriptions.ts), and turns frames into their events.
 */
export class KalshiWebSocketBase<
  Server extends TypedMessage,
  Command,
  Channels extends { [C in keyof Channels]: TypedMessage },
  Code extends number = number,
  Params extends { [C in keyof Channels]: object } = { [C in keyof Channels]: SubscribeParams<Command> },
> {
  readonly url: string;
  readonly #protocol: WsProtocol;
  readonly #knownTypes: ReadonlySet<string>;
  readonly #dataTypes: ReadonlySet<string>;
  readonly #bufferSize: number;
  readonly #events: Listeners<WsClientEvents>;
  readonly #messages: Listeners<Record<string, (message: Server) => void>>;
  readonly #connection: WsConnection;
  readonly #commands: Commands;
  readonly #subscriptions: Subscriptions;
  #emittingError = false;
  #framesReceived = 0;
  #unhandledFrames = 0;

  constructor(options: KalshiWebSocketOptions, platform: Platform, protocol: WsProtocol, product: Product) {
    const connection = resolveConnection(options, platform, product);
    if (!platform.WebSocket) {
      throw new ConfigError(
        `no WebSocket implementation on this platform (${platform.name}): on Node install the "ws" package`,
      );
    }
    if (connection.signer && !platform.webSocketHeaders) {
      throw new ConfigError(
        'this platform cannot send the KALSHI-ACCESS-* headers on a WebSocket handshake (browsers cannot set them): ' +
          'connect through a server-side relay that signs the upgrade (set wsUrl to it) and pass no credentials here',
      );
    }
    this.url = connection.wsUrl;
    this.#protocol = protocol;
    this.#knownTypes = new Set(protocol.serverMessageTypes);
    this.#dataTypes = new Set(Object.values(protocol.channels).flatMap((c) => c.messageTypes));
    const reconnect = options.reconnect === false ? undefined : resolveReconnect(options.reconnect);
    const idleTimeoutMs = nonNegative('idleTimeoutMs', options.idleTimeoutMs ?? 30_000);
    const commandTimeoutMs = nonNegative('commandTimeoutMs', options.commandTimeoutMs ?? 10_000);
    this.#bufferSize = options.bufferSize ?? 10_000;
    const listenerError = (error: unknown) =>
      this.#emitError(error instanceof Error ? error : new KalshiError(String(error)));
    // A throwing `error` listener has nowhere left to report to: rethrow it outside the client, like EventEmitter.
    this.#events = new Listeners((error) => {
      if (this.#emittingError)
        queueMicrotask(() => {
          throw error;
        });
      else listenerError(error);
    });
    this.#messages = new Listeners(listenerError);
    this.#connection = new WsConnection(
      { url: this.url, signer: connection.signer, WebSocket: platform.WebSocket, reconnect, idleTimeoutMs },
      {
        open: (info) => {
          this.#events.emit('open', info);
          this.#subscriptions.resume();
        },
        frame: (data) => this.#onFrame(data),
        lost: () => {
          this.#commands.dropAll();
          this.#subscriptions.connectionLost();
        },
        close: (info) => this.#events.emit('close', info),
        reconnecting: (info) => this.#events.emit('reconnecting', info),
        gaveUp: (error) => this.#subscriptions.connectionFailed(error),
        error: (error) => this.#emitError(error),
        probe: () => this.#commands.send('list_subscriptions', undefined, IGNORE_REPLY),
      },
    );
    this.#commands = new Commands(this.#connection, commandTimeoutMs, protocol.errorCodes);
    this.#subscriptions = new Subscriptions({
      send: (cmd, params, handlers) => this.#commands.send(cmd, params, handlers),
      connected: () => this.#connection.state === 'open',
      gap: (gap) => this.#events.emit('gap', gap),
      error: (error) => this.#emitError(error),
      listenerError,
    });
  }

  /** `idle` → `connecting` → `open`, `reconnecting` between connections, `closed` after close() or giving up. */
  get state(): ConnectionState {
    return this.#connection.state;
  }

  get stats(): Readonly<WsStats> {
    return {
      framesReceived: this.#framesReceived,
      unhandledFrames: this.#unhandledFrames,
      gaps: this.#subscriptions.gaps,
      reconnects: this.#connection.reconnects,
      staleFrames: this.#subscriptions.staleFrames,
    };
  }

  /** Opens the connection (subscribe and command do so on demand). Resolves once it is open. */
  connect(): Promise<void> {
    const ready = this.#connection.whenOpen();
    this.#connection.start();
    return ready;
  }

  /** Connection events: open, close, reconnecting, gap, unhandledFrame, error. Returns a function that removes the listener. */
  on<E extends keyof WsClientEvents>(event: E, listener: WsClientEvents[E]): () => void {
    return this.#events.on(event, listener);
  }

  /** Every server frame of type `type` (or every frame for `'*'`), replies included, whichever subscription it belongs to. */
  onMessage<T extends MessageType<Server> | '*'>(type: T, listener: MessageListener<Server, T>): () => void {
    return this.#messages.on(type, listener as (message: Server) => void);
  }

  /**
   * Subscribes to one channel. Resolves with the subscription once the server confirms it (rejects with a
   * WsCommandError carrying Kalshi's code if it refuses). The subscription survives reconnects.
   */
  subscribe<C extends keyof Channels & string>(
    channel: C,
    ...[params, options]: SubscribeArguments<Params[C], SubscriptionOptions>
  ): Promise<Subscription<Channels[C], UpdateSubscriptionParams<Command>>> {
    if (this.#connection.state === 'closed') return Promise.reject(new WsClosedError(CLOSED_BY_CLIENT));
    const descriptor: ChannelDescriptor | undefined = Object.hasOwn(this.#protocol.channels, channel)
      ? this.#protocol.channels[channel]
      : undefined;
    if (!descriptor) {
      return Promise.reject(
        new ConfigError(`unknown channel "${channel}"; channels: ${Object.keys(this.#protocol.channels).join(', ')}`),
      );
    }
    let confirmed: Promise<Subscription<TypedMessage, unknown>>;
    try {
      confirmed = this.#subscriptions.add(
        channel,
        descriptor,
        { ...(params as Record<string, unknown>) },
        options?.overflow ?? descriptor.overflow,
        options?.bufferSize ?? this.#bufferSize,
      );
    } catch (error) {
      return Promise.reject(error);
    }
    this.#connection.start();
    return confirmed as unknown as Promise<Subscription<Channels[C], UpdateSubscriptionParams<Command>>>;
  }

  /**
   * Sends any command of the spec and resolves with the server's reply frame (rejects with WsCommandError on an
   * `error` reply). Prefer `subscribe()` and the subscription's methods for subscriptions: they track sids.
   */
  async command<C extends Exclude<Command extends { cmd?: infer N } ? N : never, undefined> & string>(
    cmd: C,
    params?: ParamsOf<Command, C>,
  ): Promise<Server> {
    await this.connect();
    return new Promise((resolve, reject) => {
      this.#commands.send(cmd, params as Record<string, unknown> | undefined, {
        onReply: (frame) => resolve(frame as unknown as Server),
        onError: reject,
        onDrop: () => reject(new WsClosedError(`the connection closed before ${cmd} was answered`)),
      });
    });
  }

  /**
   * Closes the connection for good: no reconnect, pending commands reject with WsClosedError, subscriptions end
   * (iterators finish). Resolves when the socket has closed.
   */
  close(code = 1000, reason = ''): Promise<void> {
    const error = new WsClosedError(CLOSED_BY_CLIENT);
    const closed = this.#connection.close(code, reason, error);
    this.#commands.dropAll();
    this.#subscriptions.clientClosed(error);
    return closed;
  }

  #onFrame(data: unknown): void {
    this.#framesReceived++;
    const raw = typeof data === 'string' ? data : decodeFrame(data);
    let frame: Frame;
    try {
      frame = JSON.parse(raw);
    } catch (error) {
      return this.#unhandled('invalid-json', raw, error);
    }
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame))
      return this.#unhandled('not-an-object', raw);
    const sid = frame.sid;
    if (typeof sid === 'number') {
      const record = this.#subscriptions.routed(sid);
      if (record !== undefined && record.types.has(frame.type as string)) {
        if (record.receive(frame, sid)) this.#emitMessage(frame);
        return;
      }
    }
    this.#onControlFrame(frame, raw);
  }

  /** Replies to commands, errors, and data frames that match no live subscription. */
  #onControlFrame(frame: Frame, raw: string): void {
    if (this.#commands.settle(frame)) return this.#emitMessage(frame);
    const { type, sid } = frame;
    if (typeof type !== 'string' || !this.#knownTypes.has(type)) return this.#unhandled('unknown-type', raw);
    if (type === 'error') this.#emitError(commandError<Code>(this.#protocol.errorCodes, undefined, frame));
    else if (typeof sid === 'number' && this.#dataTypes.has(type)) {
      const reason = this.#subscriptions.misrouted(sid);
      if (reason !== undefined) this.#unhandled(reason, raw);
      return;
    }
    this.#emitMessage(frame);
  }

  #unhandled(reason: UnhandledFrame['reason'], raw: string, error?: unknown): void {
    this.#unhandledFrames++;
    this.#events.emit('unhandledFrame', error === undefined ? { reason, raw } : { reason, raw, error });
  }

  #emitMessage(frame: Frame): void {
    if (this.#messages.size === 0) return;
    const message = frame as unknown as Server;
    this.#messages.emit(frame.type as string, message);
    this.#messages.emit('*', message);
  }

  #emitError(error: Error): void {
    this.#emittingError = true;
    try {
      this.#events.emit('error', error);
    } finally {
      this.#emittingError = false;
    }
  }
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new ConfigError(`${name} must be a non-negative number of milliseconds, got ${value}`);
  return value;
}

const decoder = new TextDecoder();

function decodeFrame(data: unknown): string {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
    return decoder.decode(data as ArrayBuffer | ArrayBufferView);
  if (Array.isArray(data)) return data.map(decodeFrame).join('');
  return String(data);
}
