import { ConfigError } from '../runtime/errors.js';
import type { WebSocketConstructor, WebSocketLike } from '../runtime/platform.js';
import { signRequest, type Signer } from '../runtime/signer.js';
import { backoffDelay, type ResolvedReconnect } from './backoff.js';
import type { CommandTransport } from './commands.js';
import { WsClosedError, WsConnectionError } from './errors.js';

/** Why whatever waits on a client that close() ended gives up. */
export const CLOSED_BY_CLIENT = 'the WebSocket client was closed';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The connection's options, checked by the client. */
export interface ConnectionSettings {
  url: string;
  /** Signs every handshake; undefined when a relay signs for the client. */
  signer: Signer | undefined;
  WebSocket: WebSocketConstructor;
  /** Undefined: stay closed after the first drop. */
  reconnect: ResolvedReconnect | undefined;
  /** 0 disables the watchdog. */
  idleTimeoutMs: number;
}

/** What the connection tells its owner. Called synchronously, in the order things happen. */
export interface ConnectionEvents {
  open(info: { reconnect: boolean }): void;
  /** A frame as the socket delivered it (text, or binary data to decode). */
  frame(data: unknown): void;
  /** The socket is gone: whatever was sent on it will not be answered. */
  lost(): void;
  close(info: { code: number; reason: string; willReconnect: boolean }): void;
  reconnecting(info: { attempt: number; delayMs: number }): void;
  /** No connection will be tried again; `error` (already reported to `error`) says why. */
  gaveUp(error: Error): void;
  error(error: Error): void;
  /** Where pings are invisible, the watchdog wants a cheap round trip to prove the connection alive. */
  probe(): void;
}

interface Socket {
  socket: WebSocketLike;
  opened: boolean;
  error: string | undefined;
}

/**
 * One WebSocket connection at a time and its lifecycle: the handshake, signed afresh on every connect; reconnects
 * with jittered exponential backoff; the idle watchdog, fed by frames and (where visible) pings.
 */
export class WsConnection implements CommandTransport {
  readonly url: string;
  readonly #path: string;
  readonly #settings: ConnectionSettings;
  readonly #events: ConnectionEvents;
  #state: ConnectionState = 'idle';
  #current: Socket | undefined;
  #everOpened = false;
  #attempt = 0;
  #reconnects = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  /** performance.now() of the last frame or ping. */
  #lastActivity = 0;
  /** The #lastActivity the keepalive probe was sent after: one probe per quiet spell. */
  #probedAfter = -1;
  #pingsObserved = false;
  #openWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(settings: ConnectionSettings, events: ConnectionEvents) {
    this.url = settings.url;
    this.#path = new URL(settings.url).pathname;
    this.#settings = settings;
    this.#events = events;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Connections replaced so far. */
  get reconnects(): number {
    return this.#reconnects;
  }

  get isOpen(): boolean {
    return this.#current?.opened === true;
  }

  send(text: string): void {
    this.#current!.socket.send(text);
  }

