/**
 * `npm run bench`: every benchmark, one after the other, then bench/RESULTS.md and bench/results.json.
 *
 *   npm run bench [-- --only generation,consumer,rest,signing,ws,drift,spec-size] [-- --out <dir>]
 *
 * Each figure is compared with an anchor measured in the same run (see each benchmark's header) and reported as the
 * median and spread over repeated runs. Sections run sequentially so they do not compete for the two cores; nothing
 * else should run meanwhile, and the load average before and after is recorded so a reader can tell if it did.
 * Takes about seven minutes on a two-core machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../generator/defaults.ts';
import { generate } from '../generator/pipeline.ts';
import { foundProductSpecs, isRootProduct, rootProduct } from '../generator/products.ts';
import { runNode } from './child.ts';
import { runConsumerBench } from './consumer.ts';
import { runDriftBench, type DriftBenchResult } from './drift.ts';
import { runGenerationBench } from './generation.ts';
import {
  renderMarkdown,
  targetRows,
  type BenchMeta,
  type BenchResults,
  type DriftFigures,
  type WsFigures,
} from './report.ts';
import { runRestBench } from './rest.ts';
import { runSigningBench } from './signing.ts';
import { SPEC_SIZE_COPIES, runSpecSizeBench } from './spec-size.ts';
import { ratios, summarize } from './stats.ts';
import type { WsBenchResult } from './ws.ts';

export const SECTIONS = ['generation', 'consumer', 'rest', 'signing', 'ws', 'drift', 'spec-size'] as const;
export type Section = (typeof SECTIONS)[number];

/** How much of each benchmark to run. */
export interface Scale {
  generationRuns: number;
  typecheckRuns: number;
  /** bench/rest.ts `requests` and `rounds`. */
  restRequests: number;
  restRounds: number;
  signatures: number;
  signingRounds: number;
  /** Repeated runs of bench/ws.ts (one round each) and its sizes. */
  wsRuns: number;
  wsFrames: number;
  wsWarmupFrames: number;
  wsDeltas: number;
  /** Repeated single-iteration runs of bench/drift.ts. */
  driftRuns: number;
  /** Runs of bench/spec-size.ts, and how many copies of the REST spec each size holds (1 is the anchor). */
  specSizeRuns: number;
  specSizeCopies: number[];
}

export const FULL_SCALE: Scale = {
  generationRuns: 5,
  typecheckRuns: 5,
  restRequests: 40_000,
  restRounds: 20,
  signatures: 6_000,
  signingRounds: 10,
  wsRuns: 5,
  wsFrames: 1_000_000,
  wsWarmupFrames: 100_000,
  wsDeltas: 1_000_000,
  driftRuns: 10,
  specSizeRuns: 3,
  specSizeCopies: SPEC_SIZE_COPIES,
};

export interface BenchOptions {
  /** Where RESULTS.md and results.json go; default bench/. */
  out?: string;
  only?: readonly Section[];
  scale?: Scale;
  openapi?: string;
  asyncapi?: string;
  /** A generated SDK to measure; generated from the specs into `scratch`/sdk when absent. */
  sdkDir?: string;
  /** Scratch folder inside the repository; default bench/.out. Removed afterwards. */
  scratch?: string;
  log?: (line: string) => void;
}

export async function runBenchmarks(options: BenchOptions = {}): Promise<BenchResults> {
  const log = options.log ?? (() => {});
  const scale = options.scale ?? FULL_SCALE;
  const only = new Set(options.only ?? SECTIONS);
  const openapi = options.openapi ?? DEFAULT_OPENAPI;
  const asyncapi = options.asyncapi ?? DEFAULT_ASYNCAPI;
  const out = options.out ?? join(REPO_ROOT, 'bench');
  const scratch = options.scratch ?? join(REPO_ROOT, 'bench/.out');
  const started = Date.now();
  const loadBefore = os.loadavg();
  const results: BenchResults = {
    meta: benchMeta({ started, loadBefore, loadAfter: loadBefore, durationMs: 0, scale }),
  };

  let sdkDir = options.sdkDir;
  const generated = !sdkDir && (only.has('consumer') || only.has('rest') || only.has('signing'));
  try {
    if (generated) {
      sdkDir = join(scratch, 'sdk');
      log(`generating the SDK into ${sdkDir}`);
      // Every product found, as `codegen generate` builds them: the consumer section bundles each one alone.
      const others = foundProductSpecs().filter((p) => !isRootProduct(p.product));
      await generate({ products: [{ product: rootProduct(), openapi, asyncapi }, ...others], out: sdkDir });
    }
    const section = (name: Section) => {
      if (only.has(name)) log(`\n## ${name}`);
      return only.has(name);
    };
    if (section('generation')) {
      results.generation = await runGenerationBench({
        openapi,
        asyncapi,
        runs: scale.generationRuns,
        workDir: join(scratch, 'generation'),
        log,
      });
    }
    if (section('consumer')) {
      results.consumer = await runConsumerBench({
        sdkDir: sdkDir!,
        openapi,
        typecheckRuns: scale.typecheckRuns,
        workDir: join(scratch, 'consumer'),
        log,
      });
    }
    if (section('rest'))
      results.rest = await runRestBench({ requests: scale.restRequests, rounds: scale.restRounds, sdkDir, log });
    if (section('signing'))
      results.signing = await runSigningBench({
        signatures: scale.signatures,
        rounds: scale.signingRounds,
        sdkDir: sdkDir!,
        log,
      });
    if (section('ws')) results.ws = await runWs(scale, log);
    if (section('drift')) results.drift = await runDrift(scale.driftRuns, log);
    if (section('spec-size')) {
      results.specSize = await runSpecSizeBench({
        openapi,
        asyncapi,
        copies: scale.specSizeCopies,
        runs: scale.specSizeRuns,
        workDir: join(scratch, 'spec-size'),
        log,
      });
    }
  } finally {
    if (generated) await rm(sdkDir!, { recursive: true, force: true });
  }

  results.meta = benchMeta({ started, loadBefore, loadAfter: os.loadavg(), durationMs: Date.now() - started, scale });
  results.targets = targetRows(results);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, 'RESULTS.md'), renderMarkdown(results));
  log(`\nwrote ${join(out, 'RESULTS.md')} and results.json in ${Math.round((Date.now() - started) / 1000)} s`);
  return results;
}

