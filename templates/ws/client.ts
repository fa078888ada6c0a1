import { resolveConnection, type ConnectionOptions } from '../runtime/config.js';
import { ConfigError, KalshiError } from '../runtime/errors.js';
import type { Platform, WebSocketConstructor, WebSocketLike } from '../runtime/platform.js';
import { signRequest, type Signer } from '../runtime/signer.js';
import { backoffDelay, resolveReconnect, type ReconnectOptions, type ResolvedReconnect } from './backoff.js';
import { WsClosedError, WsCommandError, WsConnectionError, WsTimeoutError } from './errors.js';
import { Listeners } from './listeners.js';
import { applySubscriptionUpdate } from './params.js';
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
import {
  Subscription,
  type GapEvent,
  type SubscriptionHost,
  type SubscriptionOptions,
  type SubscriptionSink,
} from './subscription.js';

export interface KalshiWebSocketOptions extends ConnectionOptions {
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

type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the client does with the reply to a command it sent. */
interface ReplyHandlers {
  onReply(frame: Frame): void;
  onError(error: Error): void;
  /** The connection went away before the reply. */
  onDrop(): void;
}

interface Pending extends ReplyHandlers {
  cmd: string;
  timer: ReturnType<typeof setTimeout>;
}

interface Connection {
  socket: WebSocketLike;
  opened: boolean;
  error: string | undefined;
}

/** The client's record of one subscription. */
interface Entry {
  sub: Subscription<TypedMessage, unknown>;
  sink: SubscriptionSink<TypedMessage>;
  types: ReadonlySet<string>;
  sequenced: boolean;
  sid: number | undefined;
  lastSeq: number;
  /** Id of the subscribe command in flight. */
  subscribing: number | undefined;
  /** Whether the server ever confirmed it (later confirmations are resubscribes). */
  confirmedOnce: boolean;
  /** Why the next confirmation happens, once the server-side subscription was lost. */
  resubscribeReason: 'reconnect' | 'gap';
  closed: boolean;
  first: { resolve: (sub: never) => void; reject: (error: unknown) => void } | undefined;
  confirmWaiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

type Frame = { [key: string]: unknown };
type ParamsOf<Command, C> = Extract<Command, { cmd?: C }> extends { params?: infer P } ? P : undefined;

const CLOSED_BY_CLIENT = 'the WebSocket client was closed';

/** For commands sent on the client's own account (keepalive probe, leaving a dead sid): the reply does not matter. */
const IGNORE_REPLY: ReplyHandlers = { onReply() {}, onError() {}, onDrop() {} };

/** Everyone waiting on the subscription's (re)confirmation learns it will not come. */
function rejectWaiters(entry: Entry, error: unknown): void {
  entry.first?.reject(error);
  entry.first = undefined;
  for (const w of entry.confirmWaiters.splice(0)) w.reject(error);
}

/**
 * The Kalshi WebSocket client, generic over the spec's unions: `Server` (every server frame), `Command` (every
 * client command), `Channels` (channel name → its messages) and `Params` (channel name → the subscribe params it
 * accepts). The generated `KalshiWebSocket` fixes them and the spec's `WsProtocol`; the package entry points fix the
 * platform.
 *
 * One connection, many subscriptions. The handshake is signed afresh on every connect. Dropped connections are
 * replaced with jittered exponential backoff and every subscription is re-established under its new sid; a gap in
 * a sequenced channel triggers a resubscribe (a fresh snapshot for books).
 */
export class KalshiWebSocketBase<
  Server extends TypedMessage,
  Command,
  Channels extends { [C in keyof Channels]: TypedMessage },
  Code extends number = number,
  Params extends { [C in keyof Channels]: object } = { [C in keyof Channels]: SubscribeParams<Command> },
> {
  readonly url: string;
  readonly #path: string;
  readonly #signer: Signer | undefined;
  readonly #WebSocket: WebSocketConstructor;
  readonly #protocol: WsProtocol;
  readonly #knownTypes: ReadonlySet<string>;
  readonly #dataTypes: ReadonlySet<string>;
  readonly #reconnect: ResolvedReconnect | undefined;
  readonly #idleTimeoutMs: number;
  readonly #commandTimeoutMs: number;
  readonly #bufferSize: number;
  readonly #events: Listeners<WsClientEvents>;
  readonly #messages: Listeners<Record<string, (message: Server) => void>>;
  readonly #host: SubscriptionHost<unknown>;

  #state: ClientState = 'idle';
  #conn: Connection | undefined;
  #everOpened = false;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  /** performance.now() of the last frame or ping. */
  #lastActivity = 0;
  /** The #lastActivity the keepalive probe was sent after: one probe per quiet spell. */
  #probedAfter = -1;
  #pingsObserved = false;
  #emittingError = false;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  readonly #entries = new Map<Subscription<TypedMessage, unknown>, Entry>();
  readonly #routes = new Map<number, Entry>();
  readonly #retired = new Set<number>();
  #openWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  readonly #stats: WsStats = { framesReceived: 0, unhandledFrames: 0, gaps: 0, reconnects: 0, staleFrames: 0 };

  constructor(options: KalshiWebSocketOptions, platform: Platform, protocol: WsProtocol) {
    const connection = resolveConnection(options, platform);
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
    this.#path = new URL(connection.wsUrl).pathname;
    this.#signer = connection.signer;
    this.#WebSocket = platform.WebSocket;
    this.#protocol = protocol;
    this.#knownTypes = new Set(protocol.serverMessageTypes);
    this.#dataTypes = new Set(Object.values(protocol.channels).flatMap((c) => c.messageTypes));
    this.#reconnect = options.reconnect === false ? undefined : resolveReconnect(options.reconnect);
    this.#idleTimeoutMs = nonNegative('idleTimeoutMs', options.idleTimeoutMs ?? 30_000);
    this.#commandTimeoutMs = nonNegative('commandTimeoutMs', options.commandTimeoutMs ?? 10_000);
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
    this.#host = {
      unsubscribe: (sub) => this.#unsubscribe(this.#entryOf(sub)),
      update: (sub, params) => this.#update(this.#entryOf(sub), params as Record<string, unknown>),
      failed: (sub) => this.#forget(this.#entryOf(sub)),
      listenerError,
    };
  }

