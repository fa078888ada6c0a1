import { loadSpec } from './load/index.ts';
import { buildApiModel } from './model/openapi.ts';
import type { ApiModel, WsModel } from './model/types.ts';
import type { SdkPlan } from './plan/index.ts';
import type { Stage, Target } from './targets/target.ts';
import { typescriptTarget } from './targets/typescript/index.ts';
import { checkOutFolder, diffOutput, writeOutput } from './write.ts';
import { startWsJob } from './ws-job.ts';

export interface GenerateOptions {
  openapi: string;
  asyncapi?: string;
  out: string;
  /** Compare instead of writing. */
  check?: boolean;
  /** npm package name of the generated SDK. */
  packageName?: string;
  /** Called as each stage finishes, for progress output. */
  onStage?: (name: string, ms: number) => void;
}

export interface GenerateResult<Plan = SdkPlan> {
  api: ApiModel;
  /** Undefined when no AsyncAPI spec was given. */
  ws: WsModel | undefined;
  /** What the target planned: for the TypeScript SDK, every name it declares, and what for. */
  plan: Plan;
  files: Map<string, string>;
  /** The generated npm package's name and version (the version changes with the content, see manifest.ts). */
  package?: { name: string; version: string };
  /** With `check`: files that differ from what is on disk. */
  changed: string[];
  stale: boolean;
  timings: Record<string, number>;
}

/** Generates the TypeScript SDK. */
export function generate(options: GenerateOptions): Promise<GenerateResult> {
  return generateWith(typescriptTarget, options);
}

/**
 * load → model → plan → emit → finish (format, compile) → write, timing each stage. The WebSocket spec is read and
 * modelled beside the REST work (on a worker thread when built, see ws-job.ts), so the REST half is planned,
 * emitted and formatted first; a stage's time is what the main thread spent in it, its two halves added up.
 */
export async function generateWith<ApiPlan, Plan, Source>(
  target: Target<ApiPlan, Plan, Source>,
  options: GenerateOptions,
): Promise<GenerateResult<Plan>> {
  const timings: Record<string, number> = {};
  /** Runs one part of a stage; `last` reports the stage's total. */
  const stage = async <T>(name: string, run: () => T | Promise<T>, last = true): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings[name] = (timings[name] ?? 0) + performance.now() - started;
    if (last) options.onStage?.(name, timings[name]);
    return result;
  };
  const part: Stage = (name, run) => stage(name, run, false);

  // A folder that may not be replaced is refused before any work (and checked again when written).
  if (!options.check) await checkOutFolder(options.out);
  // Started first: the worker thread begins reading the WebSocket spec while the modules below load.
  const wsJob = options.asyncapi ? startWsJob(options.asyncapi) : undefined;
  try {
    const spec = await stage('load', () => loadSpec(options.openapi));
    // The target's modules load (reading their files) while the REST model is built.
    const preparing = target.prepare({
      webSocket: wsJob !== undefined,
      packageName: options.packageName ?? 'kalshi-sdk',
    });
    // Awaited below; should the model fail first, its failure is the one reported.
    preparing.catch(() => {});
    const api = await part('model', () => buildApiModel(spec));
    const run = await preparing;
    const apiPlan = await part('plan', () => run.planApi(api));
    const apiSources = await part('emit', () => run.emitApi(apiPlan));
    const apiFormatted = await part('format', () => run.format(apiSources));

    const ws = await stage('model', () => wsJob?.model());
    // Its work is done: the worker's heap (the AsyncAPI parser and its validators) need not outlive it through
    // formatting and the compiler, which runs beside this process and is the other half of the peak memory.
    wsJob?.dispose();
    const plan = await stage('plan', () => run.plan(apiPlan, ws));
    const sources = await stage('emit', () => run.emit(plan));
    const formatted = await stage('format', () => run.format(sources));
    const output = await run.finish(plan, new Map([...apiFormatted, ...formatted]), stage);

    let changed: string[] = [];
    if (options.check) changed = await stage('check', () => diffOutput(options.out, output.files));
    else await stage('write', () => writeOutput(options.out, output.files));

    return {
      api,
      ws,
      plan,
      files: output.files,
      package: output.package,
      changed,
      stale: changed.length > 0,
      timings,
    };
  } finally {
    wsJob?.dispose();
  }
}
