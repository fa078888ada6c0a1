import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KalshiWebSocketBase } from '../../templates/ws/client.js';
import { WsClosedError } from '../../templates/ws/errors.js';
import type { WsProtocol } from '../../templates/ws/protocol.js';
import { TEST_PRODUCT } from '../helpers/product.ts';
import { FakeSocket, fakePlatform } from './fake-socket.ts';

/*
 * The public client over a fake socket on a fake clock: connection, commands and subscriptions wired together, with
 * the exact frames on the wire and the exact order the server's answers come in.
 */

const protocol: WsProtocol = {
  channels: {
    orderbook_delta: {
      messageTypes: ['orderbook_snapshot', 'orderbook_delta'],
      snapshotTypes: ['orderbook_snapshot'],
      sequenced: true,
      overflow: 'error',
    },
  },
  serverMessageTypes: ['subscribed', 'unsubscribed', 'ok', 'error', 'orderbook_snapshot', 'orderbook_delta'],
  errorCodes: {},
};

type Message = { type: string; sid: number; seq: number; msg: { market_ticker: string } };

function client() {
  const ws = new KalshiWebSocketBase<{ type?: string }, { cmd?: string }, Record<string, { type?: string }>>(
    { env: {}, wsUrl: 'ws://fake/ws', idleTimeoutMs: 0, reconnect: { initialDelayMs: 10, jitter: 0 } },
    fakePlatform,
    protocol,
    TEST_PRODUCT,
  );
  const errors: Error[] = [];
  ws.on('error', (e) => errors.push(e));
  return { ws, errors };
}

/** What the client wrote, without ids: `cmd params`. */
function wire(socket: FakeSocket): string[] {
  return socket.sent.map((c) => `${c.cmd} ${JSON.stringify(c.params)}`);
}

function book(socket: FakeSocket, sid: number, seq: number, market: string, type = 'orderbook_delta') {
  socket.frame({ type, sid, seq, msg: { market_ticker: market } });
}

describe('KalshiWebSocketBase over a fake socket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('an update_subscription reply that arrives while a gap’s resubscribe is in flight: the added market streams', async () => {
    const { ws, errors } = client();
    const subscribing = ws.subscribe('orderbook_delta', { market_tickers: ['A'] });
    await vi.advanceTimersByTimeAsync(0);
    const socket = FakeSocket.last;
    socket.frame({
      id: socket.lastSent('subscribe').id,
      type: 'subscribed',
      msg: { channel: 'orderbook_delta', sid: 1 },
    });
    const sub = await subscribing;
    const seen: Message[] = [];
    sub.on('*', (m) => seen.push(m as Message));
    const resubscribed: unknown[] = [];
    sub.onEvent('resubscribed', (info) => resubscribed.push(info));
    await vi.advanceTimersByTimeAsync(0);
    book(socket, 1, 1, 'A', 'orderbook_snapshot');

    const updated = sub.update({ action: 'add_markets', market_tickers: ['B'] });
    const update = socket.lastSent('update_subscription');
    // The server had already sent seq 3 (2 was lost) when it took the update: its reply comes after the gap.
    book(socket, 1, 3, 'A');
    socket.frame({ id: update.id, sid: 1, seq: 4, type: 'ok', msg: { market_tickers: ['A', 'B'] } });
    book(socket, 1, 5, 'B', 'orderbook_snapshot');
    await updated;
    expect(sub.params).toEqual({ market_tickers: ['A', 'B'] });

    // The server answers the gap's unsubscribe and resubscribe, in the order they were sent.
    const subscribes = socket.sent.filter((c) => c.cmd === 'subscribe');
    socket.frame({ id: socket.lastSent('unsubscribe').id, sid: 1, seq: 5, type: 'unsubscribed' });
    for (const [i, request] of subscribes.slice(1).entries()) {
      const sid = 2 + i;
      socket.frame({ id: request.id, type: 'subscribed', msg: { channel: 'orderbook_delta', sid } });
      for (const market of (request.params!.market_tickers as string[]) ?? [])
        book(socket, sid, market === 'A' ? 1 : 2, market, 'orderbook_snapshot');
    }
    expect(wire(socket)).toEqual([
      'subscribe {"market_tickers":["A"],"channels":["orderbook_delta"]}',
      'update_subscription {"action":"add_markets","market_tickers":["B"],"sids":[1]}',
      'unsubscribe {"sids":[1]}',
      'subscribe {"market_tickers":["A"],"channels":["orderbook_delta"]}',
      'subscribe {"market_tickers":["A","B"],"channels":["orderbook_delta"]}',
      'unsubscribe {"sids":[2]}',
    ]);
    expect(sub.sid).toBe(3);
    expect(resubscribed).toEqual([{ sid: 3, previousSid: 1, reason: 'gap' }]);
    book(socket, 3, 3, 'B');
    expect(seen.map((m) => [m.type, m.sid, m.seq, m.msg.market_ticker])).toEqual([
      ['orderbook_snapshot', 1, 1, 'A'],
      ['orderbook_snapshot', 3, 1, 'A'],
      ['orderbook_snapshot', 3, 2, 'B'],
      ['orderbook_delta', 3, 3, 'B'],
    ]);
    expect(ws.stats).toEqual({ framesReceived: 12, unhandledFrames: 0, gaps: 1, reconnects: 0, staleFrames: 2 });
    expect(errors).toEqual([]);
    await ws.close();
  });

  it('a drop rejects the pending update, reconnects and resubscribes with the current params', async () => {
    const { ws } = client();
    const opens: unknown[] = [];
    ws.on('open', (info) => opens.push(info));
    const subscribing = ws.subscribe('orderbook_delta', { market_tickers: ['A'] });
    await vi.advanceTimersByTimeAsync(0);
    const first = FakeSocket.last;
    first.frame({ id: 1, type: 'subscribed', msg: { sid: 1 } });
    const sub = await subscribing;
    const updated = sub.update({ action: 'add_markets', market_tickers: ['B'] }).catch((e: unknown) => e);
    first.drop();
    expect(await updated).toBeInstanceOf(WsClosedError);
    expect(ws.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(10);
    const second = FakeSocket.last;
    expect(second).not.toBe(first);
    expect(wire(second)).toEqual(['subscribe {"market_tickers":["A"],"channels":["orderbook_delta"]}']);
    second.frame({ id: second.sent[0]!.id, type: 'subscribed', msg: { sid: 5 } });
    expect([ws.state, sub.sid, ws.stats.reconnects]).toEqual(['open', 5, 1]);
    expect(opens).toEqual([{ reconnect: false }, { reconnect: true }]);
    await ws.close();
  });

  it('close(): pending commands and waiting subscribes reject, subscriptions end, no reconnect', async () => {
    const { ws } = client();
    const subscribing = ws.subscribe('orderbook_delta');
    await vi.advanceTimersByTimeAsync(0);
    const socket = FakeSocket.last;
    socket.frame({ id: 1, type: 'subscribed', msg: { sid: 1 } });
    const sub = await subscribing;
    const never = ws.subscribe('orderbook_delta').catch((e: unknown) => e);
    const command = ws.command('list_subscriptions').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    await ws.close();
    expect(await never).toBeInstanceOf(WsClosedError);
    expect(await command).toBeInstanceOf(WsClosedError);
    expect([ws.state, sub.state]).toEqual(['closed', 'closed']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.sockets).toHaveLength(1);
  });
});
