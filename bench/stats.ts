/**
 * Summaries shared by the benchmarks. Every figure in bench/RESULTS.md is a `Stat`: the median over repeated runs
 * and the spread of those runs (minimum, maximum, and the quartiles that bound the middle half), so a reader sees
 * how much one run can be trusted.
 */

export interface Stat {
  /** How many runs (or rounds) the figure summarizes. */
  n: number;
  median: number;
  min: number;
  max: number;
  /** First and third quartiles (linear interpolation between the closest ranks). */
  p25: number;
  p75: number;
}

export function summarize(values: readonly number[]): Stat {
  if (values.length === 0) throw new RangeError('cannot summarize zero measurements');
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: medianOfSorted(sorted),
    min: sorted[0]!,
    max: sorted.at(-1)!,
    p25: quantileOfSorted(sorted, 0.25),
    p75: quantileOfSorted(sorted, 0.75),
  };
}

export function median(values: readonly number[]): number {
  return summarize(values).median;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('cannot take a percentile of zero measurements');
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Element-wise a[i] / b[i]: the ratio of two variants measured in the same run. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError(`ratio of ${a.length} runs to ${b.length} runs`);
  return a.map((value, i) => value / b[i]!);
}

function quantileOfSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function medianOfSorted(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
