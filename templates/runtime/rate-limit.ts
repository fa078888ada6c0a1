import type { OperationSpec, RateLimiter } from './core.js';
import { WaitQueue, rateLimitBucket } from './retry.js';

/**
 * Opt-in client-side rate limiting in Kalshi's token model: every request costs tokens (10 unless Kalshi lists the
 * endpoint with another cost), drawn from a read bucket (GET, HEAD, OPTIONS) or a write bucket (everything else), each refilled at
 * its own rate. Requests that would overdraw a bucket wait, in arrival order, instead of failing with a 429.
 */

/** One bucket: tokens added per second, and the most it holds (the largest burst). */
export interface BucketLimit {
  refillRate: number;
  /** Default: one second of refill. */
  capacity?: number;
}

/** What an account may spend, and what each endpoint costs. */
export interface RateLimits {
  /** GET (HEAD, OPTIONS) requests. A number is tokens per second with one second of burst. */
  read: BucketLimit | number;
  /** Every other method: orders, amends, cancels, order groups, quotes. */
  write: BucketLimit | number;
  /** Tokens an endpoint costs when `endpointCosts` does not list it and its spec documents no cost. Default 10. */
  defaultCost?: number;
  /**
   * Endpoints that cost something else, as `GetAccountEndpointCosts` lists them: `{ method, path, cost }` with the
   * path as the spec writes it (`/portfolio/orders/{order_id}`, with or without the `/trade-api/v2` prefix). A batch
   * endpoint's cost is per item.
   */
  endpointCosts?: readonly EndpointCost[];
}

export interface EndpointCost {
  method: string;
  path: string;
  cost: number;
}

/** Kalshi's published tiers in tokens per second; non-Basic write buckets hold two seconds. */
export const RATE_LIMIT_TIERS = {
  basic: { read: 200, write: 100 },
  advanced: { read: 300, write: { refillRate: 300, capacity: 600 } },
  premier: { read: 1_000, write: { refillRate: 1_000, capacity: 2_000 } },
  paragon: { read: 2_000, write: { refillRate: 2_000, capacity: 4_000 } },
  prime: { read: 4_000, write: { refillRate: 4_000, capacity: 8_000 } },
} as const satisfies Record<string, RateLimits>;

export type RateLimitTier = keyof typeof RATE_LIMIT_TIERS;

/** Kalshi's default cost of a request, in tokens. */
export const DEFAULT_REQUEST_COST = 10;

/**
 * What a limiter configures itself from: the REST client of any product whose spec has an account-limits operation
 * (the generator finds it by its response's shape, and gives the client this method).
 */
export interface AccountRateLimitSource {
  accountRateLimits(): PromiseLike<RateLimits>;
}

/** The buckets an account-limits operation answers with. */
export interface AccountLimits {
  read: { refill_rate: number; bucket_capacity: number };
  write: { refill_rate: number; bucket_capacity: number };
}

