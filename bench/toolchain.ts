/**
 * What the tools `codegen generate` is built on cost by themselves, each in a fresh process doing only its step on
 * the same inputs as a real generation: ts-morph loading (emit), prettier formatting the emitted files,
 * @asyncapi/parser validating the WebSocket spec, and the TypeScript compiler checking and compiling the SDK.
 * Their CPU time spread over every core is a floor under any generation built on them, however well parallelised,
 * before any of codegen's own work. Run by bench/generation.ts on the output of its codegen runs.
 *
 * Prettier here formats the already-formatted output rather than the freshly emitted text, which takes a little
 * less, so the floor is, if anything, low.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { compilerCommand, writeCompilerProject } from '../generator/targets/typescript/compile.ts';
import { REPO_ROOT } from '../generator/defaults.ts';
import { PRETTIER_OPTIONS } from '../generator/targets/typescript/format.ts';
import { loadSpec } from '../generator/load/index.ts';
import { PARSER_RULESET } from '../generator/model/asyncapi.ts';
import { readTemplates } from '../generator/targets/typescript/templates.ts';
import { runNode } from './child.ts';
import { summarize, type Stat } from './stats.ts';

export const TOOL_STEPS = ['ts-morph', 'prettier', 'asyncapi', 'compile'] as const;
export type ToolStep = (typeof TOOL_STEPS)[number];

export const TOOL_STEP_LABELS: Record<ToolStep, string> = {
  'ts-morph': 'load ts-morph (the TypeScript compiler API), for emitting',
  prettier: 'prettier: load, format the emitted files',
  asyncapi: '@asyncapi/parser: load, read and validate the WebSocket spec',
  compile: 'TypeScript 7 compiler: check and compile the SDK',
};

export interface ToolchainRuns {
  /** CPU time of each step, over the runs. */
  stepsCpuMs: Record<ToolStep, Stat>;
  /** The steps' CPU time added up, one figure per run. */
  totalsCpuMs: number[];
}

/**
 * Times each step `runs` times. `sdkDir` is a generated SDK (codegen's `--out`) from `asyncapi` and some OpenAPI
 * spec; `workDir` is scratch space.
 */
export async function runToolchainBench(options: {
  sdkDir: string;
  asyncapi: string;
  runs: number;
  workDir: string;
}): Promise<ToolchainRuns> {
  const src = join(options.sdkDir, 'src');
  const sources = new Map<string, string>();
  for (const entry of await readdir(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    sources.set(relative(src, file).split('\\').join('/'), await readFile(file, 'utf8'));
  }
  const templates = await readTemplates(true);
  // Templates are copied, not formatted; every other source is emitted and goes through prettier (but for one that
  // replaces a template, runtime/environments.ts: a few lines, left out, so the floor stays low).
  const emitted = [...sources.keys()].filter((path) => path.endsWith('.ts') && !templates.has(path));

  const spec = await loadSpec(options.asyncapi);
  const documentJson = join(options.workDir, 'asyncapi.json');
  await writeFile(documentJson, JSON.stringify(spec.document));
  // Inside the repository, as codegen's own, so that the SDK's dependencies resolve.
  const project = join(REPO_ROOT, `.codegen-build-${randomUUID()}`);
  await writeCompilerProject(project, sources);

  const configs: Record<ToolStep, unknown> = {
    'ts-morph': {},
    prettier: { files: emitted.map((path) => join(src, path)), options: PRETTIER_OPTIONS },
    asyncapi: { documentJson, source: spec.location, ruleset: PARSER_RULESET },
    compile: { ...compilerCommand(project), cwd: project },
  };
  const perRun: Record<ToolStep, number>[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      const figures = {} as Record<ToolStep, number>;
      for (const step of TOOL_STEPS) {
        const child = await runNode(join(REPO_ROOT, 'bench/toolchain-step.mjs'), [step, JSON.stringify(configs[step])]);
        figures[step] = (JSON.parse(child.stdout) as { cpuMs: number }).cpuMs;
      }
      perRun.push(figures);
    }
  } finally {
    await rm(project, { recursive: true, force: true });
  }
  return {
    stepsCpuMs: Object.fromEntries(
      TOOL_STEPS.map((step) => [step, summarize(perRun.map((figures) => figures[step]))]),
    ) as Record<ToolStep, Stat>,
    totalsCpuMs: perRun.map((figures) => TOOL_STEPS.reduce((sum, step) => sum + figures[step], 0)),
  };
}