  /** `idle` → `connecting` → `open`, `reconnecting` between connections, `closed` after close() or giving up. */
  get state(): ClientState {
    return this.#state;
  }

  get stats(): Readonly<WsStats> {
    return { ...this.#stats };
  }

  /** Opens the connection (subscribe and command do so on demand). Resolves once it is open. */
  connect(): Promise<void> {
    const ready = this.#whenOpen();
    if (this.#state === 'idle') void this.#openSocket();
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
    if (this.#state === 'closed') return Promise.reject(new WsClosedError(CLOSED_BY_CLIENT));
    const descriptor: ChannelDescriptor | undefined = Object.hasOwn(this.#protocol.channels, channel)
      ? this.#protocol.channels[channel]
      : undefined;
    if (!descriptor) {
      return Promise.reject(
        new ConfigError(`unknown channel "${channel}"; channels: ${Object.keys(this.#protocol.channels).join(', ')}`),
      );
    }
    let sink!: SubscriptionSink<TypedMessage>;
    let sub: Subscription<TypedMessage, unknown>;
    try {
      sub = new Subscription<TypedMessage, unknown>(
        channel,
        { ...(params as Record<string, unknown>) },
        options?.overflow ?? descriptor.overflow,
        options?.bufferSize ?? this.#bufferSize,
        this.#host,
        (s) => (sink = s),
      );
    } catch (error) {
      return Promise.reject(error);
    }
    const entry: Entry = {
      sub,
      sink,
      types: new Set(descriptor.messageTypes),
      sequenced: descriptor.sequenced,
      sid: undefined,
      lastSeq: 0,
      subscribing: undefined,
      confirmedOnce: false,
      resubscribeReason: 'reconnect',
      closed: false,
      first: undefined,
      confirmWaiters: [],
    };
    this.#entries.set(sub, entry);
    return new Promise((resolve, reject) => {
      entry.first = { resolve: resolve as (sub: never) => void, reject };
      if (this.#state === 'open') this.#sendSubscribe(entry);
      else if (this.#state === 'idle') void this.#openSocket();
    });
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
      this.#send(cmd, params as Record<string, unknown> | undefined, {
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
    if (this.#state === 'closed' && !this.#conn) return Promise.resolve();
    this.#state = 'closed';
    clearTimeout(this.#reconnectTimer);
    this.#stopWatchdog();
    const error = new WsClosedError(CLOSED_BY_CLIENT);
    this.#dropPending();
    this.#rejectOpenWaiters(error);
    for (const entry of [...this.#entries.values()]) {
      entry.closed = true;
      rejectWaiters(entry, error);
      entry.sink.end();
    }
    this.#entries.clear();
    this.#routes.clear();
    const conn = this.#conn;
    // From here on the socket's events are ignored: everything it could affect is already settled.
    this.#conn = undefined;
    if (!conn) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        forceClose(conn.socket);
        resolve();
      }, 2_000);
      conn.socket.addEventListener('close', () => {
        clearTimeout(force);
        resolve();
      });
      try {
        conn.socket.close(code, reason);
      } catch {
        forceClose(conn.socket);
      }
    });
  }

  // ---- connection lifecycle -------------------------------------------------------------------------------------

  async #openSocket(): Promise<void> {
    this.#state = 'connecting';
    let headers: Record<string, string> | undefined;
    try {
      // A fresh timestamp for every handshake: Kalshi rejects stale signatures.
      if (this.#signer) headers = await signRequest(this.#signer, 'GET', this.#path);
    } catch (error) {
      if (this.#closed()) return;
      if (error instanceof ConfigError) return this.#giveUp(error);
      this.#emitError(
        new WsConnectionError(`could not sign the WebSocket handshake: ${(error as Error).message}`, error),
      );
      return this.#afterClose(1006, 'signing failed');
    }
    if (this.#closed()) return;
    let socket: WebSocketLike;
    try {
      socket = new this.#WebSocket(this.url, headers ? { headers } : undefined);
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof TypeError)
        return this.#giveUp(new ConfigError(`cannot open ${this.url}: ${error.message}`));
      this.#emitError(new WsConnectionError(`cannot open ${this.url}: ${(error as Error).message}`, error));
      return this.#afterClose(1006, 'connect failed');
    }
    if ('binaryType' in socket) socket.binaryType = 'arraybuffer';
    const conn: Connection = { socket, opened: false, error: undefined };
    this.#conn = conn;
    socket.addEventListener('open', () => {
      if (this.#conn === conn) this.#onOpen(conn);
    });
    socket.addEventListener('message', (event) => {
      if (this.#conn === conn) this.#onFrame(event.data);
    });
    socket.addEventListener('error', (event) => {
      if (this.#conn === conn) conn.error = describeError(event);
    });
    socket.addEventListener('close', (event) => {
      if (this.#conn === conn) this.#onClose(conn, event.code, event.reason);
    });
    this.#pingsObserved = observePings(socket, () => {
      if (this.#conn !== conn) return;
      this.#lastActivity = performance.now();
      this.#attempt = 0;
    });
  }

  /** Re-reads the state after an await (close() may have run meanwhile). */
  #closed(): boolean {
    return this.#state === 'closed';
  }

  #onOpen(conn: Connection): void {
    conn.opened = true;
    this.#state = 'open';
    const reconnect = this.#everOpened;
    this.#everOpened = true;
    this.#startWatchdog(conn);
    this.#events.emit('open', { reconnect });
    const waiters = this.#openWaiters;
    this.#openWaiters = [];
    for (const w of waiters) w.resolve();
    for (const entry of this.#entries.values()) {
      if (!entry.closed && entry.subscribing === undefined && entry.sid === undefined) this.#sendSubscribe(entry);
    }
  }

  #onClose(conn: Connection, code: number, reason: string): void {
    this.#conn = undefined;
    this.#stopWatchdog();
    this.#dropPending();
    this.#detachAll();
    if (this.#state === 'closed') return;
    if (!conn.opened) {
      this.#emitError(
        new WsConnectionError(`could not connect to ${this.url}: ${conn.error ?? `closed with code ${code}`}`),
      );
    }
    this.#afterClose(code, reason);
  }

  /** After a connection ended unexpectedly: reconnect with backoff, or give up. */
  #afterClose(code: number, reason: string): void {
    const options = this.#reconnect;
    const willReconnect = options !== undefined && this.#attempt < options.maxAttempts;
    this.#events.emit('close', { code, reason, willReconnect });
    if (!willReconnect) {
      const why = options
        ? `gave up after ${this.#attempt} reconnect attempts`
        : 'the connection closed and reconnect is disabled';
      return this.#giveUp(
        new WsConnectionError(`${this.url}: ${why} (last close code ${code}${reason ? `: ${reason}` : ''})`),
      );
    }
    this.#attempt++;
    const delayMs = backoffDelay(options, this.#attempt);
    this.#state = 'reconnecting';
    this.#stats.reconnects++;
    this.#events.emit('reconnecting', { attempt: this.#attempt, delayMs });
    this.#reconnectTimer = setTimeout(() => {
      if (this.#state === 'reconnecting') void this.#openSocket();
    }, delayMs);
  }

  /** Permanent failure: everything waiting on the connection is rejected with `error`. */
  #giveUp(error: Error): void {
    this.#state = 'closed';
    this.#emitError(error);
    this.#rejectOpenWaiters(error);
    for (const entry of [...this.#entries.values()]) {
      rejectWaiters(entry, error);
      entry.sink.fail(error);
    }
    this.#entries.clear();
  }

  /** The server-side subscriptions died with the connection; keep the entries for the resubscribe. */
  #detachAll(): void {
    for (const entry of this.#entries.values()) {
      entry.sid = undefined;
      entry.lastSeq = 0;
      entry.subscribing = undefined;
      entry.resubscribeReason = 'reconnect';
      entry.sink.detached();
    }
    this.#routes.clear();
    this.#retired.clear();
  }

  // Frames and pings only note the time; the timer is set for when the probe or the timeout would be due and, when
  // it fires early because something arrived meanwhile, set again from the elapsed time: never sooner, no per-frame
  // timer work.
  #startWatchdog(conn: Connection): void {
    if (this.#idleTimeoutMs === 0) return;
    this.#lastActivity = performance.now();
    this.#probedAfter = -1;
    this.#armWatchdog(conn);
  }

  #armWatchdog(conn: Connection): void {
    const idle = performance.now() - this.#lastActivity;
    const due = (this.#probeDue ? this.#idleTimeoutMs / 2 : this.#idleTimeoutMs) - idle;
    this.#watchdog = setTimeout(() => this.#checkIdle(conn), Math.max(1, due));
    (this.#watchdog as { unref?: () => void }).unref?.();
  }

  #checkIdle(conn: Connection): void {
    if (this.#conn !== conn) return;
    const idle = performance.now() - this.#lastActivity;
    if (idle >= this.#idleTimeoutMs) {
      this.#emitError(
        new WsConnectionError(`no message or ping from ${this.url} for ${this.#idleTimeoutMs} ms; reconnecting`),
      );
      forceClose(conn.socket);
      return this.#onClose(conn, 1006, 'idle timeout');
    }
    if (this.#probeDue && idle >= this.#idleTimeoutMs / 2) {
      this.#probedAfter = this.#lastActivity;
      this.#send('list_subscriptions', undefined, IGNORE_REPLY);
    }
    this.#armWatchdog(conn);
  }

  /** Where pings are invisible (browsers), a cheap command proves the connection is alive: once per quiet spell. */
  get #probeDue(): boolean {
    return !this.#pingsObserved && this.#probedAfter !== this.#lastActivity;
  }

  #stopWatchdog(): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }

  #whenOpen(): Promise<void> {
    if (this.#state === 'open') return Promise.resolve();
    if (this.#state === 'closed') return Promise.reject(new WsClosedError(CLOSED_BY_CLIENT));
    return new Promise((resolve, reject) => this.#openWaiters.push({ resolve, reject }));
  }

  #rejectOpenWaiters(error: Error): void {
    const waiters = this.#openWaiters;
    this.#openWaiters = [];
    for (const w of waiters) w.reject(error);
  }

  // ---- frames ---------------------------------------------------------------------------------------------------

  #onFrame(data: unknown): void {
    this.#lastActivity = performance.now();
    this.#stats.framesReceived++;
    // A frame (or a ping) proves the server took the connection: the next drop starts the backoff afresh.
    if (this.#attempt !== 0) this.#attempt = 0;
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
      const entry = this.#routes.get(sid);
      if (entry !== undefined && entry.types.has(frame.type as string)) {
        if (entry.sequenced) {
          const seq = frame.seq;
          if (typeof seq === 'number') {
            if (entry.lastSeq !== 0 && seq !== entry.lastSeq + 1) return this.#onGap(entry, sid, seq);
            entry.lastSeq = seq;
          }
        }
        entry.sink.deliver(frame as TypedMessage);
        this.#emitMessage(frame);
        return;
      }
    }
    this.#onControlFrame(frame, raw);
  }

  /** Replies to commands, errors, and data frames that match no live subscription. */
  #onControlFrame(frame: Frame, raw: string): void {
    const { id, type, sid } = frame;
    if (typeof id === 'number' && id > 0) {
      const pending = this.#pending.get(id);
      if (pending !== undefined) {
        this.#pending.delete(id);
        clearTimeout(pending.timer);
        if (type === 'error') pending.onError(this.#commandError(pending.cmd, frame));
        else pending.onReply(frame);
        this.#emitMessage(frame);
        return;
      }
    }
    if (typeof type !== 'string' || !this.#knownTypes.has(type)) return this.#unhandled('unknown-type', raw);
    if (type === 'error') this.#emitError(this.#commandError(undefined, frame));
    else if (typeof sid === 'number' && this.#dataTypes.has(type)) {
      if (this.#retired.has(sid)) {
        this.#stats.staleFrames++;
        return;
      }
      return this.#unhandled(this.#routes.has(sid) ? 'wrong-channel' : 'no-subscription', raw);
    }
    this.#emitMessage(frame);
  }

  #onGap(entry: Entry, sid: number, received: number): void {
    const gap: GapEvent = { channel: entry.sub.channel, sid, expected: entry.lastSeq + 1, received };
    this.#stats.gaps++;
    this.#retire(entry, sid);
    entry.resubscribeReason = 'gap';
    entry.sink.detached();
    entry.sink.gap(gap);
    this.#events.emit('gap', gap);
    // Leave the broken stream and start a fresh one: a book channel begins again with a snapshot.
    this.#send('unsubscribe', { sids: [sid] }, IGNORE_REPLY);
    this.#sendSubscribe(entry);
  }

  #unhandled(reason: UnhandledFrame['reason'], raw: string, error?: unknown): void {
    this.#stats.unhandledFrames++;
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

  #commandError(cmd: string | undefined, frame: Frame): WsCommandError<Code> {
    const msg = (frame.msg && typeof frame.msg === 'object' ? frame.msg : {}) as { code?: unknown; msg?: unknown };
    const code = (typeof msg.code === 'number' ? msg.code : 0) as Code;
    const info = Object.hasOwn(this.#protocol.errorCodes, code) ? this.#protocol.errorCodes[code] : undefined;
    const text = typeof msg.msg === 'string' ? msg.msg : (info?.name ?? 'unknown error');
    return new WsCommandError<Code>(cmd, code, text, info?.name, frame);
  }

  // ---- commands and subscriptions -------------------------------------------------------------------------------

  /** Sends a command on the open connection; `handlers` get its reply. Returns the command id. */
  #send(cmd: string, params: Record<string, unknown> | undefined, handlers: ReplyHandlers): number {
    const id = ++this.#nextId;
    const conn = this.#conn;
    if (!conn?.opened) {
      handlers.onDrop();
      return id;
    }
    const timer = setTimeout(() => {
      const pending = this.#pending.get(id);
      if (!pending) return;
      this.#pending.delete(id);
      pending.onError(new WsTimeoutError(cmd, this.#commandTimeoutMs));
    }, this.#commandTimeoutMs);
    this.#pending.set(id, { cmd, timer, ...handlers });
    try {
      conn.socket.send(JSON.stringify(params === undefined ? { id, cmd } : { id, cmd, params }));
    } catch (error) {
      this.#pending.delete(id);
      clearTimeout(timer);
      handlers.onError(new WsConnectionError(`could not send ${cmd}: ${(error as Error).message}`, error));
    }
    return id;
  }

  /** Every pending command learns that its connection is gone. */
  #dropPending(): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.onDrop();
    }
  }

  #sendSubscribe(entry: Entry): void {
    const reason = entry.confirmedOnce ? entry.resubscribeReason : 'subscribe';
    entry.subscribing = this.#send(
      'subscribe',
      { ...entry.sub.params, channels: [entry.sub.channel] },
      {
        onReply: (frame) => {
          entry.subscribing = undefined;
          const sid = (frame.msg as { sid?: unknown } | undefined)?.sid;
          if (typeof sid !== 'number')
            return this.#fail(entry, new KalshiError(`subscribe to ${entry.sub.channel}: the reply has no sid`));
          if (entry.closed) {
            this.#send('unsubscribe', { sids: [sid] }, IGNORE_REPLY);
            return;
          }
          entry.sid = sid;
          entry.lastSeq = 0;
          entry.confirmedOnce = true;
          this.#routes.set(sid, entry);
          entry.sink.confirmed(sid, reason);
          entry.first?.resolve(entry.sub as never);
          entry.first = undefined;
          for (const w of entry.confirmWaiters.splice(0)) w.resolve();
        },
        onError: (error) => {
          entry.subscribing = undefined;
          this.#fail(entry, error);
        },
        // Sent again when the next connection opens.
        onDrop: () => {
          entry.subscribing = undefined;
        },
      },
    );
  }

