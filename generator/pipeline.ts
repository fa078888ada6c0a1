import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Project, type StatementStructures } from 'ts-morph';
import { compile } from './compile.ts';
import { REPO_ROOT } from './defaults.ts';
import { clientStructures } from './emit/client.ts';
import { entrySource } from './emit/entry.ts';
import { fileHeader } from './emit/header.ts';
import { operationStructures } from './emit/operations.ts';
import { namedTypeStructures } from './emit/typescript.ts';
import { formatTypeScript } from './format.ts';
import { loadSpec } from './load/index.ts';
import { buildApiModel } from './model/openapi.ts';
import type { ApiModel, SpecIdentity } from './model/types.ts';
import { diffOutput, writeOutput } from './write.ts';

export interface GenerateOptions {
  openapi: string;
  asyncapi?: string;
  out: string;
  /** Compare instead of writing. */
  check?: boolean;
  /** npm package name of the generated SDK. */
  packageName?: string;
  log?: (line: string) => void;
}

export interface GenerateResult {
  api: ApiModel;
  files: Map<string, string>;
  /** With `check`: files that differ from what is on disk. */
  changed: string[];
  stale: boolean;
  timings: Record<string, number>;
}

const TEMPLATES_DIR = join(REPO_ROOT, 'templates');

/** read spec → model → emit → format → compile → write, timing each stage. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings[name] = performance.now() - started;
    return result;
  };

  const spec = await stage('load', () => loadSpec(options.openapi));
  const api = await stage('model', () => buildApiModel(spec));
  const sources = await stage('emit', () => emitSources(api, options.packageName ?? 'kalshi-sdk'));
  const formatted = await stage('format', () => formatTypeScript(sources));
  const compiled = await stage('compile', () => compile(formatted));
  const files = new Map([...prefixed('src', formatted), ...prefixed('dist', compiled)]);
  files.set('package.json', formatted.get('package.json')!);
  files.delete('src/package.json');

  let changed: string[] = [];
  if (options.check) changed = await stage('check', () => diffOutput(options.out, files));
  else await stage('write', () => writeOutput(options.out, files));

  log(`openapi   ${describe(api.spec)}: ${api.operations.length} operations, ${api.schemas.length} schemas`);
  log(`stages    ${Object.entries(timings).map(([name, ms]) => `${name} ${formatMs(ms)}`).join(' · ')}`);
  const where = relative(process.cwd(), options.out) || '.';
  if (options.check) {
    log(changed.length ? `stale     ${where}/ differs from the specs in ${changed.length} files: ${changed.slice(0, 8).join(', ')}${changed.length > 8 ? ', …' : ''}` : `up to date ${where}/ matches the specs`);
  } else {
    log(`wrote     ${files.size} files to ${where}/ (src/ TypeScript, dist/ ESM JavaScript + .d.ts)`);
  }
  return { api, files, changed, stale: changed.length > 0, timings };
}

function describe(spec: SpecIdentity): string {
  return `${spec.title} ${spec.version} (sha256 ${spec.sha256.slice(0, 12)}…, ${spec.location})`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

function prefixed(prefix: string, files: Map<string, string>): [string, string][] {
  return [...files].filter(([path]) => path !== 'package.json').map(([path, text]) => [`${prefix}/${path}`, text]);
}

/** Every source file of the SDK, keyed by path relative to `src/` (plus the package manifest). */
async function emitSources(api: ApiModel, packageName: string): Promise<Map<string, string>> {
  const header = fileHeader([api.spec]);
  const project = new Project({ useInMemoryFileSystem: true });
  const print = (name: string, statements: StatementStructures[]) =>
    header + project.createSourceFile(name, { statements }, { overwrite: true }).getFullText();

  const files = new Map<string, string>();
  files.set('types.ts', print('types.ts', namedTypeStructures(api.schemas)));
  files.set('operations.ts', print('operations.ts', operationStructures(api)));
  files.set('client.ts', print('client.ts', clientStructures(api)));
  files.set('index.ts', header + entrySource('node'));
  files.set('browser.ts', header + entrySource('web'));
  for (const [path, text] of await readTemplates()) {
    files.set(path, fileHeader([api.spec], `Runtime copied from kalshi-codegen templates/${path}.`) + text);
  }
  files.set('package.json', packageManifest(api, packageName));
  return files;
}

async function readTemplates(): Promise<[string, string][]> {
  const entries = await readdir(TEMPLATES_DIR, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(TEMPLATES_DIR, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
  return Promise.all(paths.map(async (path) => [path, await readFile(join(TEMPLATES_DIR, path), 'utf8')] as [string, string]));
}

function packageManifest(api: ApiModel, name: string): string {
  const rootPackage = { undici: '^7.0.0', ws: '^8.0.0' };
  const manifest = {
    name,
    version: api.spec.version,
    description: `Typed Kalshi SDK generated by kalshi-codegen from ${api.spec.title} ${api.spec.version}`,
    type: 'module',
    sideEffects: false,
    engines: { node: '>=20.18.1' },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: {
      '.': {
        types: './dist/index.d.ts',
        browser: './dist/browser.js',
        default: './dist/index.js',
      },
      './browser': { types: './dist/browser.d.ts', default: './dist/browser.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'src'],
    dependencies: rootPackage,
    kalshiCodegen: { spec: api.spec.title, version: api.spec.version, sha256: api.spec.sha256 },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
