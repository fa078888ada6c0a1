/**
 * Generation cost: the full `codegen generate` (REST + WebSocket: model, emit, prettier, tsc to ESM JavaScript and
 * .d.ts) against openapi-typescript generating only the REST types from the same OpenAPI spec, side by side in one
 * run, both as the command-line programs users run.
 *
 *   node --import tsx bench/generation.ts [--runs 5]
 *
 * Each run starts both commands once, in an order that alternates between runs, and records wall time (process
 * start-up included), CPU time and peak RSS. The ratio is codegen's wall time over openapi-typescript's, per run.
 * Target: ≤ 1 (full generation no slower than the types-only run). Not a test: numbers vary by machine.
 *
 * CPU time says how far the wall time could still fall: the work cannot finish sooner than its CPU time spread
 * evenly over the machine's cores (`cpuFloorMs`), whatever runs in parallel.
 */
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../generator/defaults.ts';
import { binPath, runNode, type ChildRun } from './child.ts';
import { ratios, summarize, type Stat } from './stats.ts';
import { runToolchainBench, type ToolchainRuns, type ToolStep } from './toolchain.ts';

export interface GenerationBenchOptions {
  openapi?: string;
  asyncapi?: string;
  /** Default 5. */
  runs?: number;
  /** Scratch folder for the outputs; default bench/.out/generation. */
  workDir?: string;
  log?: (line: string) => void;
}

export interface CommandFigures {
  command: string;
  wallMs: Stat;
  /** User + system CPU time of the command's threads and child processes. */
  cpuMs: Stat;
  /** cpuMs / cores, per run: the shortest wall time this work could take on this machine. */
  cpuFloorMs: Stat;
  peakRssBytes: Stat;
}

export interface GenerationBenchResult {
  openapi: string;
  asyncapi: string;
  codegen: CommandFigures & {
    /** codegen's own timing of each pipeline stage (`--json`), in process; the rest of the wall time is start-up. */
    stagesMs: Record<string, Stat>;
  };
  openapiTypescript: CommandFigures;
  /** Cores the floors are computed for (`os.availableParallelism()`). */
  cores: number;
  /** codegen wall time / openapi-typescript wall time, per run. */
  timeRatio: Stat;
  /** codegen's CPU floor / openapi-typescript's wall time, per run: the best ratio parallelism alone could reach. */
  floorRatio: Stat;
  /** The tools codegen is built on, each doing its step alone (bench/toolchain.ts). */
  toolchain: {
    stepsCpuMs: Record<ToolStep, Stat>;
    totalCpuMs: Stat;
    /** totalCpuMs / cores, per run. */
    floorMs: Stat;
    /** floorMs / openapi-typescript's wall time, per run: the best ratio any generation built on them could reach. */
    floorRatio: Stat;
  };
  /** codegen peak RSS / openapi-typescript peak RSS, per run. */
  memoryRatio: Stat;
  target: { maxTimeRatio: number };
  meetsTarget: boolean;
}

const TARGET = { maxTimeRatio: 1 };

