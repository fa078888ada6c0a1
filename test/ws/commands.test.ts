import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Commands, type CommandTransport, type Frame, type ReplyHandlers } from '../../templates/ws/commands.js';
import { WsCommandError, WsConnectionError, WsTimeoutError } from '../../templates/ws/errors.js';

/* Commands by id over a fake transport, on a fake clock: no socket. */

const ERROR_CODES = { 16: { name: 'Market not found' } };

/** A transport that records what is written; `refuse` makes the next write throw. */
function transport(isOpen = true) {
  const written: Frame[] = [];
  const t = {
    isOpen,
    refuse: undefined as string | undefined,
    written,
    send(text: string) {
      if (t.refuse !== undefined) throw new Error(t.refuse);
      written.push(JSON.parse(text));
    },
  } satisfies CommandTransport & Record<string, unknown>;
  return t;
}

/** Handlers that record what they were told. */
function handlers() {
  const outcome: { reply?: Frame; error?: Error; dropped?: boolean } = {};
  const h: ReplyHandlers = {
    onReply: (frame) => (outcome.reply = frame),
    onError: (error) => (outcome.error = error),
    onDrop: () => (outcome.dropped = true),
  };
  return { h, outcome };
}

describe('Commands', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('numbers every command and writes it with its params (none when there are none)', () => {
    const t = transport();
    const commands = new Commands(t, 1_000, ERROR_CODES);
    expect(commands.send('list_subscriptions', undefined, handlers().h)).toBe(1);
    expect(commands.send('subscribe', { channels: ['ticker'] }, handlers().h)).toBe(2);
    expect(t.written).toEqual([
      { id: 1, cmd: 'list_subscriptions' },
      { id: 2, cmd: 'subscribe', params: { channels: ['ticker'] } },
    ]);
  });

  it('hands a reply to the command with its id, once; frames with no pending id are not replies', () => {
    const commands = new Commands(transport(), 1_000, ERROR_CODES);
    const first = handlers();
    const second = handlers();
    commands.send('subscribe', {}, first.h);
    commands.send('subscribe', {}, second.h);
    const reply = { id: 2, type: 'subscribed', msg: { sid: 7 } };
    expect(commands.settle(reply)).toBe(true);
    expect(second.outcome).toEqual({ reply });
    expect(first.outcome).toEqual({});
    expect(commands.settle(reply)).toBe(false);
    for (const frame of [{ type: 'ticker', sid: 7 }, { id: 0 }, { id: -1 }, { id: '1' }, { id: 9 }])
      expect(commands.settle(frame)).toBe(false);
  });

  it('turns an error reply into a WsCommandError named from the error table', () => {
    const commands = new Commands(transport(), 1_000, ERROR_CODES);
    const { h, outcome } = handlers();
    commands.send('subscribe', { market_ticker: 'X' }, h);
    const frame = { id: 1, type: 'error', msg: { code: 16, msg: 'Market not found', market_ticker: 'X' } };
    commands.settle(frame);
    expect(outcome.error).toBeInstanceOf(WsCommandError);
    expect(outcome.error).toMatchObject({ command: 'subscribe', code: 16, codeName: 'Market not found', frame });
  });

  it('times a command out after timeoutMs; a reply after that is no longer its', async () => {
    const commands = new Commands(transport(), 1_000, ERROR_CODES);
    const { h, outcome } = handlers();
    commands.send('list_subscriptions', undefined, h);
    await vi.advanceTimersByTimeAsync(999);
    expect(outcome).toEqual({});
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome.error).toBeInstanceOf(WsTimeoutError);
    expect(outcome.error!.message).toBe('list_subscriptions got no reply within 1000 ms');
    expect(commands.settle({ id: 1, type: 'ok' })).toBe(false);
  });

  it('drops a command at once when no connection is open, still using up its id', () => {
    const t = transport(false);
    const commands = new Commands(t, 1_000, ERROR_CODES);
    const { h, outcome } = handlers();
    expect(commands.send('subscribe', {}, h)).toBe(1);
    expect(outcome).toEqual({ dropped: true });
    expect(t.written).toEqual([]);
    t.isOpen = true;
    expect(commands.send('subscribe', {}, handlers().h)).toBe(2);
  });

  it('reports a write the socket refuses as a WsConnectionError, and forgets the command', async () => {
    const t = transport();
    t.refuse = 'socket is closing';
    const commands = new Commands(t, 1_000, ERROR_CODES);
    const { h, outcome } = handlers();
    commands.send('subscribe', {}, h);
    expect(outcome.error).toBeInstanceOf(WsConnectionError);
    expect(outcome.error!.message).toBe('could not send subscribe: socket is closing');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outcome.dropped).toBeUndefined();
    expect(commands.settle({ id: 1, type: 'ok' })).toBe(false);
  });

  it('tells every pending command that its connection went away, and times none of them out afterwards', async () => {
    const commands = new Commands(transport(), 1_000, ERROR_CODES);
    const a = handlers();
    const b = handlers();
    commands.send('subscribe', {}, a.h);
    commands.send('update_subscription', {}, b.h);
    commands.dropAll();
    expect([a.outcome, b.outcome]).toEqual([{ dropped: true }, { dropped: true }]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect([a.outcome.error, b.outcome.error]).toEqual([undefined, undefined]);
    expect(commands.settle({ id: 1, type: 'subscribed' })).toBe(false);
  });
});
