import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KalshiWebSocketBase } from '../../templates/ws/client.js';
import type { WsProtocol } from '../../templates/ws/protocol.js';
import { TEST_PRODUCT } from '../helpers/product.ts';
import { FakeSocket, fakePlatform as platform } from './fake-socket.ts';

/*
 * The idle watchdog on a fake clock, over a fake socket the test drives: when it fires is a matter of milliseconds
 * that a real network and a loaded machine would blur.
 */

const protocol: WsProtocol = { channels: {}, serverMessageTypes: ['ok'], errorCodes: {} };

function client(idleTimeoutMs: number) {
  const ws = new KalshiWebSocketBase(
    { env: {}, wsUrl: 'ws://fake/ws', idleTimeoutMs, reconnect: false },
    platform,
    protocol,
    TEST_PRODUCT,
  );
  const errors: Error[] = [];
  ws.on('error', (e) => errors.push(e));
  return { ws, errors };
}

describe('idle watchdog (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps a connection whose pings come on time, however they fall between its checks', async () => {
    const { ws, errors } = client(1_000);
    await ws.connect();
    // A ping every 900 ms: never 1 000 ms without one.
    for (let t = 0; t < 20; t++) {
      await vi.advanceTimersByTimeAsync(900);
      FakeSocket.sockets[0]!.ping();
    }
    expect(errors).toEqual([]);
    expect(ws.state).toBe('open');
    await ws.close();
  });

  it('replaces a silent connection no sooner than idleTimeoutMs after the last frame', async () => {
    const { ws, errors } = client(1_000);
    await ws.connect();
    await vi.advanceTimersByTimeAsync(730);
    FakeSocket.sockets[0]!.frame({ type: 'ok', msg: {} });
    await vi.advanceTimersByTimeAsync(999);
    expect(ws.state).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(errors.map((e) => e.message)).toEqual([
      'no message or ping from ws://fake/ws for 1000 ms; reconnecting',
      expect.stringMatching(/reconnect is disabled/),
    ]);
    expect(ws.state).toBe('closed');
  });

  it('where pings are invisible, probes once after half the timeout of silence; the reply keeps the connection', async () => {
    FakeSocket.observablePings = false;
    const { ws, errors } = client(1_000);
    await ws.connect();
    const socket = FakeSocket.sockets[0]!;
    await vi.advanceTimersByTimeAsync(499);
    expect(socket.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.sent.map((c) => c.cmd)).toEqual(['list_subscriptions']);
    await vi.advanceTimersByTimeAsync(300);
    socket.frame({ id: socket.sent[0]!.id, type: 'ok', msg: [] });
    // A new quiet spell: one more probe half a timeout after the reply, and the connection is still there.
    await vi.advanceTimersByTimeAsync(999);
    expect(socket.sent.map((c) => c.cmd)).toEqual(['list_subscriptions', 'list_subscriptions']);
    expect(errors).toEqual([]);
    expect(ws.state).toBe('open');
    await ws.close();
  });
});
