import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError } from '../../templates/runtime/errors.js';
import { TransportTimeoutError, fetchTransport, withTimeout } from '../../templates/runtime/transport.js';
import { core, getMarket } from './helpers.js';

/** A fetch that answers only when told to, and otherwise waits until its signal aborts. */
function stalledFetch() {
  const signals: (AbortSignal | undefined)[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    signals.push(init.signal ?? undefined);
    return new Promise<Response>((_, reject) =>
      init.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
    );
  }) as typeof globalThis.fetch;
  return { fetch, signals };
}

describe('transports enforce the timeout themselves', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('withTimeout turns the timeout into a TransportTimeoutError and releases the caller signal', async () => {
    const caller = new AbortController();
    const remove = vi.spyOn(caller.signal, 'removeEventListener');
    const outcome = withTimeout(
      { method: 'GET', url: 'u', headers: {}, signal: caller.signal, timeout: 500 },
      (s) => new Promise((_, reject) => s!.addEventListener('abort', () => reject(new Error('aborted')))),
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(499);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toBeInstanceOf(TransportTimeoutError);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('withTimeout rejects with the caller reason when the caller aborts first, and clears its timer', async () => {
    const caller = new AbortController();
    const outcome = withTimeout(
      { method: 'GET', url: 'u', headers: {}, signal: caller.signal, timeout: 500 },
      (s) => new Promise((_, reject) => s!.addEventListener('abort', () => reject(s!.reason))),
    ).catch((e: unknown) => e);
    caller.abort(new Error('caller gave up'));
    expect(((await outcome) as Error).message).toBe('caller gave up');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('withTimeout without a timeout passes the caller signal through and makes no timer', async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    await withTimeout({ method: 'GET', url: 'u', headers: {}, signal: caller.signal, timeout: 0 }, async (s) => {
      seen = s;
    });
    expect(seen).toBe(caller.signal);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the fetch transport times out each attempt; the client retries and reports a TimeoutError', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { fetch, signals } = stalledFetch();
    const client = core({ transport: fetchTransport(fetch), timeout: 1_000, maxRetries: 1 });
    const outcome = client.request(getMarket, { ticker: 'KXBTC' }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1_000, attempts: 2 });
    expect(signals).toHaveLength(2);
    vi.restoreAllMocks();
  });
});
