/**
 * What the SDK costs the program that uses it: type-check time and bundle size of a minimal "list open markets"
 * program (bench/consumer/programs.ts) written against the generated SDK, the official kalshi-typescript, and
 * openapi-fetch + openapi-typescript types, measured side by side in one run; and proof of tree-shaking.
 *
 *   node --import tsx bench/consumer.ts [--runs 5] [--sdk <generated package dir>]
 *
 * The programs are written into a scratch project inside the repository (default bench/.out/consumer), where
 * `kalshi-sdk` is a link to the generated package and every other package resolves from the repository's
 * node_modules, as in a user's project.
 * - Type-check: `tsc -p` on each program alone (strict, NodeNext, skipLibCheck as most projects set it, lib ES2022 +
 *   DOM, @types/node), as a child process, wall time and peak RSS; the programs rotate order each run, and an empty
 *   module measures tsc's fixed cost in the same run.
 * - Bundle: esbuild, minified ESM, size raw and gzipped (default level), three ways: `node` (platform node, the SDK
 *   package's own npm dependencies left external: this is the SDK's code, the figure the 8 KB target is about),
 *   `node, all deps` (everything but Node's built-ins bundled) and `browser` (platform browser, everything bundled;
 *   a package that needs Node's built-ins fails here, and the failure is reported).
 * - Tree-shaking: the minimal program's bundles must contain the path of the one operation it imports and no other
 *   operation's path; the facade program's bundles, as a control, contain every path.
 * - Products: for each product the SDK holds, a program importing that product's client facade from its entry
 *   (`kalshi-sdk/perps`) must bundle every operation path of its own (the control) and no operation path or
 *   operationId of another product, nor any module of another product's folder.
 * Sizes are deterministic, so they are measured once.
 */
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { DEFAULT_OPENAPI, REPO_ROOT } from '../generator/defaults.ts';
import { loadSpec } from '../generator/load/index.ts';
import { buildApiModel } from '../generator/model/openapi.ts';
import { productOwnNames } from '../generator/plan/product.ts';
import { defaultSpecs, isRootProduct, loadProducts, type ProductConfig } from '../generator/products.ts';
import { binPath, runNode, type ChildRun } from './child.ts';
import {
  EMPTY,
  GENERATED_FACADE,
  GENERATED_MINIMAL,
  OFFICIAL,
  OPENAPI_FETCH,
  PROGRAMS,
  productFacade,
  type ConsumerProgram,
} from './consumer/programs.ts';
import { ratios, summarize, type Stat } from './stats.ts';

export interface ConsumerBenchOptions {
  /** The generated SDK package (holding package.json and dist/). */
  sdkDir: string;
  /** The OpenAPI spec the SDK was generated from: openapi-fetch's types and the operation list come from it. */
  openapi?: string;
  /** Scratch project; must be inside the repository. Default bench/.out/consumer. */
  workDir?: string;
  /** Type-check runs per program; default 5. */
  typecheckRuns?: number;
  log?: (line: string) => void;
}

export interface TypecheckFigures {
  program: string;
  wallMs: Stat;
  peakRssBytes: Stat;
}

export type BundleTarget = 'node' | 'node, all deps' | 'browser';
export const BUNDLE_TARGETS: readonly BundleTarget[] = ['node', 'node, all deps', 'browser'];

export type BundleFigures = { program: string; target: BundleTarget } & (
  | {
      ok: true;
      minifiedBytes: number;
      gzipBytes: number;
      /** The inputs contributing most to the output, largest first. */
      largestInputs: { path: string; bytes: number }[];
      /** Operation paths of the spec found as string literals in the bundle. */
      operationPaths: string[];
    }
  | { ok: false; errors: string[] }
);

