import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_TARGETS } from '../../bench/consumer.ts';
import type { BenchResults } from '../../bench/report.ts';
import { REST_ANCHORS, REST_VARIANTS } from '../../bench/rest.ts';
import { FULL_SCALE, runBenchmarks, type Scale } from '../../bench/run.ts';
import { SIGNING_ANCHORS, SIGNING_VARIANTS } from '../../bench/signing.ts';
import { REPO_ROOT } from '../../generator/defaults.ts';
import { foundProductSpecs } from '../../generator/products.ts';
import { generateForTest } from '../helpers/generated.ts';

// A smoke run of `npm run bench` (bench/run.ts) at a tiny scale, on one freshly generated SDK of every product, writing into a
// scratch folder: every section but generation (test/bench/generation-bench.test.ts runs that on a small spec) must
// run end to end and report every variant, ratio and target. Speed and size are not asserted against the targets —
// RESULTS.md reports those — but tree-shaking is: a program importing one operation must not bundle another, nor a
// program importing one product anything of another.

const TINY: Scale = {
  ...FULL_SCALE,
  typecheckRuns: 1,
  restRequests: 64,
  restRounds: 2,
  signatures: 16,
  signingRounds: 2,
  wsRuns: 2,
  wsFrames: 2_000,
  wsWarmupFrames: 500,
  wsDeltas: 10_000,
  driftRuns: 1,
};

