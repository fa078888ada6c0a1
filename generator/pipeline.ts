import { compile } from './compile.ts';
import { fileHeader } from './emit/header.ts';
import { formatTypeScript } from './format.ts';
import { loadSpec } from './load/index.ts';
import { buildApiModel } from './model/openapi.ts';
import type { ApiModel, SpecIdentity, WsModel } from './model/types.ts';
import type { SdkPlan } from './plan/index.ts';
import { packageManifest } from './manifest.ts';
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

export interface GenerateResult {
  api: ApiModel;
  /** Undefined when no AsyncAPI spec was given. */
  ws: WsModel | undefined;
  /** Every name the SDK declares, and what for. */
  plan: SdkPlan;
  files: Map<string, string>;
  /** The generated npm package's name and version (the version changes with the content, see manifest.ts). */
  package: { name: string; version: string };
  /** With `check`: files that differ from what is on disk. */
  changed: string[];
  stale: boolean;
  timings: Record<string, number>;
}

/**
 * read spec → model → emit → format → compile → write, timing each stage. The WebSocket spec is read and validated
 * beside the REST work (on a worker thread when built, see ws-job.ts); a stage's time is what the main thread spent
 * in it, its REST and WebSocket parts added up.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const timings: Record<string, number> = {};
  /** Runs one part of a stage; `last` reports the stage's total. */
  const stage = async <T>(name: string, run: () => T | Promise<T>, last = true): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings[name] = (timings[name] ?? 0) + performance.now() - started;
    if (last) options.onStage?.(name, timings[name]);
    return result;
  };

  // A folder that may not be replaced is refused before any work (and checked again when written).
  if (!options.check) await checkOutFolder(options.out);
  // Started first: the worker thread begins reading the WebSocket spec while the modules below load.
  const wsJob = options.asyncapi ? startWsJob(options.asyncapi) : undefined;
  try {
    const spec = await stage('load', () => loadSpec(options.openapi));
    // Loaded here rather than imported above: they pull in the TypeScript compiler (ts-morph), a third of a second.
    const [emit, { readTemplates, templatesSurface }, { planApi, planSdk }] = await Promise.all([
      import('./emit/index.ts'),
      import('./templates.ts'),
      import('./plan/index.ts'),
    ]);
    const templates = await readTemplates(wsJob !== undefined);
    const api = await stage('model', () => buildApiModel(spec), false);
    const apiPlan = await stage('plan', () => planApi(api, templatesSurface(templates)), false);
    const restSources = await stage('emit', () => emit.emitRestSources(apiPlan), false);
    const restFormatted = await stage('format', () => formatTypeScript(restSources), false);

    const ws = await stage('model', () => wsJob?.model());
    // Its work is done: the worker's heap (the AsyncAPI parser and its validators) need not outlive it through
    // formatting and the compiler, which runs beside this process and is the other half of the peak memory.
    wsJob?.dispose();
    const plan = await stage('plan', () => planSdk(apiPlan, ws));
    const otherSources = await stage('emit', () => emit.emitCombinedSources(api, ws, plan));
    const otherFormatted = await stage('format', () => formatTypeScript(otherSources));
    // Templates are kept prettier-clean in the repository (a test checks), so they are copied, not re-formatted;
    // an emitted file of the same path (runtime/environments.ts) replaces the template's default.
    const sources = new Map([...copyTemplates(templates, api, ws), ...restFormatted, ...otherFormatted]);
    const compiled = await stage('compile', () => compile(sources));
    const files = new Map([...prefixed('src', sources), ...prefixed('dist', compiled)]);
    const manifest = packageManifest(api, options.packageName ?? 'kalshi-sdk', files);
    files.set('package.json', `${JSON.stringify(manifest, null, 2)}\n`);

    let changed: string[] = [];
    if (options.check) changed = await stage('check', () => diffOutput(options.out, files));
    else await stage('write', () => writeOutput(options.out, files));

    return {
      api,
      ws,
      plan,
      files,
      package: { name: manifest.name, version: manifest.version },
      changed,
      stale: changed.length > 0,
      timings,
    };
  } finally {
    wsJob?.dispose();
  }
}

function prefixed(prefix: string, files: Map<string, string>): [string, string][] {
  return [...files].map(([path, text]) => [`${prefix}/${path}`, text]);
}

function specsOf(api: ApiModel, ws: WsModel | undefined): SpecIdentity[] {
  return ws ? [api.spec, ws.spec] : [api.spec];
}

/** The hand-written runtime, each file under the same header as the generated ones. */
function copyTemplates(templates: Map<string, string>, api: ApiModel, ws: WsModel | undefined): Map<string, string> {
  const specs = specsOf(api, ws);
  return new Map(
    [...templates].map(([path, text]) => [
      path,
      fileHeader(specs, `Runtime copied from kalshi-codegen templates/${path}.`) + text,
    ]),
  );
}