/** What an endpoint-costs operation answers with. */
export interface AccountEndpointCosts {
  default_cost: number;
  endpoint_costs: readonly EndpointCost[];
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
 * A limiter for `ClientOptions.rateLimiter`, from a tier (`createRateLimiter('advanced')`) or explicit numbers
 * (`createRateLimiter({ read: 200, write: { refillRate: 100, capacity: 200 }, endpointCosts })`). Share one limiter
 * between clients that use the same API key. `createAccountRateLimiter` asks Kalshi for the numbers instead.
 */
export function createRateLimiter(
  limits: RateLimitTier | RateLimits,
  options: RateLimiterOptions = {},
): TokenBucketLimiter {
  return new TokenBucketLimiter(tierOrLimits(limits), options.clock ?? systemClock);
}

/**
 * A limiter configured from the account's own limits and, where the product's API lists them, Kalshi's current
 * endpoint costs (`client.accountRateLimits()`, see AccountRateLimitSource); call
 * `limiter.configureFromAccount(client)` again to follow a tier change. Pass the limiter to the clients afterwards:
 * `new KalshiClient({ rateLimiter })`.
 */
export async function createAccountRateLimiter(
  client: AccountRateLimitSource,
  options: RateLimiterOptions = {},
): Promise<TokenBucketLimiter> {
  return new TokenBucketLimiter(await client.accountRateLimits(), options.clock ?? systemClock);
}

/**
 * An account's limits (and endpoint costs, where the product has them) as `RateLimits`, from the answers of its
 * account-limits (and endpoint-costs) operations: `accountRateLimits(getAccountApiLimits(core), …)`.
 */
export async function accountRateLimits(
  limitsAnswer: PromiseLike<AccountLimits>,
  costsAnswer?: PromiseLike<AccountEndpointCosts>,
): Promise<RateLimits> {
  const [limits, costs] = await Promise.all([limitsAnswer, costsAnswer]);
  const bucket = (b: AccountLimits['read']) => ({ refillRate: b.refill_rate, capacity: b.bucket_capacity });
  return {
    read: bucket(limits.read),
    write: bucket(limits.write),
    ...(costs && { defaultCost: costs.default_cost, endpointCosts: costs.endpoint_costs }),
  };
}

function tierOrLimits(limits: RateLimitTier | RateLimits): RateLimits {
  if (typeof limits !== 'string') return limits;
  const tier = RATE_LIMIT_TIERS[limits];
  if (!tier)
    throw new RangeError(
      `unknown rate-limit tier "${String(limits)}": use ${Object.keys(RATE_LIMIT_TIERS).join(', ')} or { read, write }`,
    );
  return tier;
}

export class TokenBucketLimiter implements RateLimiter {
  readonly read: TokenBucket;
  readonly write: TokenBucket;
  #defaultCost = DEFAULT_REQUEST_COST;
  /** Listed costs, with parameters blanked in their paths (`/portfolio/orders/{}`). */
  #listed: EndpointCost[] = [];
  /** Each operation's cost per call (or per item), worked out once per configuration. */
  #costs = new WeakMap<OperationSpec, number>();

  constructor(limits: RateLimits, clock: Clock = systemClock) {
    const [read, write] = [bucketLimit(limits.read, 'read'), bucketLimit(limits.write, 'write')];
    this.read = new TokenBucket(read.refillRate, read.capacity, clock);
    this.write = new TokenBucket(write.refillRate, write.capacity, clock);
    this.#setCosts(limits);
  }

  /** Applies new limits and costs in place: waiting requests keep their places, tokens are kept up to capacity. */
  configure(limits: RateLimitTier | RateLimits): void {
    const resolved = tierOrLimits(limits);
    const [read, write] = [bucketLimit(resolved.read, 'read'), bucketLimit(resolved.write, 'write')];
    this.read.setLimit(read.refillRate, read.capacity);
    this.write.setLimit(write.refillRate, write.capacity);
    this.#setCosts(resolved);
  }

  /** Fetches the account's limits and endpoint costs from Kalshi and applies them. */
  async configureFromAccount(client: AccountRateLimitSource): Promise<void> {
    this.configure(await client.accountRateLimits());
  }

  /** Which bucket one call of `op` with `params` draws from, and how many tokens. */
  cost(op: OperationSpec, params: Record<string, unknown>): ['read' | 'write', number] {
    let each = this.#costs.get(op);
    if (each === undefined) this.#costs.set(op, (each = this.#lookup(op)));
    let items = 0;
    for (const field of op.perItem ?? []) {
      const list = params[field];
      if (Array.isArray(list)) items += list.length;
    }
    return [rateLimitBucket(op.method), op.perItem ? each * items : each];
  }

  /** Waits for the tokens one call of `op` costs. */
  acquire(op: OperationSpec, params: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
    const [bucket, tokens] = this.cost(op, params);
    return this[bucket].take(tokens, signal);
  }

  #setCosts(limits: RateLimits): void {
    const defaultCost = limits.defaultCost ?? DEFAULT_REQUEST_COST;
    const listed = (limits.endpointCosts ?? []).map(({ method, path, cost }) => {
      if (!(cost >= 0)) throw new RangeError(`endpoint cost of ${method} ${path} must be a number ≥ 0 (got ${cost})`);
      return { method: method.toUpperCase(), path: blankParams(path), cost };
    });
    if (!(defaultCost >= 0)) throw new RangeError(`defaultCost must be a number ≥ 0 (got ${defaultCost})`);
    this.#defaultCost = defaultCost;
    this.#listed = listed;
    this.#costs = new WeakMap();
  }

