import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Project, type StatementStructures } from 'ts-morph';
import { compile } from './compile.ts';
import { REPO_ROOT } from './defaults.ts';
import { clientStructures } from './emit/client.ts';
import { entrySource } from './emit/entry.ts';
import { fileHeader } from './emit/header.ts';
import { operationStructures, planOperations } from './emit/operations.ts';
import { emitWsModule } from './emit/ws.ts';
import { namedTypeStructures } from './emit/typescript.ts';
import { formatTypeScript } from './format.ts';
import { loadSpec, type LoadedSpec } from './load/index.ts';
import { buildWsModel } from './model/asyncapi.ts';
import { RUNTIME_EXPORTS, buildApiModel } from './model/openapi.ts';
import type { ApiModel, WsModel } from './model/types.ts';
import { diffOutput, writeOutput } from './write.ts';

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
  files: Map<string, string>;
  /** With `check`: files that differ from what is on disk. */
  changed: string[];
  stale: boolean;
  timings: Record<string, number>;
}

const TEMPLATES_DIR = join(REPO_ROOT, 'templates');

/** read spec → model → emit → format → compile → write, timing each stage. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings[name] = performance.now() - started;
    options.onStage?.(name, timings[name]);
    return result;
  };

  const [spec, wsSpec] = await stage('load', () =>
    Promise.all([loadSpec(options.openapi), options.asyncapi ? loadSpec(options.asyncapi) : undefined]),
  );
  const { api, ws } = await stage('model', () => buildModels(spec, wsSpec));
  const sources = await stage('emit', () => emitSources(api, ws, options.packageName ?? 'kalshi-sdk'));
  const formatted = await stage('format', () => formatTypeScript(sources));
  const compiled = await stage('compile', () => compile(formatted));
  const files = new Map([...prefixed('src', formatted), ...prefixed('dist', compiled)]);
  files.set('package.json', formatted.get('package.json')!);
  files.delete('src/package.json');

  let changed: string[] = [];
  if (options.check) changed = await stage('check', () => diffOutput(options.out, files));
  else await stage('write', () => writeOutput(options.out, files));

  return { api, ws, files, changed, stale: changed.length > 0, timings };
}

function prefixed(prefix: string, files: Map<string, string>): [string, string][] {
  return [...files].filter(([path]) => path !== 'package.json').map(([path, text]) => [`${prefix}/${path}`, text]);
}

/** The WebSocket model avoids every name the REST half of the SDK exports, since one index re-exports both. */
async function buildModels(spec: LoadedSpec, wsSpec: LoadedSpec | undefined): Promise<{ api: ApiModel; ws: WsModel | undefined }> {
  const api = buildApiModel(spec);
  if (!wsSpec) return { api, ws: undefined };
  const restNames = planOperations(api).signatures.flatMap((s) => [s.paramsType, s.responseType]);
  const reservedNames = [...RUNTIME_EXPORTS, ...api.schemas.map((s) => s.name), ...restNames];
  return { api, ws: await buildWsModel(wsSpec, { reservedNames }) };
}

/** Every source file of the SDK, keyed by path relative to `src/` (plus the package manifest). */
async function emitSources(api: ApiModel, ws: WsModel | undefined, packageName: string): Promise<Map<string, string>> {
  const specs = ws ? [api.spec, ws.spec] : [api.spec];
  const header = fileHeader([api.spec]);
  const project = new Project({ useInMemoryFileSystem: true });
  const print = (name: string, statements: StatementStructures[]) =>
    header + project.createSourceFile(name, { statements }, { overwrite: true }).getFullText();

  const files = new Map<string, string>();
  files.set('types.ts', print('types.ts', namedTypeStructures(api.schemas)));
  files.set('operations.ts', print('operations.ts', operationStructures(api)));
  files.set('client.ts', print('client.ts', clientStructures(api)));
  if (ws) files.set('ws.ts', fileHeader([ws.spec]) + emitWsModule(ws));
  const entryHeader = fileHeader(specs);
  files.set('index.ts', entryHeader + entrySource('node', { webSocket: ws !== undefined }));
  files.set('browser.ts', entryHeader + entrySource('web', { webSocket: ws !== undefined }));
  for (const [path, text] of await readTemplates(ws !== undefined)) {
    files.set(path, fileHeader(specs, `Runtime copied from kalshi-codegen templates/${path}.`) + text);
  }
  files.set('package.json', packageManifest(api, packageName));
  return files;
}

/** The hand-written runtime; the WebSocket client only when there is a WebSocket spec to bind it to. */
async function readTemplates(withWebSocket: boolean): Promise<[string, string][]> {
  const entries = await readdir(TEMPLATES_DIR, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(TEMPLATES_DIR, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((path) => withWebSocket || !path.startsWith('ws/'))
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