/** What a program importing one product's client facade bundles, by target. */
export interface ProductIsolation {
  product: string;
  /** What the program imports it from: `kalshi-sdk`, `kalshi-sdk/perps`. */
  entry: string;
  /** Distinct operation paths of its own spec. */
  ownPaths: number;
  /** How many of them each bundle holds: all, or the search is broken. */
  own: Partial<Record<BundleTarget, number>>;
  /** Other products' operation paths and operationIds (those not also its own) found in each bundle. */
  foreign: Partial<Record<BundleTarget, string[]>>;
  /** Modules of other products' folders in each bundle. */
  foreignModules: Partial<Record<BundleTarget, string[]>>;
  ok: boolean;
}

export interface ConsumerBenchResult {
  programs: { name: string; description: string }[];
  typecheck: TypecheckFigures[];
  /** The generated SDK's program's type-check wall time over each alternative's, per run. */
  typecheckRatios: Record<string, Stat>;
  bundles: BundleFigures[];
  treeShaking: {
    /** The one operation the minimal program imports. */
    imported: { operationId: string; path: string };
    /** Distinct operation paths in the spec. */
    paths: number;
    /** Operation paths found in the minimal program's bundles, by target. */
    minimal: Partial<Record<BundleTarget, string[]>>;
    /** How many operation paths the facade program's bundles contain, by target. */
    facade: Partial<Record<BundleTarget, number>>;
    ok: boolean;
    /** Each product of the SDK imported alone. */
    products: ProductIsolation[];
  };
  target: { maxMinifiedBytes: number };
  meetsTarget: boolean;
}

const TARGET = { maxMinifiedBytes: 8 * 1024 };
const TYPECHECKED = [GENERATED_MINIMAL, OFFICIAL, OPENAPI_FETCH, EMPTY];
const BUNDLED = [GENERATED_MINIMAL, GENERATED_FACADE, OFFICIAL, OPENAPI_FETCH];
const IMPORTED_OPERATION = 'GetMarkets';

