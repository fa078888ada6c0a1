import type { Platform, WebSocketLike } from '../../templates/runtime/platform.js';

/** A command as the client wrote it. */
export interface SentCommand {
  id: number;
  cmd: string;
  params?: Record<string, unknown>;
}

/**
 * A WebSocket the test drives: it opens by itself in a microtask (unless `autoOpen` is off), records what is sent,
 * and delivers what the test says the server sent. No network: timing is the test's (fake timers) alone.
 */
export class FakeSocket implements WebSocketLike {
  static sockets: FakeSocket[] = [];
  /** Whether the socket exposes pings as `ws` on Node does (browsers do not). */
  static observablePings = true;
  static autoOpen = true;

  static reset(): void {
    FakeSocket.sockets = [];
    FakeSocket.observablePings = true;
    FakeSocket.autoOpen = true;
  }

  /** The latest socket. */
  static get last(): FakeSocket {
    return FakeSocket.sockets.at(-1)!;
  }

  readyState = 1;
  readonly sent: SentCommand[] = [];
  readonly #listeners = new Map<string, ((event: never) => void)[]>();
  #onPing: (() => void) | undefined;

  constructor(
    readonly url?: string,
    readonly options?: { headers?: Record<string, string> },
  ) {
    FakeSocket.sockets.push(this);
    if (FakeSocket.observablePings)
      Object.assign(this, {
        on: (event: string, listener: () => void) => event === 'ping' && (this.#onPing = listener),
      });
    if (FakeSocket.autoOpen) queueMicrotask(() => this.open());
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = ''): void {
    this.readyState = 3;
    queueMicrotask(() => this.#emit('close', { code, reason }));
  }
  terminate(): void {
    this.close(1006);
  }
  open(): void {
    this.#emit('open', {});
  }
  ping(): void {
    this.#onPing?.();
  }
  frame(frame: object): void {
    this.#emit('message', { data: JSON.stringify(frame) });
  }
  /** The server side ends the connection (or refuses it, before `open`), with an `error` event first when given. */
  drop(code = 1006, error?: string): void {
    this.readyState = 3;
    if (error !== undefined) this.#emit('error', { message: error });
    this.#emit('close', { code, reason: '' });
  }
  /** The last command sent with the name `cmd`. */
  lastSent(cmd: string): SentCommand {
    const found = this.sent.filter((c) => c.cmd === cmd).at(-1);
    if (!found) throw new Error(`no ${cmd} was sent; sent: ${this.sent.map((c) => c.cmd).join(', ')}`);
    return found;
  }
  #emit(type: string, event: object): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event as never);
  }
}

export const fakePlatform = {
  name: 'node',
  env: {},
  webSocketHeaders: true,
  WebSocket: FakeSocket,
} as unknown as Platform;
