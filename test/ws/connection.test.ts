import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../templates/runtime/errors.js';
import type { Signer } from '../../templates/runtime/signer.js';
import { resolveReconnect, type ReconnectOptions } from '../../templates/ws/backoff.js';
import { WsConnection, type ConnectionEvents, type ConnectionSettings } from '../../templates/ws/connection.js';
import { WsClosedError } from '../../templates/ws/errors.js';
import { FakeSocket } from './fake-socket.ts';

/* The connection's lifecycle over a fake socket, on a fake clock (Date and performance included). */

const WS_URL = 'ws://fake/trade-api/ws/v2?client=1';

/** Signs with the message itself, so a test can read what was signed. */
const signer: Signer = { keyId: 'key-1', sign: async (message) => `signed(${message})` };

/** A connection whose events are recorded as `[name, argument]`. */
function connection(
  settings: Partial<Omit<ConnectionSettings, 'reconnect'>> & { reconnect?: ReconnectOptions | false } = {},
) {
  const events: [string, unknown][] = [];
  const record =
    (name: keyof ConnectionEvents) =>
    (arg?: unknown): void =>
      void events.push([name, arg instanceof Error ? arg.message : arg]);
  const { reconnect = { initialDelayMs: 100, jitter: 0 }, ...rest } = settings;
  const conn = new WsConnection(
    {
      url: WS_URL,
      signer: undefined,
      WebSocket: FakeSocket,
      idleTimeoutMs: 0,
      ...rest,
      reconnect: reconnect === false ? undefined : resolveReconnect(reconnect),
    },
    {
      open: record('open'),
      frame: record('frame'),
      lost: record('lost'),
      close: record('close'),
      reconnecting: record('reconnecting'),
      gaveUp: record('gaveUp'),
      error: record('error'),
      probe: record('probe'),
    },
  );
  return { conn, events };
}