export async function runConsumerBench(options: ConsumerBenchOptions): Promise<ConsumerBenchResult> {
  const log = options.log ?? (() => {});
  const openapi = options.openapi ?? DEFAULT_OPENAPI;
  const runs = options.typecheckRuns ?? 5;
  if (!Number.isInteger(runs) || runs < 1)
    throw new RangeError(`typecheckRuns must be a positive integer, got ${runs}`);
  const workDir = options.workDir ?? join(REPO_ROOT, 'bench/.out/consumer');
  if (relative(REPO_ROOT, workDir).startsWith('..'))
    throw new Error(`workDir ${workDir} must be inside ${REPO_ROOT} so packages resolve`);

  await writeProject(workDir, options.sdkDir, openapi);
  try {
    const typecheck = await typecheckAll(workDir, runs, log);
    const ours = typecheck.get(GENERATED_MINIMAL.name)!;
    const typecheckRatios = Object.fromEntries(
      [OFFICIAL, OPENAPI_FETCH].map((p) => [
        p.name,
        summarize(ratios(wallTimes(ours), wallTimes(typecheck.get(p.name)!))),
      ]),
    );

    const paths = await operationPaths(openapi);
    const bundles: BundleFigures[] = [];
    for (const program of BUNDLED) {
      for (const target of BUNDLE_TARGETS) {
        const figures = await bundle(workDir, options.sdkDir, program, target, paths.all);
        bundles.push(figures);
        log(formatBundle(figures));
      }
    }

    const find = (program: ConsumerProgram, target: BundleTarget) =>
      bundles.find((b) => b.program === program.name && b.target === target);
    const treeShaking: ConsumerBenchResult['treeShaking'] = {
      imported: paths.imported,
      paths: paths.all.length,
      minimal: {},
      facade: {},
      ok: true,
      products: await isolateProducts(workDir, options.sdkDir, await sdkProducts(options.sdkDir, openapi), log),
    };
    for (const target of BUNDLE_TARGETS) {
      const minimal = find(GENERATED_MINIMAL, target);
      const facade = find(GENERATED_FACADE, target);
      if (minimal?.ok) treeShaking.minimal[target] = minimal.operationPaths;
      if (facade?.ok) treeShaking.facade[target] = facade.operationPaths.length;
      // The facade is the control: if its bundles did not show every path, the search itself would be broken.
      treeShaking.ok &&=
        minimal?.ok === true &&
        minimal.operationPaths.join() === paths.imported.path &&
        facade?.ok === true &&
        facade.operationPaths.length === paths.all.length;
    }
    log(
      `tree-shaking: the minimal program's bundles hold ${describePaths(treeShaking.minimal)}; the facade's hold ${JSON.stringify(treeShaking.facade)} of ${paths.all.length}`,
    );

    const minimalNode = find(GENERATED_MINIMAL, 'node');
    const minimalBrowser = find(GENERATED_MINIMAL, 'browser');
    const meetsTarget =
      minimalNode?.ok === true && minimalNode.minifiedBytes <= TARGET.maxMinifiedBytes && minimalBrowser?.ok === true;
    return {
      programs: PROGRAMS.map(({ name, description }) => ({ name, description })),
      typecheck: TYPECHECKED.map((p) => {
        const list = typecheck.get(p.name)!;
        return {
          program: p.name,
          wallMs: summarize(wallTimes(list)),
          peakRssBytes: summarize(list.map((r) => r.peakRssBytes)),
        };
      }),
      typecheckRatios,
      bundles,
      treeShaking,
      target: TARGET,
      meetsTarget,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The scratch project: package.json, tsconfigs, the programs, the SDK linked in, openapi-typescript's types. */
async function writeProject(workDir: string, sdkDir: string, openapi: string): Promise<void> {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(join(workDir, 'node_modules'), { recursive: true });
  await symlink(sdkDir, join(workDir, 'node_modules/kalshi-sdk'), 'junction');
  await writeFile(
    join(workDir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  for (const program of PROGRAMS) {
    await writeFile(join(workDir, `${program.name}.ts`), program.source);
    await writeFile(
      join(workDir, `tsconfig.${program.name}.json`),
      `${JSON.stringify({ compilerOptions, files: [`${program.name}.ts`] }, null, 2)}\n`,
    );
  }
  await runNode(binPath('openapi-typescript', 'openapi-typescript'), [
    openapi,
    '--output',
    join(workDir, 'kalshi-openapi.d.ts'),
  ]);
}

/** `tsc -p` per program, `runs` times, rotating the order; throws if a program does not type-check. */
async function typecheckAll(
  workDir: string,
  runs: number,
  log: (line: string) => void,
): Promise<Map<string, ChildRun[]>> {
  const tsc = binPath('typescript', 'tsc');
  const results = new Map<string, ChildRun[]>(TYPECHECKED.map((p) => [p.name, []]));
  for (let run = 0; run < runs; run++) {
    const line: string[] = [];
    for (let i = 0; i < TYPECHECKED.length; i++) {
      const program = TYPECHECKED[(i + run) % TYPECHECKED.length]!;
      const result = await runNode(tsc, ['-p', `tsconfig.${program.name}.json`], { cwd: workDir });
      results.get(program.name)!.push(result);
      line.push(`${program.name} ${(result.wallMs / 1000).toFixed(2)} s`);
    }
    log(`type-check run ${run + 1}/${runs}: ${line.join(', ')}`);
  }
  return results;
}

async function bundle(
  workDir: string,
  sdkDir: string,
  program: ConsumerProgram,
  target: BundleTarget,
  paths: string[],
): Promise<BundleFigures> {
  try {
    const { code, text, metafile } = await bundleProgram(workDir, program, target);
    return {
      program: program.name,
      target,
      ok: true,
      minifiedBytes: code.byteLength,
      gzipBytes: gzipSync(code).byteLength,
      largestInputs: largestInputs(metafile, workDir, sdkDir),
      operationPaths: literalsIn(text, paths),
    };
  } catch (err) {
    return { program: program.name, target, ok: false, errors: buildErrors(err) };
  }
}

/** One minified ESM bundle of `program` for `target`. */
async function bundleProgram(
  workDir: string,
  program: ConsumerProgram,
  target: BundleTarget,
): Promise<{ code: Uint8Array; text: string; metafile: Metafile }> {
  const result = await build({
    absWorkingDir: workDir,
    entryPoints: [`${program.name}.ts`],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: target === 'browser' ? 'browser' : 'node',
    external: target === 'node' ? dependenciesOf(workDir, program) : [],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { code, text: new TextDecoder().decode(code), metafile: result.metafile };
}

/** The strings of `candidates` that `text` holds as string literals. */
function literalsIn(text: string, candidates: readonly string[]): string[] {
  return candidates.filter((s) => ['"', "'", '`'].some((q) => text.includes(`${q}${s}${q}`)));
}

function buildErrors(err: unknown): string[] {
  const errors = (err as { errors?: { text: string }[] }).errors?.map((e) => e.text) ?? [(err as Error).message];
  return [...new Set(errors)];
}

/** The products the SDK's manifest lists, each with its REST spec: the root's is `openapi`, the others' in the specs folder. */
async function sdkProducts(sdkDir: string, openapi: string): Promise<{ product: ProductConfig; openapi: string }[]> {
  const manifest = JSON.parse(await readFile(join(sdkDir, 'package.json'), 'utf8')) as {
    kalshiCodegen: { products: { id: string }[] };
  };
  const configured = loadProducts();
  return manifest.kalshiCodegen.products.map(({ id }) => {
    const product = configured.find((p) => p.id === id);
    if (!product) throw new Error(`${sdkDir} holds a product "${id}" that specs/products.json does not`);
    return { product, openapi: isRootProduct(product) ? openapi : defaultSpecs(product).openapi };
  });
}

/**
 * Bundles each product's client facade alone, for every target, and looks in each bundle for what belongs to
 * another product: its operation paths and operationIds as string literals, its folder's modules.
 */
async function isolateProducts(
  workDir: string,
  sdkDir: string,
  products: readonly { product: ProductConfig; openapi: string }[],
  log: (line: string) => void,
): Promise<ProductIsolation[]> {
  const operations = await Promise.all(
    products.map(async ({ openapi }) => buildApiModel(await loadSpec(openapi)).operations),
  );
  const results: ProductIsolation[] = [];
  for (const [i, { product }] of products.entries()) {
    const ownPaths = [...new Set(operations[i]!.map((op) => op.path))];
    const own = new Set([...ownPaths, ...operations[i]!.map((op) => op.operationId)]);
    const foreignStrings = [
      ...new Set(operations.flatMap((ops, j) => (j === i ? [] : ops.flatMap((op) => [op.path, op.operationId])))),
    ].filter((s) => !own.has(s));
    const entry = isRootProduct(product) ? 'kalshi-sdk' : `kalshi-sdk/${product.entry}`;
    const program = productFacade(product.id, entry, productOwnNames(product).client);
    await writeFile(join(workDir, `${program.name}.ts`), program.source);
    const isolation: ProductIsolation = {
      product: product.id,
      entry,
      ownPaths: ownPaths.length,
      own: {},
      foreign: {},
      foreignModules: {},
      ok: true,
    };
    for (const target of BUNDLE_TARGETS) {
      const built = await bundleProgram(workDir, program, target).catch((err: unknown) => {
        throw new Error(`bundling ${program.name} for ${target}: ${buildErrors(err).join('; ')}`);
      });
      isolation.own[target] = literalsIn(built.text, ownPaths).length;
      isolation.foreign[target] = literalsIn(built.text, foreignStrings);
      isolation.foreignModules[target] = Object.keys(Object.values(built.metafile.outputs)[0]!.inputs)
        .map((path) => label(join(workDir, path), sdkDir))
        .filter((path) => {
          const owner = moduleProduct(
            path,
            products.map((p) => p.product),
          );
          return owner !== undefined && owner !== product;
        });
      isolation.ok &&=
        isolation.own[target] === ownPaths.length &&
        isolation.foreign[target].length === 0 &&
        isolation.foreignModules[target].length === 0;
    }
    log(
      `products: ${entry} bundles ${JSON.stringify(isolation.own)} of its ${ownPaths.length} paths, ` +
        `${Object.values(isolation.foreign).flat().length} of ${foreignStrings.length} other products' paths and operationIds`,
    );
    results.push(isolation);
  }
  return results;
}

/**
 * The product a bundled module of the SDK belongs to: the root product's are directly in `dist/`, another's in
 * `dist/<entry>/`; the shared runtime's folders belong to none.
 */
function moduleProduct(path: string, products: readonly ProductConfig[]): ProductConfig | undefined {
  const inDist = /^kalshi-sdk\/dist\/(.+)$/.exec(path)?.[1];
  if (inDist === undefined) return undefined;
  const folder = inDist.includes('/') ? inDist.slice(0, inDist.indexOf('/')) : undefined;
  return products.find((p) => (folder === undefined ? isRootProduct(p) : p.entry === folder));
}

/** The npm dependencies of the SDK package a program imports: what the `node` bundle leaves to the package manager. */
function dependenciesOf(workDir: string, program: ConsumerProgram): string[] {
  if (!program.sdk) return [];
  const require = createRequire(join(workDir, 'package.json'));
  const manifest = require(`${program.sdk}/package.json`) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

function largestInputs(metafile: Metafile, workDir: string, sdkDir: string): { path: string; bytes: number }[] {
  const inputs = Object.entries(Object.values(metafile.outputs)[0]!.inputs);
  return inputs
    .map(([path, { bytesInOutput }]) => ({ path: label(join(workDir, path), sdkDir), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 6);
}

/** A readable name for a bundled file: `kalshi-sdk/dist/runtime/core.js`, `axios/lib/core/Axios.js`. */
function label(path: string, sdkDir: string): string {
  const inSdk = relative(sdkDir, path);
  if (!inSdk.startsWith('..')) return `kalshi-sdk/${inSdk.split(sep).join('/')}`;
  const parts = path.split(sep).join('/').split('/node_modules/');
  return parts.length > 1 ? parts.at(-1)! : relative(REPO_ROOT, path).split(sep).join('/');
}

/** The spec's distinct operation paths, and the path of the operation the minimal program imports. */
async function operationPaths(
  openapi: string,
): Promise<{ all: string[]; imported: { operationId: string; path: string } }> {
  const { operations } = buildApiModel(await loadSpec(openapi));
  const imported = operations.find((op) => op.operationId === IMPORTED_OPERATION);
  if (!imported) throw new Error(`${openapi} has no ${IMPORTED_OPERATION} operation`);
  return {
    all: [...new Set(operations.map((op) => op.path))].sort(),
    imported: { operationId: imported.operationId, path: imported.path },
  };
}

function wallTimes(runs: ChildRun[]): number[] {
  return runs.map((r) => r.wallMs);
}

function formatBundle(b: BundleFigures): string {
  const head = `bundle ${b.program} (${b.target}):`;
  if (!b.ok) return `${head} FAILED: ${b.errors.join('; ')}`;
  return `${head} ${(b.minifiedBytes / 1024).toFixed(1)} KB minified, ${(b.gzipBytes / 1024).toFixed(1)} KB gzipped, ${b.operationPaths.length} operation paths`;
}

function describePaths(byTarget: Partial<Record<BundleTarget, string[]>>): string {
  return Object.entries(byTarget)
    .map(([target, paths]) => `${target}: ${paths.length ? paths.join(', ') : 'none'}`)
    .join('; ');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, sdk: { type: 'string' } } });
  const result = await runConsumerBench({
    sdkDir: values.sdk ?? join(REPO_ROOT, 'generated'),
    typecheckRuns: values.runs ? Number(values.runs) : undefined,
    log: console.log,
  });
  for (const t of result.typecheck)
    console.log(`type-check ${t.program}: ${(t.wallMs.median / 1000).toFixed(2)} s median of ${t.wallMs.n}`);
  console.log(result.meetsTarget ? 'target met' : 'TARGET MISSED');
}
