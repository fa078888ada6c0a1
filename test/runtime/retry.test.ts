import { describe, expect, it, vi } from 'vitest';
import { ConnectionError, RateLimitError, ServerError, TimeoutError } from '../../templates/runtime/errors.js';
import { TransportTimeoutError, type HttpRequest, type HttpResponse } from '../../templates/runtime/transport.js';
import { connectionReset, core, createOrder, getMarket, json, scriptedTransport, useExactBackoff } from './helpers.js';

/** Runs `promise` to completion while fake time advances through every backoff and timeout. */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return outcome;
}

/** Milliseconds between consecutive transport calls. */
function gaps(calls: { at: number }[]): number[] {
  return calls.slice(1).map((call, i) => call.at - calls[i]!.at);
}

const unavailable = json(503, { error: { code: 'service_unavailable', message: 'try later' } });
const ok = json(200, { market: { ticker: 'KXBTC' } });

describe('retries (fake timers)', () => {
  useExactBackoff();

  it('retries a GET on 503 with exponential backoff and reports the attempts', async () => {
    const { transport, calls } = scriptedTransport(unavailable);
    const client = core({ transport, maxRetries: 3, retry: { baseDelayMs: 100, maxDelayMs: 250 } });
    const { error } = await settle(client.request(getMarket, { ticker: 'KXBTC' }));
    expect(calls).toHaveLength(4);
    expect(gaps(calls)).toEqual([100, 200, 250]);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).attempts).toBe(4);
    expect((error as Error).message).toContain('after 4 attempts');
  });

  it('uses the jitter: delays are uniform below the ceiling', async () => {
    vi.mocked(Math.random).mockReturnValue(0.5);
    const { transport, calls } = scriptedTransport(unavailable, unavailable, ok);
    const client = core({ transport, retry: { baseDelayMs: 1000 } });
    await settle(client.request(getMarket, { ticker: 'KXBTC' }));
    expect(gaps(calls)).toEqual([500, 1000]);
  });

  it.each([408, 429, 500, 502, 503, 504])('retries a GET on %i', async (status) => {
    const { transport, calls } = scriptedTransport(json(status, {}), ok);
    const { value } = await settle(core({ transport }).request(getMarket, { ticker: 'KXBTC' }));
    expect(value).toEqual({ market: { ticker: 'KXBTC' } });
    expect(calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 501])('does not retry a GET on %i', async (status) => {
    const { transport, calls } = scriptedTransport(json(status, {}), ok);
    const { error } = await settle(core({ transport }).request(getMarket, { ticker: 'KXBTC' }));
    expect(error).toMatchObject({ status });
    expect(calls).toHaveLength(1);
  });

  it('never retries a POST on 503 unless the call opts in', async () => {
    const order = { ticker: 'KXBTC', side: 'yes', action: 'buy', count: 1, yes_price_dollars: '0.5600' };
    const first = scriptedTransport(unavailable, ok);
    const { error } = await settle(
      core({ transport: first.transport, signer: fakeSigner() }).request(createOrder, order),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).attempts).toBe(1);
    expect(first.calls).toHaveLength(1);

    const optedIn = scriptedTransport(unavailable, ok);
    const { value } = await settle(
      core({ transport: optedIn.transport, signer: fakeSigner() }).request(createOrder, order, { idempotent: true }),
    );
    expect(value).toEqual({ market: { ticker: 'KXBTC' } });
    expect(optedIn.calls).toHaveLength(2);
  });

  it('never retries a POST after a connection reset', async () => {
    const { transport, calls } = scriptedTransport(connectionReset(), ok);
    const { error } = await settle(core({ transport, signer: fakeSigner() }).request(createOrder, { ticker: 'X' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(calls).toHaveLength(1);
  });

  it('retries connection resets on GET and says how many attempts failed', async () => {
    const { transport, calls } = scriptedTransport(connectionReset());
    const { error } = await settle(core({ transport, maxRetries: 2 }).request(getMarket, { ticker: 'KXBTC' }));
    expect(calls).toHaveLength(3);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/ECONNRESET.*after 3 attempts/);
  });

  it('times out each attempt, retries, and reports a TimeoutError', async () => {
    const hang = (request: { signal?: AbortSignal }) =>
      new Promise<never>((_, reject) =>
        request.signal!.addEventListener('abort', () => reject(request.signal!.reason)),
      );
    const { transport, calls } = scriptedTransport(hang);
    const client = core({ transport, timeout: 1_000, maxRetries: 1, retry: { baseDelayMs: 10 } });
    const { error } = await settle(client.request(getMarket, { ticker: 'KXBTC' }));
    expect(calls).toHaveLength(2);
    expect(gaps(calls)).toEqual([1_010]);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1_000, attempts: 2 });
  });

  it('hands the timeout to the transport without making a signal, and maps its timeout error', async () => {
    const seen: HttpRequest[] = [];
    const transport = async (request: HttpRequest): Promise<HttpResponse> => {
      seen.push(request);
      throw new TransportTimeoutError('no answer');
    };
    const { error } = await settle(
      core({ transport, timeout: 1_234, maxRetries: 1 }).request(getMarket, { ticker: 'KXBTC' }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1_234, attempts: 2 });
    // No AbortSignal is created for it: the caller passed none, and the transport keeps its own time.
    expect(seen.map((r) => [r.timeout, r.signal])).toEqual([
      [1_234, undefined],
      [1_234, undefined],
    ]);
  });

  it('per-call maxRetries and timeout override the client', async () => {
    const { transport, calls } = scriptedTransport(unavailable);
    const client = core({ transport, maxRetries: 5 });
    await settle(client.request(getMarket, { ticker: 'KXBTC' }, { maxRetries: 0 }));
    expect(calls).toHaveLength(1);
  });

  it('an AbortSignal stops the backoff at once and sends nothing more', async () => {
    const { transport, calls } = scriptedTransport(unavailable);
    const controller = new AbortController();
    const client = core({ transport, maxRetries: 5, retry: { baseDelayMs: 10_000 } });
    const outcome = client
      .request(getMarket, { ticker: 'KXBTC' }, { signal: controller.signal })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('caller gave up'));
    const error = await outcome;
    await vi.runAllTimersAsync();
    expect((error as Error).message).toBe('caller gave up');
    expect(calls).toHaveLength(1);
  });

  describe('Retry-After', () => {
    const cases: [string, Record<string, string>, number][] = [
      ['absent: exponential backoff', {}, 500],
      ['seconds', { 'retry-after': '3' }, 3_000],
      ['fractional seconds', { 'retry-after': '0.25' }, 250],
      ['negative: retry at once', { 'retry-after': '-5' }, 0],
      ['an HTTP date in the past: retry at once', { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, 0],
      ['unparsable: exponential backoff', { 'retry-after': 'soon' }, 500],
      ['retry-after-ms wins over Retry-After', { 'retry-after-ms': '120', 'retry-after': '9' }, 120],
    ];
    it.each(cases)('%s', async (_, headers, expectedGap) => {
      const { transport, calls } = scriptedTransport(json(429, {}, headers), ok);
      await settle(core({ transport }).request(getMarket, { ticker: 'KXBTC' }));
      expect(gaps(calls)).toEqual([expectedGap]);
    });

    it('an HTTP date in the future waits until then', async () => {
      const at = new Date(Date.now() + 4_000).toUTCString();
      const { transport, calls } = scriptedTransport(json(503, {}, { 'retry-after': at }), ok);
      await settle(core({ transport }).request(getMarket, { ticker: 'KXBTC' }));
      // HTTP dates have whole seconds, so the wait is up to a second shorter than 4 s.
      expect(gaps(calls)[0]).toBeGreaterThan(3_000);
      expect(gaps(calls)[0]).toBeLessThanOrEqual(4_000);
    });

    it('a huge Retry-After beyond the cap fails at once instead of sleeping', async () => {
      const { transport, calls } = scriptedTransport(json(429, {}, { 'retry-after': '86400' }), ok);
      const { error } = await settle(
        core({ transport, retry: { maxRetryAfterMs: 30_000 } }).request(getMarket, { ticker: 'KXBTC' }),
      );
      expect(calls).toHaveLength(1);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).headers['retry-after']).toBe('86400');
    });
  });
});

/** A signer that needs no crypto, for tests where the signature does not matter. */
function fakeSigner() {
  return { keyId: 'key-id', sign: async (message: string) => Buffer.from(message).toString('base64') };
}