describe('WsConnection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('opens on start(), once, and resolves whoever waits for it', async () => {
    const { conn, events } = connection();
    expect(conn.state).toBe('idle');
    const ready = conn.whenOpen();
    conn.start();
    conn.start();
    expect(conn.state).toBe('connecting');
    await ready;
    expect(FakeSocket.sockets).toHaveLength(1);
    expect([conn.state, conn.isOpen]).toEqual(['open', true]);
    expect(events).toEqual([['open', { reconnect: false }]]);
    await conn.whenOpen();
    conn.send('{"id":1,"cmd":"list_subscriptions"}');
    expect(FakeSocket.last.sent).toEqual([{ id: 1, cmd: 'list_subscriptions' }]);
  });

  it('signs every handshake afresh: timestamp + GET + the path without the query', async () => {
    const { conn } = connection({ signer });
    conn.start();
    await conn.whenOpen();
    const first = FakeSocket.last.options!.headers!;
    const timestamp = first['KALSHI-ACCESS-TIMESTAMP']!;
    expect(first).toEqual({
      'KALSHI-ACCESS-KEY': 'key-1',
      'KALSHI-ACCESS-TIMESTAMP': String(Date.now()),
      'KALSHI-ACCESS-SIGNATURE': `signed(${timestamp}GET/trade-api/ws/v2)`,
    });
    FakeSocket.last.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.sockets).toHaveLength(2);
    expect(Number(FakeSocket.last.options!.headers!['KALSHI-ACCESS-TIMESTAMP'])).toBe(Number(timestamp) + 100);
  });

  it('reconnects with exponential backoff, reports each step, and gives up after maxAttempts', async () => {
    const { conn, events } = connection({
      reconnect: { initialDelayMs: 100, multiplier: 2, jitter: 0, maxAttempts: 2 },
    });
    conn.start();
    await conn.whenOpen();
    FakeSocket.last.drop(1006);
    expect(conn.state).toBe('reconnecting');
    expect(conn.isOpen).toBe(false);
    // The next connection is refused before it opens, twice.
    FakeSocket.autoOpen = false;
    await vi.advanceTimersByTimeAsync(99);
    expect(FakeSocket.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.sockets).toHaveLength(2);
    const waiting = conn.whenOpen().catch((e: unknown) => e);
    FakeSocket.last.drop(1006, 'ECONNREFUSED');
    await vi.advanceTimersByTimeAsync(200);
    FakeSocket.last.drop(1006);
    expect(events).toEqual([
      ['open', { reconnect: false }],
      ['lost', undefined],
      ['close', { code: 1006, reason: '', willReconnect: true }],
      ['reconnecting', { attempt: 1, delayMs: 100 }],
      ['lost', undefined],
      ['error', 'could not connect to ws://fake/trade-api/ws/v2?client=1: ECONNREFUSED'],
      ['close', { code: 1006, reason: '', willReconnect: true }],
      ['reconnecting', { attempt: 2, delayMs: 200 }],
      ['lost', undefined],
      ['error', 'could not connect to ws://fake/trade-api/ws/v2?client=1: closed with code 1006'],
      ['close', { code: 1006, reason: '', willReconnect: false }],
      ['error', `${WS_URL}: gave up after 2 reconnect attempts (last close code 1006)`],
      ['gaveUp', `${WS_URL}: gave up after 2 reconnect attempts (last close code 1006)`],
    ]);
    expect(((await waiting) as Error).message).toMatch(/gave up after 2 reconnect attempts/);
    expect([conn.state, conn.reconnects]).toEqual(['closed', 2]);
    await expect(conn.whenOpen()).rejects.toBeInstanceOf(WsClosedError);
  });

  it('starts the backoff afresh once a frame or a ping proves the new connection', async () => {
    const { conn, events } = connection();
    conn.start();
    await conn.whenOpen();
    const attempts = () => events.filter(([name]) => name === 'reconnecting').map(([, info]) => info);
    FakeSocket.last.drop();
    await vi.advanceTimersByTimeAsync(100);
    FakeSocket.last.drop();
    await vi.advanceTimersByTimeAsync(200);
    FakeSocket.last.frame({ type: 'ok' });
    FakeSocket.last.drop();
    await vi.advanceTimersByTimeAsync(100);
    FakeSocket.last.ping();
    FakeSocket.last.drop();
    expect(attempts()).toEqual([
      { attempt: 1, delayMs: 100 },
      { attempt: 2, delayMs: 200 },
      { attempt: 1, delayMs: 100 },
      { attempt: 1, delayMs: 100 },
    ]);
    expect(events).toContainEqual(['frame', '{"type":"ok"}']);
    expect(events).toContainEqual(['open', { reconnect: true }]);
  });

  it('gives up at once on a WS_URL the WebSocket refuses to parse', async () => {
    class BadUrl {
      constructor(url: string) {
        throw new SyntaxError(`Invalid WS_URL: ${url}`);
      }
    }
    const { conn, events } = connection({ WebSocket: BadUrl as never });
    const waiting = conn.whenOpen().catch((e: unknown) => e);
    conn.start();
    expect(await waiting).toBeInstanceOf(ConfigError);
    expect(events).toEqual([
      ['error', `cannot open ${WS_URL}: Invalid WS_URL: ${WS_URL}`],
      ['gaveUp', `cannot open ${WS_URL}: Invalid WS_URL: ${WS_URL}`],
    ]);
    expect(conn.state).toBe('closed');
  });

  it('close(): rejects the waiters with the given error, ignores the socket from then on, never reconnects', async () => {
    const { conn, events } = connection();
    conn.start();
    await conn.whenOpen();
    const socket = FakeSocket.last;
    const closed = conn.close(1000, 'bye', new WsClosedError('closed by the test'));
    expect([conn.state, conn.isOpen]).toEqual(['closed', false]);
    socket.frame({ type: 'ok' });
    await closed;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.sockets).toHaveLength(1);
    expect(events).toEqual([['open', { reconnect: false }]]);
    await expect(conn.close(1000, '', new WsClosedError('again'))).resolves.toBeUndefined();

    const idle = connection().conn;
    const waiting = idle.whenOpen().catch((e: unknown) => e);
    await idle.close(1000, '', new WsClosedError('closed by the test'));
    expect(((await waiting) as Error).message).toBe('closed by the test');
  });

  it('close() before the socket opens: the late open is ignored', async () => {
    FakeSocket.autoOpen = false;
    const { conn, events } = connection();
    conn.start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = FakeSocket.last;
    const closed = conn.close(1000, '', new WsClosedError('closed'));
    socket.open();
    await closed;
    expect(events).toEqual([]);
    expect(conn.state).toBe('closed');
  });

  it('where pings are invisible, asks for a probe after half the idle timeout; replaces a silent connection', async () => {
    FakeSocket.observablePings = false;
    const { conn, events } = connection({ idleTimeoutMs: 1_000, reconnect: false });
    conn.start();
    await conn.whenOpen();
    await vi.advanceTimersByTimeAsync(500);
    expect(events.at(-1)).toEqual(['probe', undefined]);
    await vi.advanceTimersByTimeAsync(500);
    expect(events.slice(1).map(([name]) => name)).toEqual(['probe', 'error', 'lost', 'close', 'error', 'gaveUp']);
    expect(events[2]).toEqual(['error', `no message or ping from ${WS_URL} for 1000 ms; reconnecting`]);
  });
});
