import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown, targetRows } from '../../bench/report.ts';
import { FULL_SCALE, benchMeta } from '../../bench/run.ts';
import { scaleOpenApi } from '../../bench/scale-spec.ts';
import { runSpecSizeBench, type SpecSizeBenchResult } from '../../bench/spec-size.ts';
import { DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { loadSpec, specYaml } from '../../generator/load/index.ts';
import { buildApiModel } from '../../generator/model/openapi.ts';
import { loaded, openapiDoc } from '../helpers/spec.ts';

// bench/scale-spec.ts must make valid specs of the original's shape, and a smoke run of bench/spec-size.ts (one run,
// a one-operation spec copied up to three times) must report every figure. The real sizes' figures come from
// `npm run bench`; nothing here is timed.

const tiny = openapiDoc({
  paths: {
    '/markets/{ticker}': {
      parameters: [{ $ref: '#/components/parameters/Ticker' }],
      get: {
        operationId: 'GetMarket',
        security: [{ key: [] }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Market' } } },
          },
        },
      },
    },
  },
  schemas: {
    Market: {
      type: 'object',
      properties: { ticker: { type: 'string' }, event: { $ref: '#/components/schemas/Event' } },
    },
    Event: { type: 'object', properties: { title: { type: 'string' } } },
  },
  components: { parameters: { Ticker: { name: 'ticker', in: 'path', required: true, schema: { type: 'string' } } } },
});

describe('bench/scale-spec.ts', () => {
  it('copies every path and component under new names, each copy referring only to its own components', () => {
    const scaled = scaleOpenApi(tiny, 3) as typeof tiny & { paths: Record<string, any>; components: any };
    expect(Object.keys(scaled.paths)).toEqual([
      '/markets/{ticker}',
      '/copy2/markets/{ticker}',
      '/copy3/markets/{ticker}',
    ]);
    expect(Object.keys(scaled.components.schemas)).toEqual([
      'Market',
      'Event',
      'MarketCopy2',
      'EventCopy2',
      'MarketCopy3',
      'EventCopy3',
    ]);
    const copy = scaled.paths['/copy3/markets/{ticker}'];
    expect(copy.get.operationId).toBe('GetMarketCopy3');
    expect(copy.parameters).toEqual([{ $ref: '#/components/parameters/TickerCopy3' }]);
    expect(copy.get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/MarketCopy3',
    });
    expect(scaled.components.schemas.MarketCopy3.properties.event).toEqual({ $ref: '#/components/schemas/EventCopy3' });
    // Shared by every copy, as one API's operations share its security schemes.
    expect(scaled.components.securitySchemes).toEqual((tiny.components as { securitySchemes: object }).securitySchemes);
    expect(copy.get.security).toEqual([{ key: [] }]);
    // The original is untouched, and one copy is the original itself.
    expect(Object.keys(tiny.paths as object)).toEqual(['/markets/{ticker}']);
    expect(scaleOpenApi(tiny, 1)).toEqual(tiny);
  });

  it("makes Kalshi's spec N times over: N times the operations and schemas, each copy modelled like the original", async () => {
    const spec = await loadSpec(DEFAULT_OPENAPI);
    const original = buildApiModel(spec);
    const doubled = buildApiModel(loaded(scaleOpenApi(spec.document, 2)));
    expect(doubled.operations).toHaveLength(2 * original.operations.length);
    expect(doubled.schemas).toHaveLength(2 * original.schemas.length);
    const copies = new Map(doubled.operations.map((op) => [op.operationId, op]));
    for (const op of original.operations) {
      const copy = copies.get(`${op.operationId}Copy2`)!;
      expect(copy.path).toBe(`/copy2${op.path}`);
      expect(copy.parameters.map((p) => p.name)).toEqual(op.parameters.map((p) => p.name));
      expect(copy.pagination).toEqual(op.pagination);
      expect(copy.requiresAuth).toBe(op.requiresAuth);
    }
  });
});

describe('bench/spec-size.ts', () => {
  let dir: string;
  let result: SpecSizeBenchResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(REPO_ROOT, '.test-output', 'spec-size-bench-'));
    const openapi = join(dir, 'tiny.yaml');
    await writeFile(openapi, specYaml(tiny));
    result = await runSpecSizeBench({ openapi, copies: [1, 2, 3], runs: 1, workDir: join(dir, 'work') });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('generates from every size as a child process, with wall time, CPU, peak memory and stages', () => {
    expect(result.sizes.map((s) => [s.copies, s.operations, s.schemas])).toEqual([
      [1, 1, 2],
      [2, 2, 4],
      [3, 3, 6],
    ]);
    for (const size of result.sizes) {
      expect(size.specBytes).toBeGreaterThan(0);
      expect(size.wallMs.n).toBe(1);
      expect(size.cpuMs.median).toBeGreaterThan(10);
      // A Node process holds tens of MB before it does anything; less would mean the figure is not RSS in bytes.
      expect(size.peakRssBytes.median).toBeGreaterThan(20 * 1024 * 1024);
      expect(Object.keys(size.stagesMs)).toEqual(
        expect.arrayContaining(['load', 'model', 'emit', 'format', 'compile']),
      );
      const anchor = result.sizes[0]!;
      expect(size.timeRatio.median).toBeCloseTo(size.wallMs.median / anchor.wallMs.median);
      expect(size.memoryRatio.median).toBeCloseTo(size.peakRssBytes.median / anchor.peakRssBytes.median);
    }
    expect(result.sizes[2]!.specBytes).toBeGreaterThan(result.sizes[1]!.specBytes);
    expect(result.marginalRatio?.n).toBe(1);
    expect(result.target).toEqual({ copies: 3, maxTimeRatio: 3, maxPeakRssBytes: 1024 ** 3 });
    expect(result.meetsTimeTarget).toBe(result.sizes[2]!.timeRatio.median <= 3);
    expect(result.meetsMemoryTarget).toBe(result.sizes[2]!.peakRssBytes.max <= 1024 ** 3);
  });

  it('reports both targets and a section of its own in RESULTS.md', () => {
    const results = {
      meta: benchMeta({ started: Date.now(), loadBefore: [0], loadAfter: [0], durationMs: 1, scale: FULL_SCALE }),
      specSize: result,
    };
    const rows = targetRows(results);
    expect(rows).toHaveLength(2);
    const markdown = renderMarkdown(results);
    expect(markdown).toMatch(
      /\| `codegen generate` from a 3× spec .* \| ≤ 3\.00× \| [\d.]+×: [\d.]+ s vs [\d.]+ s \| (met|\*\*missed\*\*)/,
    );
    expect(markdown).toMatch(
      /\| Peak RSS of `codegen generate` from the 3× spec.* \| ≤ 1024 MB \| \d+ MB, largest run/,
    );
    expect(markdown).toContain('## 6. Spec size');
    expect(markdown).toMatch(/\| 3× \| [\d.]+ MB \| 3 \| 6 \| [\d.]+ m?s \| [\d.]+× \|/);
    expect(markdown).toMatch(/\| compile \| [\d.]+ s \| [\d.]+ s \| [\d.]+ s \|/);
    expect(markdown).toMatch(/Wall time per added copy from 2× to 3× over that from 1× to 2×: -?[\d.]+×/);
  });
});