  /** A listed cost (the path as given, or under a prefix such as /trade-api/v2), else the spec's, else the default. */
  #lookup(op: OperationSpec): number {
    const method = op.method.toUpperCase();
    const path = blankParams(op.path);
    let prefixed: number | undefined;
    for (const listed of this.#listed) {
      if (listed.method !== method) continue;
      if (listed.path === path) return listed.cost;
      // Paths start with '/', so a match at the end is a match at a segment boundary.
      if (listed.path.endsWith(path)) prefixed ??= listed.cost;
    }
    return prefixed ?? op.cost ?? this.#defaultCost;
  }
}

/** `/portfolio/orders/{order_id}`, `/portfolio/orders/:order_id` → `/portfolio/orders/{}`. */
function blankParams(path: string): string {
  return path.replace(/\{[^}]*\}|:[^/]+|<[^>]*>/g, '{}').replace(/(.)\/+$/, '$1');
}

function bucketLimit(limit: BucketLimit | number, name: string): Required<BucketLimit> {
  const { refillRate, capacity = refillRate } = typeof limit === 'number' ? { refillRate: limit } : limit;
  if (!(refillRate > 0) || !(capacity > 0))
    throw new RangeError(
      `rate limit "${name}" needs a refill rate and capacity above 0 (got ${refillRate} and ${capacity})`,
    );
  return { refillRate, capacity };
}

function checkLimit(rate: number, capacity: number): void {
  if (!(rate > 0) || !(capacity > 0))
    throw new RangeError(`rate limits must be positive numbers (got rate ${rate}, capacity ${capacity})`);
}

/** Costs and rates may be fractional; this absorbs float rounding when comparing sums. */
const EPSILON = 1e-9;

/**
 * A token bucket refilled continuously at `rate` tokens per second up to `capacity`, with a FIFO queue: a request
 * never overtakes an earlier one, even a cheaper one. A cost above the capacity waits for a full bucket and then
 * goes, leaving the bucket in debt, so an oversized batch is delayed rather than stuck forever.
 */
export class TokenBucket {
  #tokens: number;
  #updated: number;
  /** Waiters with their costs. One that aborts at the head may let a cheaper one behind it go now. */
  readonly #queue = new WaitQueue<number>((wasFirst) => {
    if (wasFirst) this.#drain();
  });
  #timer: unknown;

  #rate: number;
  #capacity: number;

  constructor(
    rate: number,
    capacity: number,
    private readonly clock: Clock = systemClock,
  ) {
    checkLimit(rate, capacity);
    this.#rate = rate;
    this.#capacity = capacity;
    this.#tokens = capacity;
    this.#updated = clock.now();
  }

  /** Tokens added per second. */
  get rate(): number {
    return this.#rate;
  }

  /** The most tokens the bucket holds. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Changes the rate and capacity from now on: tokens earned so far are kept, up to the new capacity. */
  setLimit(rate: number, capacity: number): void {
    checkLimit(rate, capacity);
    this.#refill();
    this.#rate = rate;
    this.#capacity = capacity;
    this.#tokens = Math.min(this.#tokens, capacity);
    this.#schedule();
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
    const turn = this.#queue.enter(cost, signal);
    if (this.#queue.length === 1) this.#schedule();
    return turn;
  }

  #tryTake(cost: number): boolean {
    this.#refill();
    const needed = Math.min(cost, this.#capacity);
    if (this.#tokens + EPSILON < needed) return false;
    this.#tokens -= cost;
    return true;
  }

  #refill(): void {
    const now = this.clock.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#updated) * this.#rate) / 1000);
    this.#updated = now;
  }

  /** Releases every waiter at the head that can go now, then sleeps until the next one can. */
  #drain = (): void => {
    this.#timer = undefined;
    while (this.#queue.length && this.#tryTake(this.#queue.first!)) this.#queue.releaseFirst();
    this.#schedule();
  };

  #schedule(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const cost = this.#queue.first;
    if (cost === undefined) return;
    this.#refill();
    const missing = Math.min(cost, this.#capacity) - this.#tokens;
    this.#timer = this.clock.setTimeout(this.#drain, Math.max(0, Math.ceil((missing * 1000) / this.#rate)));
  }
}