/**
 * bench/ws.ts, `wsRuns` times with one round each, each in a fresh process (bench/ws-process.ts) so its RSS is the
 * WebSocket benchmark's alone: every run measures the bare loop and the client back to back, so each run's ratio has
 * its anchor from the same run, and the runs give the spread.
 */
async function runWs(scale: Scale, log: (line: string) => void): Promise<WsFigures> {
  const runs: { result: WsBenchResult; peakRssBytes: number }[] = [];
  for (let run = 0; run < scale.wsRuns; run++) {
    const args = [scale.wsFrames, scale.wsWarmupFrames, scale.wsDeltas].map(String);
    const child = await runNode(join(REPO_ROOT, 'bench/ws-process.ts'), args, { nodeOptions: ['--import', 'tsx'] });
    const result = JSON.parse(child.stdout) as WsBenchResult;
    runs.push({ result, peakRssBytes: child.peakRssBytes });
    log(
      `run ${run + 1}/${scale.wsRuns}: bare ${Math.round(result.bareFps).toLocaleString('en-US')} frames/s, ` +
        `client ${Math.round(result.clientFps).toLocaleString('en-US')} frames/s (${(result.ratio * 100).toFixed(1)}%), ` +
        `${Math.round(result.deltasPerSecond).toLocaleString('en-US')} deltas/s`,
    );
  }
  const of = (pick: (r: WsBenchResult) => number) => summarize(runs.map((r) => pick(r.result)));
  return {
    frames: scale.wsFrames,
    bareFps: of((r) => r.bareFps),
    clientFps: of((r) => r.clientFps),
    ratio: of((r) => r.ratio),
    rssEarlyBytes: of((r) => r.rssEarly),
    rssEndBytes: of((r) => r.rssEnd),
    rssGrowth: of((r) => r.rssGrowth),
    peakRssBytes: summarize(runs.map((r) => r.peakRssBytes)),
    deltasPerSecond: of((r) => r.deltasPerSecond),
    targets: runs[0]!.result.targets,
  };
}

/**
 * bench/drift.ts, `runs` times with one iteration each. The anchor is reading and parsing the two YAML files, the
 * floor any comparison of two specs pays; the ratio is the whole diff over it.
 */
async function runDrift(runs: number, log: (line: string) => void): Promise<DriftFigures[]> {
  const perRun: DriftBenchResult[][] = [];
  for (let run = 0; run < runs; run++) perRun.push(await runDriftBench({ iterations: 1 }));
  return perRun[0]!.map((first, i) => {
    const totals = perRun.map((r) => r[i]!.median.total);
    const parse = perRun.map((r) => r[i]!.median.read + r[i]!.median.parse);
    const stages = Object.fromEntries(
      (['read', 'parse', 'model', 'surface', 'diff'] as const).map((stage) => [
        stage,
        summarize(perRun.map((r) => r[i]!.median[stage])),
      ]),
    );
    const figures: DriftFigures = {
      kind: first.kind,
      from: first.from.split(/[\\/]/).at(-1)!,
      to: first.to.split(/[\\/]/).at(-1)!,
      changes: first.changes,
      totalMs: summarize(totals),
      parseMs: summarize(parse),
      ratio: summarize(ratios(totals, parse)),
      stagesMs: stages,
    };
    log(
      `${figures.kind}: ${figures.from} → ${figures.to}: ${figures.totalMs.median.toFixed(0)} ms (${figures.ratio.median.toFixed(1)}× reading and parsing)`,
    );
    return figures;
  });
}

/** What a reader needs to judge the figures: when, where, under what load, against which versions. */
export function benchMeta(run: {
  started: number;
  loadBefore: number[];
  loadAfter: number[];
  durationMs: number;
  scale: Scale;
}): BenchMeta {
  const { started, loadBefore, loadAfter, durationMs, scale } = run;
  const cpus = os.cpus();
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
  return {
    date: new Date(started).toISOString(),
    commit: gitCommit(),
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGB: Math.round(os.totalmem() / 1024 ** 3),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
    },
    loadAverage: { before: loadBefore[0]!, after: loadAfter[0]! },
    durationMs,
    versions: Object.fromEntries(
      ['typescript', 'esbuild', 'openapi-typescript', 'openapi-fetch', 'kalshi-typescript', 'undici', 'ws'].map((p) => [
        p,
        version(p),
      ]),
    ),
    scale: { ...scale },
  };
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string' } } });
  const only = values.only?.split(',').map((s) => s.trim()) as Section[] | undefined;
  const unknown = only?.filter((s) => !SECTIONS.includes(s));
  if (unknown?.length) throw new Error(`unknown section ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}`);
  const results = await runBenchmarks({ only, out: values.out, log: (line) => console.log(line) });
  const missed = results.targets!.filter((t) => !t.met);
  console.log(missed.length ? `targets missed: ${missed.map((t) => t.figure).join('; ')}` : 'every target met');
}
