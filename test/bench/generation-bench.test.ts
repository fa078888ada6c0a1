import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specYaml } from '../../generator/load/index.ts';
import { runGenerationBench } from '../../bench/generation.ts';
import { renderMarkdown } from '../../bench/report.ts';
import { TOOL_STEPS } from '../../bench/toolchain.ts';
import { FULL_SCALE, benchMeta } from '../../bench/run.ts';
import { REPO_ROOT } from '../../generator/defaults.ts';
import { openapiDoc } from '../helpers/spec.ts';

// A smoke run of bench/generation.ts: one run of each command line on a one-operation spec, so it stays quick. The
// full spec's figures come from `npm run bench`.

let dir: string;
let openapi: string;

beforeAll(async () => {
  dir = await mkdtemp(join(REPO_ROOT, '.test-output', 'generation-bench-'));
  openapi = join(dir, 'tiny.yaml');
  const doc = openapiDoc({
    paths: {
      '/markets': {
        get: {
          operationId: 'GetMarkets',
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Markets' } } },
            },
          },
        },
      },
    },
    schemas: { Markets: { type: 'object', properties: { cursor: { type: 'string' } } } },
  });
  await writeFile(openapi, specYaml(doc));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bench/generation.ts', () => {
  it('times codegen and openapi-typescript as child processes, with peak memory and codegen’s stages', async () => {
    const result = await runGenerationBench({ openapi, runs: 1, workDir: join(dir, 'work') });
    for (const command of [result.codegen, result.openapiTypescript]) {
      expect(command.wallMs.n).toBe(1);
      expect(command.wallMs.median).toBeGreaterThan(0);
      // A Node process holds tens of MB before it does anything; less would mean the figure is not RSS in bytes.
      expect(command.peakRssBytes.median).toBeGreaterThan(20 * 1024 * 1024);
      // Starting Node alone takes tens of milliseconds of CPU.
      expect(command.cpuMs.median).toBeGreaterThan(10);
      expect(command.cpuFloorMs.median).toBeCloseTo(command.cpuMs.median / result.cores);
    }
    // Each tool does real work in its step: loading alone takes a tenth of a second or more.
    for (const step of TOOL_STEPS) expect(result.toolchain.stepsCpuMs[step].median).toBeGreaterThan(50);
    expect(result.toolchain.totalCpuMs.median).toBeCloseTo(
      TOOL_STEPS.reduce((sum, step) => sum + result.toolchain.stepsCpuMs[step].median, 0),
    );
    expect(result.toolchain.floorRatio.median).toBeCloseTo(
      result.toolchain.floorMs.median / result.openapiTypescript.wallMs.median,
    );
    expect(result.floorRatio.median).toBeCloseTo(
      result.codegen.cpuFloorMs.median / result.openapiTypescript.wallMs.median,
    );
    expect(Object.keys(result.codegen.stagesMs)).toEqual(
      expect.arrayContaining(['load', 'model', 'emit', 'format', 'compile', 'write']),
    );
    expect(result.timeRatio.median).toBeCloseTo(result.codegen.wallMs.median / result.openapiTypescript.wallMs.median);
    expect(result.memoryRatio.median).toBeGreaterThan(0);
    expect(result.meetsTarget).toBe(result.timeRatio.median <= 1);

    const markdown = renderMarkdown({
      meta: benchMeta({ started: Date.now(), loadBefore: [0], loadAfter: [0], durationMs: 1, scale: FULL_SCALE }),
      generation: result,
    });
    expect(markdown).toMatch(
      /\| Full `codegen generate` .* \| ≤ 1\.00× \| [\d.]+×: [\d.]+ s vs [\d.]+ s \| (met|\*\*missed\*\*) \|/,
    );
    expect(markdown).toMatch(
      /\| codegen generate \(REST \+ WebSocket\) \| [\d.]+ m?s \| [\d.]+ m?s \| [\d.]+ m?s \| \d+ MB \|/,
    );
    expect(markdown).toMatch(/\| @asyncapi\/parser: load, read and validate the WebSocket spec \| [\d.]+ m?s \|/);
    expect(markdown).toMatch(
      /\| \*\*floor\*\*: all four over \d+ cores? \| [\d.]+ m?s, [\d.]+× openapi-typescript's wall time \|/,
    );
    expect(markdown).toMatch(/cannot take less than [\d.]+ m?s of wall time on \d+ cores?/);
    expect(markdown).toMatch(/\| compile \| [\d.]+ (s|ms) \|/);
  });
});
