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