  /** Starts connecting, unless that has already begun. */
  start(): void {
    if (this.#state === 'idle') void this.#openSocket();
  }

  /** Resolves once a connection is open (at once when one is); rejects when none will be. */
  whenOpen(): Promise<void> {
    if (this.#state === 'open') return Promise.resolve();
    if (this.#state === 'closed') return Promise.reject(new WsClosedError(CLOSED_BY_CLIENT));
    return new Promise((resolve, reject) => this.#openWaiters.push({ resolve, reject }));
  }

  /**
   * Closes for good: no reconnect, whoever waits for the connection gets `error`, and the socket's events are
   * ignored from here on. Resolves when the socket has closed.
   */
  close(code: number, reason: string, error: Error): Promise<void> {
    if (this.#state === 'closed' && !this.#current) return Promise.resolve();
    this.#state = 'closed';
    clearTimeout(this.#reconnectTimer);
    this.#stopWatchdog();
    this.#rejectOpenWaiters(error);
    const current = this.#current;
    this.#current = undefined;
    if (!current) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        forceClose(current.socket);
        resolve();
      }, 2_000);
      current.socket.addEventListener('close', () => {
        clearTimeout(force);
        resolve();
      });
      try {
        current.socket.close(code, reason);
      } catch {
        forceClose(current.socket);
      }
    });
  }

  async #openSocket(): Promise<void> {
    this.#state = 'connecting';
    let headers: Record<string, string> | undefined;
    try {
      // A fresh timestamp for every handshake: Kalshi rejects stale signatures.
      if (this.#settings.signer) headers = await signRequest(this.#settings.signer, 'GET', this.#path);
    } catch (error) {
      if (this.#closed()) return;
      if (error instanceof ConfigError) return this.#giveUp(error);
      this.#events.error(
        new WsConnectionError(`could not sign the WebSocket handshake: ${(error as Error).message}`, error),
      );
      return this.#afterClose(1006, 'signing failed');
    }
    if (this.#closed()) return;
    let socket: WebSocketLike;
    try {
      socket = new this.#settings.WebSocket(this.url, headers ? { headers } : undefined);
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof TypeError)
        return this.#giveUp(new ConfigError(`cannot open ${this.url}: ${error.message}`));
      this.#events.error(new WsConnectionError(`cannot open ${this.url}: ${(error as Error).message}`, error));
      return this.#afterClose(1006, 'connect failed');
    }
    if ('binaryType' in socket) socket.binaryType = 'arraybuffer';
    const current: Socket = { socket, opened: false, error: undefined };
    this.#current = current;
    socket.addEventListener('open', () => {
      if (this.#current === current) this.#onOpen(current);
    });
    socket.addEventListener('message', (event) => {
      if (this.#current === current) this.#onFrame(event.data);
    });
    socket.addEventListener('error', (event) => {
      if (this.#current === current) current.error = describeError(event);
    });
    socket.addEventListener('close', (event) => {
      if (this.#current === current) this.#onClose(current, event.code, event.reason);
    });
    this.#pingsObserved = observePings(socket, () => {
      if (this.#current !== current) return;
      this.#lastActivity = performance.now();
      this.#attempt = 0;
    });
  }

  /** Re-reads the state after an await (close() may have run meanwhile). */
  #closed(): boolean {
    return this.#state === 'closed';
  }

  #onOpen(current: Socket): void {
    current.opened = true;
    this.#state = 'open';
    const reconnect = this.#everOpened;
    this.#everOpened = true;
    this.#startWatchdog(current);
    this.#events.open({ reconnect });
    const waiters = this.#openWaiters;
    this.#openWaiters = [];
    for (const w of waiters) w.resolve();
  }

  #onFrame(data: unknown): void {
    this.#lastActivity = performance.now();
    // A frame (or a ping) proves the server took the connection: the next drop starts the backoff afresh.
    if (this.#attempt !== 0) this.#attempt = 0;
    this.#events.frame(data);
  }

  #onClose(current: Socket, code: number, reason: string): void {
    this.#current = undefined;
    this.#stopWatchdog();
    this.#events.lost();
    if (this.#state === 'closed') return;
    if (!current.opened) {
      this.#events.error(
        new WsConnectionError(`could not connect to ${this.url}: ${current.error ?? `closed with code ${code}`}`),
      );
    }
    this.#afterClose(code, reason);
  }

  /** After a connection ended unexpectedly: reconnect with backoff, or give up. */
  #afterClose(code: number, reason: string): void {
    const options = this.#settings.reconnect;
    const willReconnect = options !== undefined && this.#attempt < options.maxAttempts;
    this.#events.close({ code, reason, willReconnect });
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
    this.#reconnects++;
    this.#events.reconnecting({ attempt: this.#attempt, delayMs });
    this.#reconnectTimer = setTimeout(() => {
      if (this.#state === 'reconnecting') void this.#openSocket();
    }, delayMs);
  }

  /** Permanent failure: everything waiting on the connection is rejected with `error`. */
  #giveUp(error: Error): void {
    this.#state = 'closed';
    this.#events.error(error);
    this.#rejectOpenWaiters(error);
    this.#events.gaveUp(error);
  }

  // Frames and pings only note the time; the timer is set for when the probe or the timeout would be due and, when
  // it fires early because something arrived meanwhile, set again from the elapsed time: never sooner, no per-frame
  // timer work.
  #startWatchdog(current: Socket): void {
    if (this.#settings.idleTimeoutMs === 0) return;
    this.#lastActivity = performance.now();
    this.#probedAfter = -1;
    this.#armWatchdog(current);
  }

  #armWatchdog(current: Socket): void {
    const timeout = this.#settings.idleTimeoutMs;
    const idle = performance.now() - this.#lastActivity;
    const due = (this.#probeDue ? timeout / 2 : timeout) - idle;
    this.#watchdog = setTimeout(() => this.#checkIdle(current), Math.max(1, due));
    (this.#watchdog as { unref?: () => void }).unref?.();
  }

  #checkIdle(current: Socket): void {
    if (this.#current !== current) return;
    const timeout = this.#settings.idleTimeoutMs;
    const idle = performance.now() - this.#lastActivity;
    if (idle >= timeout) {
      this.#events.error(new WsConnectionError(`no message or ping from ${this.url} for ${timeout} ms; reconnecting`));
      forceClose(current.socket);
      return this.#onClose(current, 1006, 'idle timeout');
    }
    if (this.#probeDue && idle >= timeout / 2) {
      this.#probedAfter = this.#lastActivity;
      this.#events.probe();
    }
    this.#armWatchdog(current);
  }

  /** Where pings are invisible (browsers), a cheap command proves the connection is alive: once per quiet spell. */
  get #probeDue(): boolean {
    return !this.#pingsObserved && this.#probedAfter !== this.#lastActivity;
  }

  #stopWatchdog(): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }

  #rejectOpenWaiters(error: Error): void {
    const waiters = this.#openWaiters;
    this.#openWaiters = [];
    for (const w of waiters) w.reject(error);
  }
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

function describeError(event: unknown): string | undefined {
  const e = event as { message?: unknown; error?: { message?: unknown } } | undefined;
  const message = e?.message ?? e?.error?.message;
  return typeof message === 'string' && message ? message : undefined;
}
