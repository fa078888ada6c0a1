import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../templates/runtime/core.js';
import { RATE_LIMIT_TIERS, createRateLimiter, operationCost, type Clock } from '../../templates/runtime/rate-limit.js';
import { core, createOrder, getMarket, json, scriptedTransport } from './helpers.js';

/** A clock whose time moves only when the test says so. */
class FakeClock implements Clock {
  time = 0;
  #timers: { at: number; callback: () => void; id: number }[] = [];
  #nextId = 1;

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }
  /** Moves time forward, firing due timers in order, and lets promise callbacks run after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.time = due.at;
      this.clearTimeout(due.id);
      due.callback();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Starts `count` acquisitions and records when (fake time) each one is let through. */
function track(clock: FakeClock, start: (i: number) => Promise<void>, count: number) {
  const granted: { i: number; at: number }[] = [];
  const promises = Array.from({ length: count }, (_, i) =>
    start(i).then(() => void granted.push({ i, at: clock.now() })),
  );
  return { granted, promises };
}

describe('createRateLimiter', () => {
  it('has Kalshi tier presets', () => {
    expect(RATE_LIMIT_TIERS).toEqual({
      basic: { read: 20, write: 10 },
      advanced: { read: 30, write: 30 },
      premier: { read: 100, write: 100 },
      prime: { read: 400, write: 400 },
    });
    expect(() => createRateLimiter('platinum' as never)).toThrow(/unknown rate-limit tier "platinum"/);
  });

  it('lets a full bucket burst through, then paces at the rate, in arrival order', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter('basic', { clock });
    const { granted } = track(clock, () => limiter.take('read', 1), 25);
    await flush();
    expect(granted).toHaveLength(20);
    await clock.advance(1_000);
    expect(granted.map((g) => g.i)).toEqual([...Array(25).keys()]);
    // Tokens come back at 20 per second: one every 50 ms.
    expect(granted.slice(20).map((g) => g.at)).toEqual([50, 100, 150, 200, 250]);
  });

  it('keeps reads and writes in separate buckets', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter('basic', { clock });
    const writes = track(clock, () => limiter.take('write', 1), 11);
    const reads = track(clock, () => limiter.take('read', 1), 20);
    await flush();
    expect(writes.granted).toHaveLength(10);
    expect(reads.granted).toHaveLength(20);
    await clock.advance(100);
    expect(writes.granted.at(-1)).toEqual({ i: 10, at: 100 });
  });

  it('never lets a cheap request overtake an expensive one ahead of it', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ read: 10, write: 10 }, { clock });
    await limiter.take('write', 8);
    const order: string[] = [];
    const big = limiter.take('write', 5).then(() => order.push(`big@${clock.now()}`));
    const small = limiter.take('write', 1).then(() => order.push(`small@${clock.now()}`));
    await flush();
    expect(order).toEqual([]);
    await clock.advance(1_000);
    await Promise.all([big, small]);
    // 2 tokens left; the 5-unit request waits 300 ms for 3 more, the 1-unit one 100 ms after it.
    expect(order).toEqual(['big@300', 'small@400']);
  });

  it('counts fractional costs exactly (batch cancels at 0.2)', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ read: 1, write: 1 }, { clock });
    const { granted } = track(clock, () => limiter.take('write', 0.2), 6);
    await flush();
    expect(granted).toHaveLength(5);
    await clock.advance(200);
    expect(granted).toHaveLength(6);
  });

  it('lets a cost above the capacity go once the bucket is full, leaving debt', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ read: 10, write: 10 }, { clock });
    await limiter.take('write', 4);
    const { granted } = track(clock, () => limiter.take('write', 20), 1);
    await clock.advance(399);
    expect(granted).toHaveLength(0);
    await clock.advance(1);
    expect(granted).toEqual([{ i: 0, at: 400 }]);
    expect(limiter.write.available).toBe(-10);
  });

  it('an aborted waiter leaves the queue and the ones behind it move up', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ read: 1, write: 1 }, { clock });
    await limiter.take('read', 1);
    const controller = new AbortController();
    const aborted = limiter.take('read', 1, controller.signal).catch((e: unknown) => e);
    const next = track(clock, () => limiter.take('read', 1), 1);
    expect(limiter.read.waiting).toBe(2);
    controller.abort(new Error('no longer needed'));
    expect(((await aborted) as Error).message).toBe('no longer needed');
    expect(limiter.read.waiting).toBe(1);
    await clock.advance(1_000);
    expect(next.granted).toEqual([{ i: 0, at: 1_000 }]);
    await expect(limiter.take('read', 1, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('burstSeconds sets the bucket size', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ read: 10, write: 5, burstSeconds: 2 }, { clock });
    const { granted } = track(clock, () => limiter.take('write', 1), 11);
    await flush();
    expect(granted).toHaveLength(10);
  });

  it('sustains the configured rate over a long run', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter('advanced', { clock });
    const { granted } = track(clock, () => limiter.take('read', 1), 330);
    await flush();
    expect(granted.filter((g) => g.at === 0)).toHaveLength(30);
    await clock.advance(10_000);
    expect(granted).toHaveLength(330);
    // A burst of 30, then 30 per second: the 330th request goes at 10 s.
    expect(granted.at(-1)!.at).toBe(10_000);
    for (let second = 1; second <= 10; second++) {
      const inWindow = granted.filter((g) => g.at > (second - 1) * 1000 && g.at <= second * 1000).length;
      expect(inWindow).toBe(30);
    }
  });
});

describe('rate limiter in the client', () => {
  it('charges writes by operation cost, per item for batches, and reads for everything else', async () => {
    const calls: [string, number][] = [];
    const limiter: RateLimiter = { acquire: async (op, params) => void calls.push(operationCost(op, params)) };
    const { transport } = scriptedTransport(json(200, {}));
    const client = core({ transport, rateLimiter: limiter, signer: { keyId: 'k', sign: async () => 'sig' } });
    const batchCancel = {
      id: 'BatchCancelOrders',
      method: 'DELETE',
      path: '/portfolio/orders/batched',
      auth: true,
      body: [],
      write: { field: 'orders', per: 0.2 },
    } as const;
    await client.request(getMarket, { ticker: 'A' });
    await client.request(createOrder, { ticker: 'A' });
    await client.request(batchCancel, { orders: [{ order_id: '1' }, { order_id: '2' }, { order_id: '3' }] });
    expect(calls.map(([kind]) => kind)).toEqual(['read', 'write', 'write']);
    expect(calls[0]![1]).toBe(1);
    expect(calls[1]![1]).toBe(1);
    expect(calls[2]![1]).toBeCloseTo(0.6, 12);
  });

  it('queues requests instead of failing them', async () => {
    const { transport, calls } = scriptedTransport(json(200, {}));
    const client = core({ transport, rateLimiter: createRateLimiter({ read: 100, write: 1 }) });
    const started = Date.now();
    await Promise.all(Array.from({ length: 105 }, () => client.request(getMarket, { ticker: 'A' })));
    // 100 in the burst, then 5 more at 10 ms intervals.
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(calls).toHaveLength(105);
  });
});
