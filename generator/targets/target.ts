import type { ApiModel, WsModel } from '../model/types.ts';
import type { ProductConfig } from '../products.ts';

/** Runs one step of a stage, timing it under the stage's name (see pipeline.ts). */
export type Stage = <T>(name: string, run: () => T | Promise<T>) => Promise<T>;

/**
 * What a generation makes of the models: a target plans its names, emits its sources, and finishes them into the
 * files it writes. A generation covers one or more products (see generator/products.ts), each planned and emitted
 * on its own and finished together into one output. For each, the pipeline gives the target the REST model first
 * and both models later, so that the REST half is planned, emitted and formatted while the WebSocket spec is still
 * being read (on a worker thread).
 *
 * `ApiPlan` is what planning the REST model alone gives, `Plan` what planning both gives, `Source` an emitted file
 * before formatting.
 */
export interface Target<ApiPlan, Plan, Source> {
  readonly name: string;
  /** Reads what the target needs besides the models; `webSocket`: whether any product has a WebSocket spec. */
  prepare(options: TargetOptions): Promise<TargetRun<ApiPlan, Plan, Source>>;
}

export interface TargetOptions {
  webSocket: boolean;
  /** The name of the package the target makes, when it makes one. */
  packageName: string;
}

export interface TargetRun<ApiPlan, Plan, Source> {
  planApi(api: ApiModel, product: ProductConfig): ApiPlan;
  plan(apiPlan: ApiPlan, ws: WsModel | undefined): Plan;
  /** The sources that need the REST model only. */
  emitApi(apiPlan: ApiPlan): Map<string, Source>;
  /** Every other source. */
  emit(plan: Plan): Map<string, Source>;
  format(sources: Map<string, Source>): Promise<Map<string, string>>;
  /**
   * The files to write, from every product's plan and formatted sources: compiled, packaged, with whatever else the
   * target ships. The first plan is the root product's.
   */
  finish(plans: readonly Plan[], formatted: Map<string, string>, stage: Stage): Promise<TargetOutput>;
}

export interface TargetOutput {
  /** Paths relative to the output folder. */
  files: Map<string, string>;
  /** The package the files make, when they make one. */
  package?: { name: string; version: string };
}
