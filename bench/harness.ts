/**
 * Side-by-side rounds for asynchronous operations (HTTP requests, signatures): every variant runs once per round,
 * in an order that rotates each round, so a burst of load from elsewhere on the machine lands on all variants of a
 * round rather than skewing one variant's total. Ratios are then taken per round, against the anchor measured in
 * that same round (see `stats.ts`).
 */
import { percentile, ratios, summarize, type Stat } from './stats.ts';

export interface RoundsOptions<V extends string> {
  /** One operation per variant; each call must complete one unit of work (a request, a signature). */
  send: Record<V, () => Promise<unknown>>;
  /** Operations kept in flight. */
  concurrency: number;
  rounds: number;
  /**
   * Operations per round of `paceSetter`. Every other variant runs as many as it completes in the same time, as
   * estimated from its warm-up, so that a variant ten times slower does not make the run ten times longer while each
   * variant's round still lasts long enough to measure.
   */
  perRound: number;
  paceSetter: NoInfer<V>;
  /** Operations per variant before measuring (JIT, connection pool); default min(perRound, 500). */
  warmup?: number;
}

export interface VariantRun {
  /** Operations completed in the measured rounds. */
  operations: number;
  /** Total measured milliseconds. */
  ms: number;
  /** Operations per second in each round, in round order. */
  roundRates: number[];
  /** Milliseconds from start to completion of every measured operation. */
  latencies: number[];
}

export async function runRounds<V extends string>(options: RoundsOptions<V>): Promise<Record<V, VariantRun>> {
  const variants = Object.keys(options.send) as V[];
  const { concurrency } = options;
  const warmup = Math.max(1, options.warmup ?? Math.min(options.perRound, 500));
  const warmRate = {} as Record<V, number>;
  for (const variant of variants)
    warmRate[variant] = warmup / ((await drive(options.send[variant], warmup, concurrency)) / 1000);

  const count = {} as Record<V, number>;
  for (const variant of variants) {
    const scaled = Math.round((options.perRound * warmRate[variant]) / warmRate[options.paceSetter]);
    count[variant] = Math.max(concurrency, Math.min(options.perRound, scaled));
  }
  const runs = {} as Record<V, VariantRun>;
  for (const variant of variants) runs[variant] = { operations: 0, ms: 0, roundRates: [], latencies: [] };
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length]!;
      const run = runs[variant];
      const ms = await drive(options.send[variant], count[variant], concurrency, run.latencies);
      run.operations += count[variant];
      run.ms += ms;
      run.roundRates.push(count[variant] / (ms / 1000));
    }
  }
  return runs;
}

/** A variant's figures: overall rate, per-round rate (median and spread), latency percentiles. */
export interface VariantFigures {
  /** Operations per second over all rounds (operations / total time). */
  rate: number;
  /** Operations per second per round. */
  roundRate: Stat;
  p50Ms: number;
  p99Ms: number;
}

export function figures(run: VariantRun): VariantFigures {
  return {
    rate: run.operations / (run.ms / 1000),
    roundRate: summarize(run.roundRates),
    p50Ms: percentile(run.latencies, 50),
    p99Ms: percentile(run.latencies, 99),
  };
}

/** Throughput of `variant` relative to `anchor`, per round. */
export function roundRatio(variant: VariantRun, anchor: VariantRun): Stat {
  return summarize(ratios(variant.roundRates, anchor.roundRates));
}

/**
 * Completes `total` operations keeping `concurrency` in flight; returns the elapsed milliseconds. With `latencies`,
 * records each operation's own duration there.
 */
export async function drive(
  send: () => Promise<unknown>,
  total: number,
  concurrency: number,
  latencies?: number[],
): Promise<number> {
  let started = 0;
  const lane = latencies
    ? async () => {
        while (started < total) {
          started++;
          const begin = performance.now();
          await send();
          latencies.push(performance.now() - begin);
        }
      }
    : async () => {
        while (started < total) {
          started++;
          await send();
        }
      };
  const begin = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return performance.now() - begin;
}