export async function runGenerationBench(options: GenerationBenchOptions = {}): Promise<GenerationBenchResult> {
  const log = options.log ?? (() => {});
  const openapi = options.openapi ?? DEFAULT_OPENAPI;
  const asyncapi = options.asyncapi ?? DEFAULT_ASYNCAPI;
  const runs = options.runs ?? 5;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const workDir = options.workDir ?? join(REPO_ROOT, 'bench/.out/generation');
  await mkdir(workDir, { recursive: true });

  const codegenArgs = [
    'generate',
    '--openapi',
    openapi,
    '--asyncapi',
    asyncapi,
    '--out',
    join(workDir, 'sdk'),
    '--json',
  ];
  const typesArgs = [openapi, '--output', join(workDir, 'openapi-typescript.d.ts')];
  const codegen = () => runNode(join(REPO_ROOT, 'bin/codegen.js'), codegenArgs);
  const openapiTypescript = () => runNode(binPath('openapi-typescript', 'openapi-typescript'), typesArgs);

  const ours: ChildRun[] = [];
  const theirs: ChildRun[] = [];
  let toolchain: ToolchainRuns;
  // Untimed: bin/codegen.js rebuilds its bundle when a generator source is newer, which no user run pays twice.
  await runNode(join(REPO_ROOT, 'bin/codegen.js'), ['--help']);
  try {
    for (let run = 0; run < runs; run++) {
      if (run % 2 === 0) {
        ours.push(await codegen());
        theirs.push(await openapiTypescript());
      } else {
        theirs.push(await openapiTypescript());
        ours.push(await codegen());
      }
      log(
        `run ${run + 1}/${runs}: codegen ${seconds(ours.at(-1)!.wallMs)}, openapi-typescript ${seconds(theirs.at(-1)!.wallMs)}`,
      );
    }
    log('the tools codegen is built on, alone:');
    toolchain = await runToolchainBench({ sdkDir: join(workDir, 'sdk'), asyncapi, runs, workDir });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const stageRuns = ours.map((run) => (JSON.parse(run.stdout) as { timingsMs: Record<string, number> }).timingsMs);
  const stagesMs = Object.fromEntries(
    Object.keys(stageRuns[0]!).map((stage) => [stage, summarize(stageRuns.map((t) => t[stage]!))]),
  );
  const cores = availableParallelism();
  const wall = (list: ChildRun[]) => list.map((r) => r.wallMs);
  const floor = (list: ChildRun[]) => list.map((r) => r.cpuMs / cores);
  const rss = (list: ChildRun[]) => list.map((r) => r.peakRssBytes);
  const toolFloors = toolchain.totalsCpuMs.map((ms) => ms / cores);
  const figures = (command: string, list: ChildRun[]): CommandFigures => ({
    command,
    wallMs: summarize(wall(list)),
    cpuMs: summarize(list.map((r) => r.cpuMs)),
    cpuFloorMs: summarize(floor(list)),
    peakRssBytes: summarize(rss(list)),
  });
  const result: GenerationBenchResult = {
    openapi,
    asyncapi,
    codegen: { ...figures(`codegen ${codegenArgs[0]} (REST + WebSocket)`, ours), stagesMs },
    openapiTypescript: figures('openapi-typescript (REST types only)', theirs),
    cores,
    timeRatio: summarize(ratios(wall(ours), wall(theirs))),
    floorRatio: summarize(ratios(floor(ours), wall(theirs))),
    toolchain: {
      stepsCpuMs: toolchain.stepsCpuMs,
      totalCpuMs: summarize(toolchain.totalsCpuMs),
      floorMs: summarize(toolFloors),
      floorRatio: summarize(ratios(toolFloors, wall(theirs))),
    },
    memoryRatio: summarize(ratios(rss(ours), rss(theirs))),
    target: TARGET,
    meetsTarget: false,
  };
  result.meetsTarget = result.timeRatio.median <= TARGET.maxTimeRatio;
  log(
    `codegen ${seconds(result.codegen.wallMs.median)} / openapi-typescript ${seconds(result.openapiTypescript.wallMs.median)} = ` +
      `${result.timeRatio.median.toFixed(2)}× (target ≤ ${TARGET.maxTimeRatio}×); peak RSS ${mb(result.codegen.peakRssBytes.median)} vs ` +
      `${mb(result.openapiTypescript.peakRssBytes.median)}`,
  );
  log(
    `CPU: codegen ${seconds(result.codegen.cpuMs.median)}, openapi-typescript ${seconds(result.openapiTypescript.cpuMs.median)}; ` +
      `codegen's floor on ${cores} cores ${seconds(result.codegen.cpuFloorMs.median)} = ${result.floorRatio.median.toFixed(2)}× openapi-typescript's wall time`,
  );
  log(
    `the tools alone: ${Object.entries(result.toolchain.stepsCpuMs)
      .map(([step, stat]) => `${step} ${seconds(stat.median)}`)
      .join(', ')} of CPU; floor ${seconds(result.toolchain.floorMs.median)} = ` +
      `${result.toolchain.floorRatio.median.toFixed(2)}× openapi-typescript's wall time`,
  );
  return result;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { runs: { type: 'string' } } });
  const result = await runGenerationBench({ runs: values.runs ? Number(values.runs) : undefined, log: console.log });
  console.log(JSON.stringify(result.codegen.stagesMs, null, 2));
}
