import type { HttpResponse } from './transport.js';

/** Retry policy: which failures are worth another attempt, and how long to wait before it. */

export interface RetryOptions {
  /** First backoff delay; doubles each attempt. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff delay. Default 8 s. */
  maxDelayMs?: number;
  /** Largest server-requested wait (Retry-After) honoured; longer requests give up instead. Default 60 s. */
  maxRetryAfterMs?: number;
}

/** Methods that can be repeated without changing the outcome. Kalshi's POST/PUT/DELETE place, amend and cancel orders. */
export const isIdempotentMethod = (method: string): boolean =>
  method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

/** Kalshi's two rate-limit buckets per account: reads (the idempotent methods) and writes (every other method). */
export const rateLimitBucket = (method: string): 'read' | 'write' => (isIdempotentMethod(method) ? 'read' : 'write');

/**
 * The wait before retrying after failed attempt number `attempt`, or undefined when retrying is pointless: the
 * status is not 408/429/500/502/503/504, or the server asked to wait longer than `maxRetryAfterMs`. Without a
 * `response` (connection error, timeout) or a server-requested wait, full-jitter exponential backoff: a uniform
 * delay in [0, min(maxDelayMs, baseDelayMs · 2^(attempt-1))].
 */
export function retryDelay(attempt: number, options: RetryOptions = {}, response?: HttpResponse): number | undefined {
  const { baseDelayMs = 500, maxDelayMs = 8_000, maxRetryAfterMs = 60_000 } = options;
  if (response && ![408, 429, 500, 502, 503, 504].includes(response.status)) return undefined;
  const requested = response && retryAfterMs(response.headers);
  if (requested === undefined)
    return Math.round(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
  return requested <= maxRetryAfterMs ? requested : undefined;
}

/**
 * The wait the server asked for, in ms: `retry-after-ms`, else `Retry-After` as seconds or an HTTP date.
 * Undefined when absent or unparsable; negative and past values count as 0.
 */
function retryAfterMs(headers: Record<string, string>): number | undefined {
  let ms = wait(headers['retry-after-ms'], 1);
  if (Number.isNaN(ms)) ms = wait(headers['retry-after'], 1000);
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** A header as a number of `unit` ms or as a date; NaN when absent or blank (which Number() would read as 0). */
function wait(value: string | undefined, unit: number): number {
  if (!value?.trim()) return NaN;
  const n = Number(value);
  return Number.isNaN(n) ? Date.parse(value) - Date.now() : n * unit;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort);
  });
}

interface Waiter<T> {
  value: T;
  resolve(): void;
  reject(reason: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Callers waiting their turn, first come first served; one whose AbortSignal aborts leaves with its reason. */
export class WaitQueue<T> {
  readonly #waiters: Waiter<T>[] = [];

  /** `onAbandon` learns that an aborted waiter left, and whether it was first (its successor may go now). */
  constructor(private readonly onAbandon?: (wasFirst: boolean) => void) {}

  get length(): number {
    return this.#waiters.length;
  }

  /** The value the first waiter entered with. */
  get first(): T | undefined {
    return this.#waiters[0]?.value;
  }

  /** Resolves when released; rejects with the signal's reason as soon as it aborts, leaving the queue. */
  enter(value: T, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter<T> = { value, resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => this.#abandon(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#waiters.push(waiter);
    });
  }

  /** Lets the first waiter go. */
  releaseFirst(): void {
    const waiter = this.#waiters.shift();
    if (waiter?.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
    waiter?.resolve();
  }

  #abandon(waiter: Waiter<T>): void {
    const index = this.#waiters.indexOf(waiter);
    if (index === -1) return;
    this.#waiters.splice(index, 1);
    waiter.reject(waiter.signal!.reason);
    this.onAbandon?.(index === 0);
  }
}

/**
 * A rate-limit bucket held after a 429: the requests that would draw from it wait until the server's wait is over,
 * then go in arrival order. A later 429 that asks for longer extends the hold; the waiters keep their places.
 */
export class Hold {
  /** Date.now() when the hold ends. */
  #until = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  // With nobody waiting, the timer must not keep Node's process alive: a script whose last call failed with a 429
  // would otherwise sit through the server's wait before exiting.
  readonly #queue = new WaitQueue<undefined>(() => {
    if (!this.#queue.length) keepAlive(this.#timer, false);
  });

  /** Whether requests must wait now. */
  get active(): boolean {
    return this.#timer !== undefined;
  }

  /** Holds requests for `ms` from now, unless the hold already lasts longer. */
  extend(ms: number): void {
    const until = Date.now() + ms;
    if (this.#timer !== undefined) {
      if (until <= this.#until) return;
      clearTimeout(this.#timer);
    }
    this.#until = until;
    this.#timer = setTimeout(this.#release, ms);
    keepAlive(this.#timer, this.#queue.length > 0);
  }

  /** Resolves when the hold ends, after the requests that waited before; rejects when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.enter(undefined, signal);
    keepAlive(this.#timer, this.#queue.length > 0);
    return turn;
  }

  #release = (): void => {
    this.#timer = undefined;
    while (this.#queue.length) this.#queue.releaseFirst();
  };
}

/** Refs or unrefs a Node timer; elsewhere timers are numbers and keep nothing alive. */
function keepAlive(timer: unknown, alive: boolean): void {
  const t = timer as { ref?(): void; unref?(): void } | undefined;
  if (alive) t?.ref?.();
  else t?.unref?.();
}
