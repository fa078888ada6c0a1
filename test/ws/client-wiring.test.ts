import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KalshiWebSocketBase } from '../../templates/ws/client.js';
import { WsClosedError } from '../../templates/ws/errors.js';
import type { WsProtocol } from '../../templates/ws/protocol.js';
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

function client() {
  const ws = new KalshiWebSocketBase<{ type?: string }, { cmd?: string }, Record<string, { type?: string }>>(
    { env: {}, wsUrl: 'ws://fake/ws', idleTimeoutMs: 0, reconnect: { initialDelayMs: 10, jitter: 0 } },
    fakePlatform,
    protocol,
  );
  const errors: Error[] = [];
  ws.on('error', (e) => errors.push(e));
  return { ws, errors };
}

/** What the client wrote, without ids: `cmd params`. */
function wire(socket: FakeSocket): string[] {
  return socket.sent.map((c) => `${c.cmd} ${JSON.stringify(c.params)}`);
}

describe('KalshiWebSocketBase over a fake socket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
  });
  afterEach(() => vi.useRealTimers());

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
