import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_ANCHORS, REST_VARIANTS, runRestBench } from '../../bench/rest.ts';
import { SIGNING_ANCHORS, SIGNING_VARIANTS, runSigningBench } from '../../bench/signing.ts';
import { generateForTest } from '../helpers/generated.ts';

// Smoke runs of bench/rest.ts and bench/signing.ts with a handful of requests: they must run end to end and report
// every variant and ratio. Throughput itself is not asserted; run `npm run bench` for numbers.

let sdkDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ out: sdkDir, cleanup } = await generateForTest('rest-bench'));
});
afterAll(() => cleanup?.());

describe('bench/rest.ts', () => {
  it('measures every variant at 1 and 16 in flight, with latency percentiles and a ratio to its anchor', async () => {
    const lines: string[] = [];
    const result = await runRestBench({ requests: 64, rounds: 2, sdkDir, log: (line) => lines.push(line) });
    expect(result.rows.map((r) => r.concurrency)).toEqual([1, 16]);
    for (const row of result.rows) {
      expect(Object.keys(row.variants)).toEqual([...REST_VARIANTS]);
      for (const variant of REST_VARIANTS) {
        const figures = row.variants[variant];
        expect(figures.rate).toBeGreaterThan(0);
        expect(figures.roundRate.n).toBe(2);
        expect(figures.p99Ms).toBeGreaterThanOrEqual(figures.p50Ms);
        expect(figures.p50Ms).toBeGreaterThan(0);
        expect(figures.anchor).toBe(REST_ANCHORS[variant]);
        if (figures.anchor) expect(figures.ratio!.median).toBeGreaterThan(0);
      }
      expect(row.unsignedRatio).toBe(row.variants.client.ratio!.median);
      expect(row.signedRatio).toBe(row.variants['client signed'].ratio!.median);
    }
    expect(result.targets).toEqual({ unsigned: 0.8, signed: 0.9 });
    expect(lines.join('\n')).toMatch(/16 in flight:\n {2}undici +[\d,]+\/s {2}p50 [\d.]+ ms {2}p99 [\d.]+ ms/);
  });
});

describe('bench/signing.ts', () => {
  it('measures every signer at 1 and 16 in flight against the bare crypto calls', async () => {
    const result = await runSigningBench({ signatures: 16, rounds: 2, sdkDir });
    expect(result.rows.map((r) => r.concurrency)).toEqual([1, 16]);
    for (const row of result.rows) {
      expect(Object.keys(row.variants)).toEqual([...SIGNING_VARIANTS]);
      for (const variant of SIGNING_VARIANTS) {
        expect(row.variants[variant].rate).toBeGreaterThan(0);
        expect(row.variants[variant].anchor).toBe(SIGNING_ANCHORS[variant]);
      }
      expect(row.variants.NodeSigner.ratio!.median).toBeGreaterThan(0);
      expect(row.variants.WebCryptoSigner.ratio!.median).toBeGreaterThan(0);
    }
  });
});
