import { describe, expect, it } from 'vitest';
import { percentile, ratios, summarize } from '../../bench/stats.ts';

describe('bench/stats.ts', () => {
  it('summarizes runs as median, extremes and quartiles, whatever their order', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, min: 1, max: 4, p25: 1.75, p75: 3.25 });
    expect(summarize([7])).toEqual({ n: 1, median: 7, min: 7, max: 7, p25: 7, p75: 7 });
    expect(summarize([5, 1, 9, 3, 7])).toMatchObject({ median: 5, p25: 3, p75: 7 });
    expect(() => summarize([])).toThrow(RangeError);
  });

  it('takes nearest-rank percentiles of latencies', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(latencies, 50)).toBe(50);
    expect(percentile(latencies, 99)).toBe(99);
    expect(percentile(latencies, 100)).toBe(100);
    expect(percentile([3], 99)).toBe(3);
  });

  it('pairs each run with the anchor of the same run', () => {
    expect(ratios([2, 9], [4, 3])).toEqual([0.5, 3]);
    expect(() => ratios([1, 2], [1])).toThrow(RangeError);
  });
});
