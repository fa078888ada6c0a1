import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RateLimitError } from '../../templates/runtime/errors.js';
import { createRateLimiter } from '../../templates/runtime/rate-limit.js';
import { ACCESS_TIMESTAMP_HEADER } from '../../templates/runtime/signer.js';
import { faults, startMockServer, type MockRequest, type MockServer } from '../../templates/testing/mock-server.js';
import type { OperationSpec } from '../../templates/runtime/core.js';
import {
  core,
  createOrder,
  getMarket as publicGetMarket,
  json,
  rsaKeyPair,
  scriptedTransport,
  useExactBackoff,
} from './helpers.js';

/** A read whose spec asks for a signature: these tests watch when each read is signed. */
const getMarket: OperationSpec = { ...publicGetMarket, auth: true };

/*
 * Kalshi's rate limits are buckets per account, one for reads and one for writes: after a 429 every other request
 * drawing from that bucket would meet its own 429, so the client holds them until the server's wait is over.
 */

const RUNTIME_CORE = fileURLToPath(new URL('../../templates/runtime/core.ts', import.meta.url));
const RUNTIME_PLATFORM = fileURLToPath(new URL('../../templates/runtime/platform-node.ts', import.meta.url));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('against a server that rate-limits reads for a second', () => {
  const keys = rsaKeyPair();
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ publicKey: keys.publicKey, basePath: '/trade-api/v2' });
  });
  afterAll(() => server.close());

  it('sends no other read into the window; the held ones go after it, signed when they go', async () => {
    // The server asks for 1 s but limits only the first 800 ms: held reads, sent after the full second, land clear
    // of the window whatever a few ms of timer and clock slack do. Their signature timestamps check the second.
    const windowMs = 800;
    let opened: number | undefined;
    const limited: MockRequest[] = [];
    server.route('GET', '/markets/{ticker}', (req) => {
      opened ??= req.receivedAt;
      if (req.receivedAt >= opened + windowMs) return { json: { market: { ticker: req.params.ticker } } };
      limited.push(req);
      return faults.rateLimited('1');
    });
    // When the client learnt of the first 429: requests sent before it were in flight and could not be held.
    let heldFrom = Infinity;
    const client = core({
      baseUrl: server.url,
      apiKeyId: 'key-1',
      privateKey: keys.privateKey,
      onResponse: ({ status }) => {
        if (status === 429) heldFrom = Math.min(heldFrom, Date.now());
      },
    });
    // 16 reads over 1.5 s, one every 100 ms: on loopback each answer is back long before the next read starts.
    const reads: Promise<unknown>[] = [];
    const fired: number[] = [];
    for (let i = 0; i < 16; i++) {
      fired.push(Date.now());
      reads.push(client.request(getMarket, { ticker: `T${i}` }));
      await wait(100);
    }
    await Promise.all(reads);
    const firedAt = (request: MockRequest) => fired[Number(request.params.ticker!.slice(1))]!;

    // Only reads in flight when the 429 came met the window; without the hold, every read fired in it would have.
    expect(limited.length).toBeGreaterThanOrEqual(1);
    for (const request of limited) expect(firedAt(request)).toBeLessThanOrEqual(heldFrom);
    expect(server.requests).toHaveLength(fired.length + limited.length); // each limited read was retried once
    // The reads fired while held were signed when the hold ended, not when they were called.
    const held = server.requests.filter((r) => firedAt(r) > heldFrom && firedAt(r) < opened! + windowMs);
    expect(held.length).toBeGreaterThanOrEqual(5);
    for (const request of held) {
      expect(Number(request.headers[ACCESS_TIMESTAMP_HEADER.toLowerCase()])).toBeGreaterThanOrEqual(heldFrom + 980);
      expect(request.signatureValid).toBe(true);
    }
  });

  it('a hold nobody waits in keeps no process alive: a script whose last call got a 429 exits at once', async () => {
    server.route('GET', '/portfolio/balance', faults.rateLimited('30'));
    const script = `
      import { KalshiCore } from ${JSON.stringify(RUNTIME_CORE)};
      import { nodePlatform } from ${JSON.stringify(RUNTIME_PLATFORM)};
      const product = { name: 'Test', environments: { production: { rest: '', ws: '' } }, envPrefix: 'KALSHI', credentials: [] };
      const client = new KalshiCore({ baseUrl: ${JSON.stringify(server.url)}, env: {}, maxRetries: 0 }, nodePlatform, product);
      await client.request({ id: 'GetBalance', method: 'GET', path: '/portfolio/balance' }).catch((e) => console.log(e.name));
    `;
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    expect([code, stdout]).toEqual([0, 'RateLimitError\n']);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('a 429 holds its bucket (fake timers)', () => {
  useExactBackoff();

  const ok = json(200, {});
  const limited = (retryAfter?: string) =>
    json(429, { error: { code: 'too_many_requests' } }, retryAfter ? { 'retry-after': retryAfter } : {});
  const signer = { keyId: 'k', sign: async (message: string) => message };
  const order = { ticker: 'KXBTC', count: '1.00' };
  /** What each request was (its path's last segment, and a body's ticker), ms after `start` it went and was signed. */
  const sent = (
    calls: { url: string; body?: string; at: number; headers: Record<string, string> }[],
    start: number,
  ): [string, number, number][] =>
    calls.map((c) => [
      /[^/]+$/.exec(c.url)![0] + (c.body ? ` ${JSON.parse(c.body).ticker}` : ''),
      c.at - start,
      Number(c.headers[ACCESS_TIMESTAMP_HEADER]) - start,
    ]);

  it.each([
    ['without a rate limiter', () => undefined],
    // Made under the fake clock, like the hold.
    ['with a rate limiter', () => createRateLimiter({ read: 1_000, write: 1_000 })],
  ])(
    '%s: holds the other reads in arrival order, signs them when they go, and lets writes pass',
    async (_, limiter) => {
      const start = Date.now();
      const { transport, calls } = scriptedTransport(limited('1'), ok);
      const client = core({ transport, signer, rateLimiter: limiter() });
      const results = [client.request(getMarket, { ticker: 'A' })];
      await vi.advanceTimersByTimeAsync(100);
      results.push(client.request(getMarket, { ticker: 'B' }), client.request(createOrder, { ...order, ticker: 'W' }));
      await vi.advanceTimersByTimeAsync(400);
      results.push(client.request(getMarket, { ticker: 'C' }));
      await vi.runAllTimersAsync();
      await Promise.all(results);
      expect(sent(calls, start)).toEqual([
        ['A', 0, 0],
        ['orders W', 100, 100],
        ['A', 1_000, 1_000],
        ['B', 1_000, 1_000],
        ['C', 1_000, 1_000],
      ]);
    },
  );

  it('a held write that may not be retried is delayed, not failed; reads are not held by it', async () => {
    const start = Date.now();
    const { transport, calls } = scriptedTransport(limited('1'), ok);
    const client = core({ transport, signer });
    const first = client.request(createOrder, { ...order, ticker: 'W1' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const second = client.request(createOrder, { ...order, ticker: 'W2' });
    const read = client.request(getMarket, { ticker: 'R' });
    await vi.runAllTimersAsync();
    expect(await first).toBeInstanceOf(RateLimitError);
    expect(await first).toMatchObject({ attempts: 1 });
    await expect(second).resolves.toEqual({});
    await expect(read).resolves.toEqual({});
    expect(sent(calls, start).map(([what, at]) => [what, at])).toEqual([
      ['orders W1', 0],
      ['R', 100],
      ['orders W2', 1_000],
    ]);
  });

  it('without Retry-After, holds for the backoff the limited request waits', async () => {
    const start = Date.now();
    const { transport, calls } = scriptedTransport(limited(), ok);
    const client = core({ transport, retry: { baseDelayMs: 300 } });
    const results = [client.request(publicGetMarket, { ticker: 'A' })];
    await vi.advanceTimersByTimeAsync(100);
    results.push(client.request(publicGetMarket, { ticker: 'B' }));
    await vi.runAllTimersAsync();
    await Promise.all(results);
    expect(calls.map((c) => c.at - start)).toEqual([0, 300, 300]);
  });

  it('a later 429 asking for longer extends the hold; a held request leaves when its signal aborts', async () => {
    const start = Date.now();
    let limitedOnce = false;
    // A's answer comes at 0, B (in flight with it) is answered 429 with a longer wait at 50.
    const { transport, calls } = scriptedTransport(limited('1'), async () => {
      if (limitedOnce) return ok;
      limitedOnce = true;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return limited('2');
    });
    const client = core({ transport, maxRetries: 1 });
    const a = client.request(publicGetMarket, { ticker: 'A' });
    const b = client.request(publicGetMarket, { ticker: 'B' });
    await vi.advanceTimersByTimeAsync(100);
    const controller = new AbortController();
    const c = client.request(publicGetMarket, { ticker: 'C' }, { signal: controller.signal }).catch((e: unknown) => e);
    const d = client.request(publicGetMarket, { ticker: 'D' });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('quote is stale'));
    expect(await c).toEqual(new Error('quote is stale'));
    await vi.runAllTimersAsync();
    await Promise.all([a, b, d]);
    // Everyone waited for the longer hold, from B's 429 at 50 ms; C was never sent.
    expect(calls.map((call) => [/[^/]+$/.exec(call.url)![0], call.at - start])).toEqual([
      ['A', 0],
      ['B', 0],
      ['A', 2_050],
      ['B', 2_050],
      ['D', 2_050],
    ]);
  });

  it('a Retry-After beyond maxRetryAfterMs holds nothing', async () => {
    const start = Date.now();
    const { transport, calls } = scriptedTransport(limited('600'), ok);
    const client = core({ transport });
    await expect(client.request(publicGetMarket, { ticker: 'A' })).rejects.toBeInstanceOf(RateLimitError);
    await client.request(publicGetMarket, { ticker: 'B' });
    expect(calls.map((c) => c.at - start)).toEqual([0, 0]);
  });
});
