import type { OperationSpec, RateLimiter } from './core.js';

/**
 * Opt-in client-side rate limiting: one token bucket for reads and one for writes, matching how Kalshi meters an
 * account. Requests that would exceed the budget wait (in arrival order) instead of failing with a 429.
 */

/** Kalshi's API access tiers, as requests (read) and write units (write) per second. */
export const RATE_LIMIT_TIERS = {
  basic: { read: 20, write: 10 },
  advanced: { read: 30, write: 30 },
  premier: { read: 100, write: 100 },
  prime: { read: 400, write: 400 },
} as const satisfies Record<string, RateLimits>;

export type RateLimitTier = keyof typeof RATE_LIMIT_TIERS;

export interface RateLimits {
  /** Read requests per second. */
  read: number;
  /** Write units per second (one per order; a batch cancel costs 0.2 per cancel). */
  write: number;
  /** Seconds of budget a full bucket holds, i.e. the largest burst. Default 1. */
  burstSeconds?: number;
}

/** Time source and timers; injectable so tests can drive the limiter with a fake clock. */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface RateLimiterOptions {
  clock?: Clock;
}

/**
 * A limiter for `ClientOptions.rateLimiter`: `createRateLimiter('advanced')` or
 * `createRateLimiter({ read: 50, write: 20 })`. Share one limiter between clients that use the same API key.
 */
export function createRateLimiter(
  limits: RateLimitTier | RateLimits,
  options: RateLimiterOptions = {},
): TokenBucketLimiter {
  const rates = typeof limits === 'string' ? RATE_LIMIT_TIERS[limits] : limits;
  if (!rates)
    throw new RangeError(
      `unknown rate-limit tier "${String(limits)}": use ${Object.keys(RATE_LIMIT_TIERS).join(', ')} or { read, write }`,
    );
  return new TokenBucketLimiter(rates, options.clock ?? systemClock);
}

export class TokenBucketLimiter implements RateLimiter {
  readonly read: TokenBucket;
  readonly write: TokenBucket;

  constructor(limits: RateLimits, clock: Clock = systemClock) {
    const burst = limits.burstSeconds ?? 1;
    this.read = new TokenBucket(limits.read, limits.read * burst, clock);
    this.write = new TokenBucket(limits.write, limits.write * burst, clock);
  }

  /** Waits for the tokens one call of `op` costs (see `operationCost`). */
  acquire(op: OperationSpec, params: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
    return this.take(...operationCost(op, params), signal);
  }

  /** Waits for `cost` tokens of one bucket. */
  take(kind: 'read' | 'write', cost: number, signal?: AbortSignal): Promise<void> {
    return (kind === 'write' ? this.write : this.read).take(cost, signal);
  }
}

/**
 * Which bucket one call of `op` with `params` draws from, and how much. Kalshi's write-limited operations cost a
 * fixed number of write units, or so many per item of an array in the body (a batch); every other call one read.
 */
export function operationCost(op: OperationSpec, params: Record<string, unknown>): ['read' | 'write', number] {
  const { write } = op;
  if (write === undefined) return ['read', 1];
  if (typeof write === 'number') return ['write', write];
  const items = params[write.field];
  return ['write', (Array.isArray(items) ? items.length : 1) * write.per];
}

interface Waiter {
  cost: number;
  resolve(): void;
  reject(reason: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Costs are fractional (0.2 per batch cancel); this absorbs float rounding when comparing sums. */
const EPSILON = 1e-9;

/**
 * A token bucket refilled continuously at `rate` tokens per second up to `capacity`, with a FIFO queue: a request
 * never overtakes an earlier one, even a cheaper one. A cost above the capacity waits for a full bucket and then
 * goes, leaving the bucket in debt, so an oversized batch is delayed rather than stuck forever.
 */
export class TokenBucket {
  #tokens: number;
  #updated: number;
  readonly #queue: Waiter[] = [];
  #timer: unknown;

  constructor(
    readonly rate: number,
    readonly capacity: number,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(rate > 0) || !(capacity > 0))
      throw new RangeError(`rate limits must be positive numbers (got rate ${rate}, capacity ${capacity})`);
    this.#tokens = capacity;
    this.#updated = clock.now();
  }

  /** Tokens available now (negative while in debt). */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Requests waiting for tokens. */
  get waiting(): number {
    return this.#queue.length;
  }

  take(cost: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#queue.length === 0 && this.#tryTake(cost)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { cost, resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => this.#abandon(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      if (this.#queue.length === 1) this.#schedule();
    });
  }

  #tryTake(cost: number): boolean {
    this.#refill();
    const needed = Math.min(cost, this.capacity);
    if (this.#tokens + EPSILON < needed) return false;
    this.#tokens -= cost;
    return true;
  }

  #refill(): void {
    const now = this.clock.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#updated) * this.rate) / 1000);
    this.#updated = now;
  }

  /** Releases every waiter at the head that can go now, then sleeps until the next one can. */
  #drain = (): void => {
    this.#timer = undefined;
    while (this.#queue.length && this.#tryTake(this.#queue[0]!.cost)) this.#settle(this.#queue.shift()!).resolve();
    this.#schedule();
  };

  #schedule(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const head = this.#queue[0];
    if (!head) return;
    this.#refill();
    const missing = Math.min(head.cost, this.capacity) - this.#tokens;
    this.#timer = this.clock.setTimeout(this.#drain, Math.max(0, Math.ceil((missing * 1000) / this.rate)));
  }

  #abandon(waiter: Waiter): void {
    const index = this.#queue.indexOf(waiter);
    if (index === -1) return;
    this.#queue.splice(index, 1);
    this.#settle(waiter).reject(waiter.signal!.reason);
    // The head may have changed; a cheaper request behind it may be able to go now.
    if (index === 0) this.#drain();
  }

  #settle(waiter: Waiter): Waiter {
    if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
    return waiter;
  }
}