  #retire(entry: Entry, sid: number): void {
    this.#routes.delete(sid);
    this.#retired.add(sid);
    entry.sid = undefined;
    entry.lastSeq = 0;
  }

  /** The subscription failed for good: forget it and reject whoever waits on it. */
  #fail(entry: Entry, error: Error): void {
    this.#entries.delete(entry.sub);
    entry.closed = true;
    // Nobody awaits the subscribe any more (a resubscribe was refused): report it on the client.
    if (!entry.first) this.#emitError(error);
    rejectWaiters(entry, error);
    entry.sink.fail(error);
  }

  /** The subscription failed on its own (overflow): forget it and leave it on the server. */
  #forget(entry: Entry): void {
    this.#entries.delete(entry.sub);
    entry.closed = true;
    rejectWaiters(entry, new WsClosedError(`the ${entry.sub.channel} subscription failed`));
    const sid = entry.sid;
    if (sid !== undefined) {
      this.#retire(entry, sid);
      this.#send('unsubscribe', { sids: [sid] }, IGNORE_REPLY);
    }
  }

  #entryOf(sub: Subscription<TypedMessage, unknown>): Entry {
    const entry = this.#entries.get(sub);
    if (!entry) throw new KalshiError(`this ${sub.channel} subscription is no longer active (state ${sub.state})`);
    return entry;
  }

  async #unsubscribe(entry: Entry): Promise<void> {
    entry.closed = true;
    this.#entries.delete(entry.sub);
    rejectWaiters(entry, new WsClosedError(`unsubscribed from ${entry.sub.channel} before the server confirmed it`));
    const sid = entry.sid;
    if (sid !== undefined) {
      this.#retire(entry, sid);
      await new Promise<void>((resolve, reject) => {
        this.#send(
          'unsubscribe',
          { sids: [sid] },
          {
            onReply: () => resolve(),
            // Unknown subscription id: already gone on the server, which is what was asked.
            onError: (error) =>
              error instanceof WsCommandError || error instanceof WsTimeoutError ? resolve() : reject(error),
            onDrop: () => resolve(),
          },
        );
      });
    }
    entry.sink.end();
  }

  async #update(entry: Entry, update: Record<string, unknown>): Promise<void> {
    if (entry.sid === undefined) {
      await new Promise<void>((resolve, reject) => entry.confirmWaiters.push({ resolve, reject }));
    }
    const sid = entry.sid!;
    await new Promise<void>((resolve, reject) => {
      this.#send(
        'update_subscription',
        { ...update, sids: [sid] },
        {
          // Applied here, not after an await: frames that came in the same chunk as the reply (the added markets'
          // snapshots) are handled before any continuation runs, and must see the reply's seq and the new markets.
          onReply: (reply) => {
            // A reply carrying the subscription's seq took a place in its sequence.
            if (entry.sequenced && entry.sid === sid && reply.seq === entry.lastSeq + 1) entry.lastSeq++;
            entry.sink.setParams(applySubscriptionUpdate(entry.sub.params, update, reply));
            resolve();
          },
          onError: reject,
          onDrop: () =>
            reject(
              new WsClosedError(
                `the connection closed before update_subscription was answered; ${entry.sub.channel} keeps its previous markets`,
              ),
            ),
        },
      );
    });
  }
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new ConfigError(`${name} must be a non-negative number of milliseconds, got ${value}`);
  return value;
}

