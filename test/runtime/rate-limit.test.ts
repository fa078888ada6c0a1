import { describe, expect, it } from 'vitest';
import type { OperationSpec, RateLimiter } from '../../templates/runtime/core.js';
import {
  RATE_LIMIT_TIERS,
  accountRateLimits,
  createAccountRateLimiter,
  createRateLimiter,
  type AccountRateLimitSource,
  type Clock,
  type EndpointCost,
} from '../../templates/runtime/rate-limit.js';
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

const limiter = (limits: Parameters<typeof createRateLimiter>[0], clock: FakeClock) =>
  createRateLimiter(limits, { clock });
const op = (method: string, path: string, extra: Partial<OperationSpec> = {}): OperationSpec => ({
  id: `${method} ${path}`,
  method,
  path,
  ...extra,
});
const getOrder = op('GET', '/portfolio/orders/{order_id}', { cost: 2 });
const createOrderV2 = op('POST', '/portfolio/events/orders');
const batchCancel = op('DELETE', '/portfolio/orders/batched', { cost: 2, perItem: ['ids', 'orders'] });

describe('createRateLimiter', () => {
  it("has Kalshi's tiers in tokens per second, non-Basic write buckets holding two seconds", () => {
    expect(RATE_LIMIT_TIERS.basic).toEqual({ read: 200, write: 100 });
    expect(RATE_LIMIT_TIERS.advanced).toEqual({ read: 300, write: { refillRate: 300, capacity: 600 } });
    const clock = new FakeClock();
    const prime = limiter('prime', clock);
    expect([prime.read.rate, prime.read.capacity, prime.write.rate, prime.write.capacity]).toEqual([
      4000, 4000, 4000, 8000,
    ]);
    expect(() => createRateLimiter('platinum' as never)).toThrow(/unknown rate-limit tier "platinum"/);
    expect(() => createRateLimiter({ read: 0, write: 10 })).toThrow(/rate limit "read" needs a refill rate/);
  });

  it('charges 10 tokens by default, the documented cost where the spec gives one, per item for batches', () => {
    const clock = new FakeClock();
    const basic = limiter('basic', clock);
    expect(basic.cost(getMarket, { ticker: 'A' })).toEqual(['read', 10]);
    expect(basic.cost(getOrder, { order_id: '1' })).toEqual(['read', 2]);
    expect(basic.cost(createOrderV2, { ticker: 'A' })).toEqual(['write', 10]);
    // Every item is billed, across all of a batch's arrays.
    expect(basic.cost(batchCancel, { ids: ['1'], orders: [{ order_id: '2' }, { order_id: '3' }] })).toEqual([
      'write',
      6,
    ]);
    expect(limiter({ read: 1, write: 1, defaultCost: 4 }, clock).cost(getMarket, {})).toEqual(['read', 4]);
  });

  it("charges an endpoint the cost Kalshi lists for it, whether or not the listed path has the API's prefix", () => {
    const clock = new FakeClock();
    const limits = limiter(
      {
        read: 200,
        write: 100,
        defaultCost: 12,
        endpointCosts: [
          { method: 'delete', path: '/trade-api/v2/portfolio/orders/batched', cost: 3 },
          { method: 'POST', path: '/portfolio/events/orders', cost: 7 },
          { method: 'GET', path: '/trade-api/v2/portfolio/orders/:order_id', cost: 1 },
        ],
      },
      clock,
    );
    expect(limits.cost(createOrderV2, {})).toEqual(['write', 7]);
    expect(limits.cost(getOrder, {})).toEqual(['read', 1]);
    expect(limits.cost(batchCancel, { orders: [{}, {}] })).toEqual(['write', 6]);
    // Not listed: the default Kalshi gave, not the spec's documented cost of another time.
    expect(limits.cost(getMarket, {})).toEqual(['read', 12]);
    expect(limits.cost(op('GET', '/portfolio/events/orders'), {})).toEqual(['read', 12]);
  });

  it('lets a full bucket burst through, then paces at the rate, in arrival order', async () => {
    const clock = new FakeClock();
    const basic = limiter('basic', clock);
    const { granted } = track(clock, () => basic.acquire(getMarket, {}), 25);
    await flush();
    expect(granted).toHaveLength(20);
    await clock.advance(1_000);
    expect(granted.map((g) => g.i)).toEqual([...Array(25).keys()]);
    // 200 tokens a second at 10 a request: one request every 50 ms.
    expect(granted.slice(20).map((g) => g.at)).toEqual([50, 100, 150, 200, 250]);
  });

  it('keeps reads and writes in separate buckets', async () => {
    const clock = new FakeClock();
    const basic = limiter('basic', clock);
    const writes = track(clock, () => basic.acquire(createOrderV2, {}), 11);
    const reads = track(clock, () => basic.acquire(getMarket, {}), 20);
    await flush();
    expect(writes.granted).toHaveLength(10);
    expect(reads.granted).toHaveLength(20);
    await clock.advance(100);
    expect(writes.granted.at(-1)).toEqual({ i: 10, at: 100 });
  });

  it('never lets a cheap request overtake an expensive one ahead of it', async () => {
    const clock = new FakeClock();
    const limits = limiter({ read: 10, write: 10 }, clock);
    await limits.write.take(8);
    const order: string[] = [];
    const big = limits.write.take(5).then(() => order.push(`big@${clock.now()}`));
    const small = limits.write.take(1).then(() => order.push(`small@${clock.now()}`));
    await flush();
    expect(order).toEqual([]);
    await clock.advance(1_000);
    await Promise.all([big, small]);
    // 2 tokens left; the 5-token request waits 300 ms for 3 more, the 1-token one 100 ms after it.
    expect(order).toEqual(['big@300', 'small@400']);
  });

  it('counts fractional costs exactly', async () => {
    const clock = new FakeClock();
    const limits = limiter({ read: 1, write: 1 }, clock);
    const { granted } = track(clock, () => limits.write.take(0.2), 6);
    await flush();
    expect(granted).toHaveLength(5);
    await clock.advance(200);
    expect(granted).toHaveLength(6);
  });

  it('lets a cost above the capacity go once the bucket is full, leaving debt', async () => {
    const clock = new FakeClock();
    const limits = limiter({ read: 10, write: 10 }, clock);
    await limits.write.take(4);
    const { granted } = track(clock, () => limits.write.take(20), 1);
    await clock.advance(399);
    expect(granted).toHaveLength(0);
    await clock.advance(1);
    expect(granted).toEqual([{ i: 0, at: 400 }]);
    expect(limits.write.available).toBe(-10);
  });

  it('an aborted waiter leaves the queue and the ones behind it move up', async () => {
    const clock = new FakeClock();
    const limits = limiter({ read: 1, write: 1 }, clock);
    await limits.read.take(1);
    const controller = new AbortController();
    const aborted = limits.read.take(1, controller.signal).catch((e: unknown) => e);
    const next = track(clock, () => limits.read.take(1), 1);
    expect(limits.read.waiting).toBe(2);
    controller.abort(new Error('no longer needed'));
    expect(((await aborted) as Error).message).toBe('no longer needed');
    expect(limits.read.waiting).toBe(1);
    await clock.advance(1_000);
    expect(next.granted).toEqual([{ i: 0, at: 1_000 }]);
    await expect(limits.read.take(1, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('a capacity above the rate allows a larger burst', async () => {
    const clock = new FakeClock();
    const limits = limiter({ read: 10, write: { refillRate: 5, capacity: 10 } }, clock);
    const { granted } = track(clock, () => limits.write.take(1), 11);
    await flush();
    expect(granted).toHaveLength(10);
    await clock.advance(200);
    expect(granted).toHaveLength(11);
  });

  it('sustains the configured rate over a long run', async () => {
    const clock = new FakeClock();
    const advanced = limiter('advanced', clock);
    const { granted } = track(clock, () => advanced.acquire(getMarket, {}), 330);
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

describe('configuring from the account', () => {
  /** A client whose account-limits (and, unless `withCosts` is false, endpoint-costs) operations answer so. */
  const account = (read: number, write: number, costs: EndpointCost[] = [], defaultCost = 10, withCosts = true) => {
    const calls: string[] = [];
    const answer = <T>(what: string, body: T) => {
      calls.push(what);
      return Promise.resolve(body);
    };
    const source: AccountRateLimitSource = {
      accountRateLimits: () =>
        accountRateLimits(
          answer('limits', {
            read: { refill_rate: read, bucket_capacity: read },
            write: { refill_rate: write, bucket_capacity: write * 2 },
          }),
          withCosts ? answer('costs', { default_cost: defaultCost, endpoint_costs: costs }) : undefined,
        ),
    };
    return { source, calls };
  };

  it("reads an account without endpoint costs, as a product whose spec lists none (Perps'), with the default cost", async () => {
    const { source, calls } = account(300, 150, [], 10, false);
    const limits = await createAccountRateLimiter(source, { clock: new FakeClock() });
    expect(calls).toEqual(['limits']);
    expect(await source.accountRateLimits()).toEqual({
      read: { refillRate: 300, capacity: 300 },
      write: { refillRate: 150, capacity: 300 },
    });
    expect(limits.cost(getMarket, {})).toEqual(['read', 10]);
  });

  it("reads both buckets and every listed cost from the product's limits and costs operations", async () => {
    const { source, calls } = account(300, 150, [{ method: 'POST', path: '/portfolio/events/orders', cost: 25 }], 5);
    const clock = new FakeClock();
    const limits = await createAccountRateLimiter(source, { clock });
    expect(calls.sort()).toEqual(['costs', 'limits']);
    expect([limits.read.rate, limits.read.capacity, limits.write.rate, limits.write.capacity]).toEqual([
      300, 300, 150, 300,
    ]);
    expect(limits.cost(createOrderV2, {})).toEqual(['write', 25]);
    expect(limits.cost(getMarket, {})).toEqual(['read', 5]);
    expect(await source.accountRateLimits()).toEqual({
      read: { refillRate: 300, capacity: 300 },
      write: { refillRate: 150, capacity: 300 },
      defaultCost: 5,
      endpointCosts: [{ method: 'POST', path: '/portfolio/events/orders', cost: 25 }],
    });
  });

  it('reconfigures in place: queued requests keep their order and go at the new rate', async () => {
    const clock = new FakeClock();
    const limits = limiter({ read: 10, write: 10 }, clock);
    const { granted } = track(clock, () => limits.acquire(getMarket, {}), 3);
    await flush();
    expect(granted).toHaveLength(1);
    // Now 100 tokens a second: the two waiting requests need 10 tokens each, 100 ms apart.
    await limits.configureFromAccount(account(100, 100).source);
    await clock.advance(100);
    expect(granted.map((g) => [g.i, g.at])).toEqual([
      [0, 0],
      [1, 100],
    ]);
    await clock.advance(100);
    expect(granted.map((g) => g.i)).toEqual([0, 1, 2]);
    // Costs follow too: what was listed before is forgotten.
    limits.configure({ read: 10, write: 10, endpointCosts: [{ method: 'GET', path: '/markets/{ticker}', cost: 1 }] });
    expect(limits.cost(getMarket, {})).toEqual(['read', 1]);
    limits.configure('basic');
    expect(limits.cost(getMarket, {})).toEqual(['read', 10]);
  });
});

describe('rate limiter in the client', () => {
  it('asks the limiter before every attempt, with the operation and its params', async () => {
    const asked: [string, Record<string, unknown>][] = [];
    const rateLimiter: RateLimiter = { acquire: async (op, params) => void asked.push([op.id, params]) };
    const { transport } = scriptedTransport(json(503, {}), json(200, {}));
    const client = core({ transport, rateLimiter, signer: { keyId: 'k', sign: async () => 'sig' } });
    await client.request(getMarket, { ticker: 'A' }, { maxRetries: 1 });
    await client.request(createOrder, { ticker: 'B' });
    expect(asked).toEqual([
      ['GetMarket', { ticker: 'A' }],
      ['GetMarket', { ticker: 'A' }],
      ['CreateOrder', { ticker: 'B' }],
    ]);
  });

  it('queues requests instead of failing them', async () => {
    const { transport, calls } = scriptedTransport(json(200, {}));
    const client = core({ transport, rateLimiter: createRateLimiter({ read: 1000, write: 10 }) });
    const started = Date.now();
    await Promise.all(Array.from({ length: 105 }, () => client.request(getMarket, { ticker: 'A' })));
    // 100 in the burst, then 5 more at 10 ms intervals.
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(calls).toHaveLength(105);
  });
});