let dir: string;
let results: BenchResults;
let markdown: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const generated = await generateForTest('bench-run', { products: foundProductSpecs() });
  cleanup = generated.cleanup;
  dir = await mkdtemp(join(REPO_ROOT, '.test-output', 'bench-run-'));
  const only = ['consumer', 'rest', 'signing', 'ws', 'drift'] as const;
  results = await runBenchmarks({ only, scale: TINY, sdkDir: generated.out, out: dir, scratch: join(dir, 'scratch') });
  markdown = await readFile(join(dir, 'RESULTS.md'), 'utf8');
});
afterAll(async () => {
  await cleanup?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('bench/run.ts', () => {
  it('writes results.json with the figures it returned and the machine they ran on', async () => {
    const written = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as BenchResults;
    expect(written).toEqual(JSON.parse(JSON.stringify(results)));
    expect(written.meta.machine.cores).toBeGreaterThan(0);
    expect(written.meta.versions['kalshi-typescript']).toMatch(/^\d+\.\d+\.\d+/);
    expect(written.meta.durationMs).toBeGreaterThan(0);
    expect(written.generation).toBeUndefined();
  });

  it('writes RESULTS.md: machine and load, a row per target, every section that ran, and says which did not', () => {
    expect(markdown).toContain('**Machine:** ');
    expect(markdown).toMatch(/\*\*Load average\*\* \(1 min\): [\d.]+ when the run started/);
    expect(markdown).toContain('## 1. Generation\n\nNot run.');
    for (const heading of ['## 2. Consumer cost', '## 3. Request path', '## 4. WebSocket', '## 5. Drift'])
      expect(markdown).toContain(heading);
    const rows = results.targets!.map((t) => t.figure);
    expect(rows).toHaveLength(4 + 4 + 1);
    for (const target of results.targets!) {
      const verdict = `${target.met ? 'met' : '**missed**'}${target.borderline ? ', borderline' : ''}`;
      expect(markdown).toContain(`| ${target.figure} | ${target.target} | ${target.result} | ${verdict} |`);
      if (target.analysis) expect(markdown).toContain(`- *${target.figure}*: ${target.analysis}`);
    }
  });
});

describe('consumer cost (bench/consumer.ts)', () => {
  it('type-checks every program, the empty module included, and compares ours with each alternative', () => {
    const consumer = results.consumer!;
    expect(consumer.typecheck.map((t) => t.program)).toEqual([
      'kalshi-sdk',
      'kalshi-typescript',
      'openapi-fetch',
      'empty',
    ]);
    for (const t of consumer.typecheck) expect(t.wallMs.median).toBeGreaterThan(0);
    expect(Object.keys(consumer.typecheckRatios)).toEqual(['kalshi-typescript', 'openapi-fetch']);
    for (const ratio of Object.values(consumer.typecheckRatios)) expect(ratio.median).toBeGreaterThan(0);
  });

  it('bundles the generated SDK’s program for Node and for the browser', () => {
    const consumer = results.consumer!;
    expect(consumer.bundles).toHaveLength(4 * BUNDLE_TARGETS.length);
    for (const target of BUNDLE_TARGETS) {
      const bundle = consumer.bundles.find((b) => b.program === 'kalshi-sdk' && b.target === target)!;
      expect(bundle.ok, JSON.stringify(bundle)).toBe(true);
      if (bundle.ok) expect(bundle.gzipBytes).toBeGreaterThan(0);
    }
  });

  it('tree-shakes: the one-operation program carries only GetMarkets’ path, the facade every path', () => {
    const { treeShaking } = results.consumer!;
    expect(treeShaking.imported).toEqual({ operationId: 'GetMarkets', path: '/markets' });
    expect(treeShaking.paths).toBeGreaterThan(50);
    for (const target of BUNDLE_TARGETS) {
      expect(treeShaking.minimal[target]).toEqual(['/markets']);
      expect(treeShaking.facade[target]).toBe(treeShaking.paths);
    }
    expect(treeShaking.ok).toBe(true);
  });

  it('isolates products: one product’s client bundles all its own paths and nothing of another product', () => {
    const { products } = results.consumer!.treeShaking;
    expect(products.map((p) => p.product)).toEqual(foundProductSpecs().map((p) => p.product.id));
    for (const p of products) {
      for (const target of BUNDLE_TARGETS) {
        expect(p.own[target], `${p.entry}, ${target}`).toBe(p.ownPaths);
        expect(p.foreign[target], `${p.entry}, ${target}`).toEqual([]);
        expect(p.foreignModules[target], `${p.entry}, ${target}`).toEqual([]);
      }
      expect(p.ok).toBe(true);
    }
    expect(markdown).toContain('**Products**: ');
  });
});

describe('request path (bench/rest.ts, bench/signing.ts)', () => {
  it('measures every variant at 1 and 16 in flight, with latency percentiles and a ratio to its anchor', () => {
    const rest = results.rest!;
    expect(rest.rows.map((r) => r.concurrency)).toEqual([1, 16]);
    for (const row of rest.rows) {
      expect(Object.keys(row.variants)).toEqual([...REST_VARIANTS]);
      for (const variant of REST_VARIANTS) {
        const figures = row.variants[variant];
        expect(figures.rate).toBeGreaterThan(0);
        expect(figures.roundRate.n).toBe(2);
        expect(figures.p50Ms).toBeGreaterThan(0);
        expect(figures.p99Ms).toBeGreaterThanOrEqual(figures.p50Ms);
        expect(figures.anchor).toBe(REST_ANCHORS[variant]);
        if (figures.anchor) expect(figures.ratio!.median).toBeGreaterThan(0);
      }
      expect(row.unsignedRatio).toBe(row.variants.client.ratio!.median);
      expect(row.signedRatio).toBe(row.variants['client signed'].ratio!.median);
    }
    expect(rest.targets).toEqual({ unsigned: 0.8, signed: 0.9 });
    for (const variant of REST_VARIANTS) expect(markdown).toContain(`| ${variant} | `);
  });

  it('measures every signer at 1 and 16 in flight against the bare crypto calls', () => {
    const signing = results.signing!;
    expect(signing.rows.map((r) => r.concurrency)).toEqual([1, 16]);
    for (const row of signing.rows) {
      expect(Object.keys(row.variants)).toEqual([...SIGNING_VARIANTS]);
      for (const variant of SIGNING_VARIANTS) {
        expect(row.variants[variant].rate).toBeGreaterThan(0);
        expect(row.variants[variant].anchor).toBe(SIGNING_ANCHORS[variant]);
        if (row.variants[variant].anchor) expect(row.variants[variant].ratio!.median).toBeGreaterThan(0);
      }
    }
    for (const variant of SIGNING_VARIANTS) expect(markdown).toContain(`| ${variant} | `);
  });
});

describe('WebSocket and drift (bench/ws.ts, bench/drift.ts, repeated)', () => {
  it('summarizes every WebSocket figure over the runs, each run in a process of its own', () => {
    const ws = results.ws!;
    // A fresh process running only the WebSocket benchmark stays far below one that generated and bundled an SDK.
    expect(ws.peakRssBytes.max).toBeLessThan(400 * 1024 * 1024);
    for (const stat of [ws.bareFps, ws.clientFps, ws.ratio, ws.rssEndBytes, ws.peakRssBytes, ws.deltasPerSecond]) {
      expect(stat.n).toBe(2);
      expect(stat.min).toBeGreaterThan(0);
      expect(stat.min).toBeLessThanOrEqual(stat.median);
      expect(stat.median).toBeLessThanOrEqual(stat.max);
    }
  });

  it('times a diff of both spec kinds against reading and parsing them', () => {
    expect(results.drift!.map((d) => d.kind)).toEqual(['openapi', 'asyncapi']);
    for (const d of results.drift!) {
      expect(d.totalMs.median).toBeGreaterThan(d.parseMs.median);
      expect(d.ratio.median).toBeGreaterThan(1);
      expect(d.changes).toBeGreaterThan(0);
    }
    expect(markdown).toMatch(/\| openapi: .+ → .+ \| \d+ \|/);
  });
});