/**
 * Lets the watchdog see the server's pings where the WebSocket exposes them (`ws` on Node emits `ping`; `ws` also
 * answers them with a pong by itself). Browsers answer pings invisibly; returns false there.
 */
function observePings(socket: WebSocketLike, onPing: () => void): boolean {
  const emitter = socket as unknown as { on?: (event: string, listener: () => void) => unknown };
  if (typeof emitter.on !== 'function') return false;
  emitter.on('ping', onPing);
  return true;
}

/** Ends a socket without the closing handshake where possible (`ws`'s terminate), else starts a normal close. */
function forceClose(socket: WebSocketLike): void {
  const terminate = (socket as unknown as { terminate?: () => void }).terminate;
  try {
    if (typeof terminate === 'function') terminate.call(socket);
    else socket.close(4000, 'idle timeout');
  } catch {
    // Already closed.
  }
}

const decoder = new TextDecoder();

function decodeFrame(data: unknown): string {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
    return decoder.decode(data as ArrayBuffer | ArrayBufferView);
  if (Array.isArray(data)) return data.map(decodeFrame).join('');
  return String(data);
}

function describeError(event: unknown): string | undefined {
  const e = event as { message?: unknown; error?: { message?: unknown } } | undefined;
  const message = e?.message ?? e?.error?.message;
  return typeof message === 'string' && message ? message : undefined;
}
