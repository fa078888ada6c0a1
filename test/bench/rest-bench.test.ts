import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRestBench } from '../../bench/rest.ts';
import { generateForTest } from '../helpers/generated.ts';

// A smoke run of bench/rest.ts with a handful of requests: it must run end to end and report every ratio.
// Throughput itself is not asserted; run `node --import tsx bench/rest.ts` for numbers.

let sdkDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ out: sdkDir, cleanup } = await generateForTest('rest-bench'));
});
afterAll(() => cleanup?.());

describe('bench/rest.ts', () => {
  it('measures all four variants at 1 and 16 in flight and reports both ratios', async () => {
    const lines: string[] = [];
    const result = await runRestBench({ requests: 64, rounds: 2, sdkDir, log: (line) => lines.push(line) });
    expect(result.rows.map((r) => r.concurrency)).toEqual([1, 16]);
    for (const row of result.rows) {
      for (const rps of Object.values(row.rps)) expect(rps).toBeGreaterThan(0);
      expect(Object.keys(row.rps)).toEqual(['undici', 'client', 'undici+sign', 'client signed']);
      expect(row.unsignedRatio).toBeGreaterThan(0);
      expect(row.signedRatio).toBeGreaterThan(0);
    }
    expect(result.targets).toEqual({ unsigned: 0.8, signed: 0.9 });
    expect(lines.join('\n')).toMatch(/16 in flight: undici [\d,]+\/s · client [\d,]+\/s/);
  });
});
