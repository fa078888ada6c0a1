import { WsCommandError, WsConnectionError, WsTimeoutError } from './errors.js';
import type { WsProtocol } from './protocol.js';

/** A parsed server frame. */
export type Frame = { [key: string]: unknown };

/** What the sender of a command does with its reply. */
export interface ReplyHandlers {
  onReply(frame: Frame): void;
  onError(error: Error): void;
  /** The connection went away before the reply. */
  onDrop(): void;
}

/** For commands sent on the client's own account (keepalive probe, leaving a dead sid): the reply does not matter. */
export const IGNORE_REPLY: ReplyHandlers = { onReply() {}, onError() {}, onDrop() {} };

/** Where commands are written: the current connection. */
export interface CommandTransport {
  /** Whether a socket is open to write to. */
  readonly isOpen: boolean;
  /** Writes one text frame; throws when the socket refuses it. */
  send(text: string): void;
}

interface Pending extends ReplyHandlers {
  cmd: string;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Commands by id: every command gets the next id, waits at most `timeoutMs` for the frame carrying that id, and is
 * told when the connection it was sent on goes away first.
 */
export class Commands {
  readonly #transport: CommandTransport;
  readonly #timeoutMs: number;
  readonly #errorCodes: WsProtocol['errorCodes'];
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  constructor(transport: CommandTransport, timeoutMs: number, errorCodes: WsProtocol['errorCodes']) {
    this.#transport = transport;
    this.#timeoutMs = timeoutMs;
    this.#errorCodes = errorCodes;
  }

  /** Sends a command on the open connection; `handlers` get its reply. Returns the command id. */
  send(cmd: string, params: Record<string, unknown> | undefined, handlers: ReplyHandlers): number {
    const id = ++this.#nextId;
    if (!this.#transport.isOpen) {
      handlers.onDrop();
      return id;
    }
    const timer = setTimeout(() => {
      const pending = this.#pending.get(id);
      if (!pending) return;
      this.#pending.delete(id);
      pending.onError(new WsTimeoutError(cmd, this.#timeoutMs));
    }, this.#timeoutMs);
    this.#pending.set(id, { cmd, timer, ...handlers });
    try {
      this.#transport.send(JSON.stringify(params === undefined ? { id, cmd } : { id, cmd, params }));
    } catch (error) {
      this.#pending.delete(id);
      clearTimeout(timer);
      handlers.onError(new WsConnectionError(`could not send ${cmd}: ${(error as Error).message}`, error));
    }
    return id;
  }

  /** Hands `frame` to the command it answers (an `error` frame as a WsCommandError); false when it answers none. */
  settle(frame: Frame): boolean {
    const id = frame.id;
    if (typeof id !== 'number' || id <= 0) return false;
    const pending = this.#pending.get(id);
    if (pending === undefined) return false;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (frame.type === 'error') pending.onError(commandError(this.#errorCodes, pending.cmd, frame));
    else pending.onReply(frame);
    return true;
  }

  /** Every pending command learns that its connection is gone. */
  dropAll(): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.onDrop();
    }
  }
}

/** The WsCommandError for an `error` frame, named from the spec's error table; `cmd` is undefined when unprompted. */
export function commandError<Code extends number>(
  errorCodes: WsProtocol['errorCodes'],
  cmd: string | undefined,
  frame: Frame,
): WsCommandError<Code> {
  const msg = (frame.msg && typeof frame.msg === 'object' ? frame.msg : {}) as { code?: unknown; msg?: unknown };
  const code = (typeof msg.code === 'number' ? msg.code : 0) as Code;
  const info = Object.hasOwn(errorCodes, code) ? errorCodes[code] : undefined;
  const text = typeof msg.msg === 'string' ? msg.msg : (info?.name ?? 'unknown error');
  return new WsCommandError<Code>(cmd, code, text, info?.name, frame);
}
