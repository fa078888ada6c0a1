export interface ReconnectOptions {
  /** Delay before the first reconnect attempt. Default 250 ms. */
  initialDelayMs?: number;
  /** Upper bound of the delay. Default 30 s. */
  maxDelayMs?: number;
  /** Growth per failed attempt. Default 2. */
  multiplier?: number;
  /** Fraction of each delay that is randomised (0 = none, 1 = anywhere from 0 to the delay). Default 0.5. */
  jitter?: number;
  /** Give up after this many consecutive failed attempts. Default: never. */
  maxAttempts?: number;
}

export type ResolvedReconnect = Required<ReconnectOptions>;

export function resolveReconnect(options: ReconnectOptions = {}): ResolvedReconnect {
  const resolved = {
    initialDelayMs: options.initialDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    multiplier: options.multiplier ?? 2,
    jitter: options.jitter ?? 0.5,
    maxAttempts: options.maxAttempts ?? Infinity,
  };
  if (!(resolved.initialDelayMs >= 0) || !(resolved.maxDelayMs >= resolved.initialDelayMs)) {
    throw new RangeError('reconnect: need 0 <= initialDelayMs <= maxDelayMs');
  }
  if (!(resolved.multiplier >= 1)) throw new RangeError('reconnect: multiplier must be >= 1');
  if (!(resolved.jitter >= 0 && resolved.jitter <= 1))
    throw new RangeError('reconnect: jitter must be between 0 and 1');
  if (!(resolved.maxAttempts >= 1)) throw new RangeError('reconnect: maxAttempts must be >= 1');
  return resolved;
}

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential, capped, with the top `jitter` fraction
 * randomised so that many clients dropped at once do not reconnect in lockstep.
 */
export function backoffDelay(options: ResolvedReconnect, attempt: number, random: () => number = Math.random): number {
  const exponential = options.initialDelayMs * options.multiplier ** Math.max(0, attempt - 1);
  const capped = Math.min(options.maxDelayMs, exponential);
  return Math.round(capped * (1 - options.jitter * random()));
}
