import { UsageError } from './errors.ts';
import { loadSpec } from './load/index.ts';
import { buildApiModel } from './model/openapi.ts';
import type { ApiModel, WsModel } from './model/types.ts';
import type { SdkPlan } from './plan/index.ts';
import { rootProduct, type ProductConfig } from './products.ts';
import type { Stage, Target } from './targets/target.ts';
import { typescriptTarget } from './targets/typescript/index.ts';
import { checkOutFolder, diffOutput, writeOutput } from './write.ts';
import { startWsJob } from './ws-job.ts';

export interface GenerateOptions {
  /**
   * The products to build, each from its specs, into one package: the root product's (entry `.`) first. Absent: the
   * root product of specs/products.json, from `openapi` and `asyncapi`.
   */
  products?: readonly ProductSpecs[];
  /** The root product's REST spec, when `products` is absent. */
  openapi?: string;
  asyncapi?: string;
  out: string;
  /** Compare instead of writing. */
  check?: boolean;
  /** npm package name of the generated SDK. */
  packageName?: string;
  /** Called as each stage finishes, for progress output. */
  onStage?: (name: string, ms: number) => void;
}

/** One product to generate, and where its specs are (files or URLs). */
export interface ProductSpecs {
  product: ProductConfig;
  openapi: string;
  asyncapi?: string;
}

/** What one product's generation found and planned. */
export interface ProductResult<Plan = SdkPlan> {
  product: ProductConfig;
  api: ApiModel;
  /** Undefined when the product has no AsyncAPI spec. */
  ws: WsModel | undefined;
  plan: Plan;
}

export interface GenerateResult<Plan = SdkPlan> extends ProductResult<Plan> {
  /** Every product generated, the root product (whose models and plan are the fields above) first. */
  products: ProductResult<Plan>[];
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
 * load → model → plan → emit for each product, then finish (format, compile) → write for all, timing each stage.
 * A product's WebSocket spec is read and modelled beside its REST work (on a worker thread when built, see
 * ws-job.ts), so the REST half is planned, emitted and formatted first; a stage's time is what the main thread spent
 * in it, its parts added up.
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
  const products = productsOf(options);

  // A folder that may not be replaced is refused before any work (and checked again when written).
  if (!options.check) await checkOutFolder(options.out);
  // Started first: the worker thread begins reading the first WebSocket spec while the modules below load.
  let wsJob = products[0]!.asyncapi ? startWsJob(products[0]!.asyncapi) : undefined;
  try {
    const preparing = target.prepare({
      webSocket: products.some((p) => p.asyncapi !== undefined),
      packageName: options.packageName ?? 'kalshi-sdk',
    });
    // Awaited below; should the first model fail first, its failure is the one reported.
    preparing.catch(() => {});
    const results: ProductResult<Plan>[] = [];
    const formatted = new Map<string, string>();
    for (const [i, { product, openapi, asyncapi }] of products.entries()) {
      if (i > 0) wsJob = asyncapi ? startWsJob(asyncapi) : undefined;
      const spec = await part('load', () => loadSpec(openapi));
      const api = await part('model', () => buildApiModel(spec));
      // The target's modules load (reading their files) while the first REST model is built.
      const run = await preparing;
      const apiPlan = await part('plan', () => run.planApi(api, product));
      const apiSources = await part('emit', () => run.emitApi(apiPlan));
      for (const [path, text] of await part('format', () => run.format(apiSources))) formatted.set(path, text);

      const ws = await part('model', () => wsJob?.model());
      // Its work is done: the worker's heap (the AsyncAPI parser and its validators) need not outlive it through
      // formatting and the compiler, which runs beside this process and is the other half of the peak memory.
      wsJob?.dispose();
      const plan = await part('plan', () => run.plan(apiPlan, ws));
      const sources = await part('emit', () => run.emit(plan));
      for (const [path, text] of await part('format', () => run.format(sources))) formatted.set(path, text);
      results.push({ product, api, ws, plan });
    }
    for (const name of ['load', 'model', 'plan', 'emit']) options.onStage?.(name, timings[name] ?? 0);
    const run = await preparing;
    const output = await run.finish(
      results.map((r) => r.plan),
      formatted,
      stage,
    );

    let changed: string[] = [];
    if (options.check) changed = await stage('check', () => diffOutput(options.out, output.files));
    else await stage('write', () => writeOutput(options.out, output.files));

    return {
      ...results[0]!,
      products: results,
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

/** The products `options` names, or the root product from `openapi`/`asyncapi`. */
function productsOf(options: GenerateOptions): readonly ProductSpecs[] {
  if (options.products) {
    if (options.products.length === 0) throw new UsageError('no product to generate: give at least one');
    return options.products;
  }
  if (!options.openapi) throw new UsageError('no REST spec to generate from: give --openapi <file|url>');
  return [{ product: rootProduct(), openapi: options.openapi, asyncapi: options.asyncapi }];
}
