/**
 * How long a drift comparison takes: read two full specs, build their models and surfaces, diff them. Prints the
 * median of each stage over repeats, for the REST pair and the WebSocket pair (the oldest and newest captures in
 * ../shared/specs/versions).
 *
 *   node --import tsx bench/drift.ts [iterations]
 *
 * Not a test: timings depend on the machine. `runDriftBench` is exported so a smoke test can run it with a tiny N.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPECS_DIR } from '../generator/defaults.ts';
import { compareSurfaces } from '../generator/drift/diff/index.ts';
import { specKind } from '../generator/drift/spec.ts';
import { restSurface } from '../generator/drift/surface/rest.ts';
import type { ApiKind, SpecSurface } from '../generator/drift/surface/types.ts';
import { wsSurface } from '../generator/drift/surface/ws.ts';
import { parseLoadedSpec, type LoadedSpec } from '../generator/load/index.ts';
import { readSpecSource } from '../generator/load/source.ts';
import { buildWsModel } from '../generator/model/asyncapi.ts';
import { buildApiModel } from '../generator/model/openapi.ts';
import type { ApiModel, WsModel } from '../generator/model/types.ts';

export interface StageTimings {
  /** Reading both files. */
  read: number;
  /** YAML parsing and $ref checks of both. */
  parse: number;
  /** The intermediate model of both (ApiModel / WsModel: shared with generation). */
  model: number;
  /** The normalised surface of both (drift's own work). */
  surface: number;
  /** The comparison itself. */
  diff: number;
  total: number;
}

export interface DriftBenchResult {
  kind: ApiKind;
  from: string;
  to: string;
  iterations: number;
  /** Median milliseconds per stage. */
  median: StageTimings;
  /** Changes found (the same every iteration). */
  changes: number;
}

/** Times the full diff of the oldest and newest captured spec of each kind, `iterations` times. */
export async function runDriftBench({ iterations = 10 }: { iterations?: number } = {}): Promise<DriftBenchResult[]> {
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
  const results: DriftBenchResult[] = [];
  for (const kind of ['openapi', 'asyncapi'] as const) {
    const [from, to] = oldestAndNewest(kind);
    const runs: StageTimings[] = [];
    let changes = 0;
    for (let i = 0; i < iterations; i++) {
      const run = await timeOnce(from, to);
      runs.push(run.timings);
      changes = run.changes;
    }
    results.push({ kind, from, to, iterations, median: medianOf(runs), changes });
  }
  return results;
}

async function timeOnce(from: string, to: string): Promise<{ timings: StageTimings; changes: number }> {
  const start = performance.now();
  const sources = await Promise.all([readSpecSource(from), readSpecSource(to)]);
  const read = performance.now();
  const loaded = sources.map((s) => parseLoadedSpec(s));
  const parsed = performance.now();
  const models = [];
  for (const spec of loaded) models.push(await buildModel(spec));
  const modelled = performance.now();
  const surfaces = models.map(toSurface);
  const built = performance.now();
  const report = compareSurfaces(surfaces[0]!, surfaces[1]!);
  const done = performance.now();
  return {
    timings: {
      read: read - start,
      parse: parsed - read,
      model: modelled - parsed,
      surface: built - modelled,
      diff: done - built,
      total: done - start,
    },
    changes: report.changes.length,
  };
}

type Built = { spec: LoadedSpec } & ({ kind: 'openapi'; model: ApiModel } | { kind: 'asyncapi'; model: WsModel });

async function buildModel(spec: LoadedSpec): Promise<Built> {
  return specKind(spec) === 'openapi'
    ? { spec, kind: 'openapi', model: buildApiModel(spec) }
    : { spec, kind: 'asyncapi', model: await buildWsModel(spec) };
}

function toSurface(built: Built): SpecSurface {
  const stamp = { source: built.spec.location, version: built.model.spec.version, sha256: built.spec.sha256 };
  return built.kind === 'openapi'
    ? { kind: 'openapi', stamp, surface: restSurface(built.model) }
    : { kind: 'asyncapi', stamp, surface: wsSurface(built.model) };
}

function oldestAndNewest(kind: ApiKind): [string, string] {
  const dir = join(SPECS_DIR, 'versions', kind);
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  if (files.length < 2) throw new Error(`need at least two specs in ${dir} to benchmark a diff`);
  // Captures are named `<version>_<date>.yaml` (REST) or `<date>.yaml` (WebSocket): order by date.
  const date = (f: string) =>
    f
      .replace(/\.ya?ml$/, '')
      .split('_')
      .at(-1)!;
  files.sort((a, b) => date(a).localeCompare(date(b)));
  return [join(dir, files[0]!), join(dir, files.at(-1)!)];
}

function medianOf(runs: StageTimings[]): StageTimings {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const keys = ['read', 'parse', 'model', 'surface', 'diff', 'total'] as const;
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as unknown as StageTimings;
}

function format(result: DriftBenchResult): string {
  const m = result.median;
  const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
  return [
    `${result.kind}: ${result.from.split('/').at(-1)} → ${result.to.split('/').at(-1)} (${result.changes} changes), median of ${result.iterations}`,
    `  read    ${ms(m.read)}`,
    `  parse   ${ms(m.parse)}`,
    `  model   ${ms(m.model)}   (ApiModel / WsModel, both specs)`,
    `  surface ${ms(m.surface)}   (normalised surface, both specs)`,
    `  diff    ${ms(m.diff)}`,
    `  total   ${ms(m.total)}`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const iterations = process.argv[2] === undefined ? 10 : Number(process.argv[2]);
  for (const result of await runDriftBench({ iterations })) console.log(format(result));
}
