import { Project, type StatementStructures } from 'ts-morph';
import { compile } from './compile.ts';
import { clientStructures } from './emit/client.ts';
import { ENTRY_EXPORTS, entrySource } from './emit/entry.ts';
import { fileHeader } from './emit/header.ts';
import { operationStructures, planOperations } from './emit/operations.ts';
import { emitWsModule } from './emit/ws.ts';
import { namedTypeStructures } from './emit/typescript.ts';
import { formatTypeScript } from './format.ts';
import { loadSpec, type LoadedSpec } from './load/index.ts';
import { buildWsModel } from './model/asyncapi.ts';
import { buildEnvironments } from './model/environments.ts';
import { buildApiModel } from './model/openapi.ts';
import type { ApiModel, SpecIdentity, WsModel } from './model/types.ts';
import { RUNTIME_BARREL, WS_BARREL, exportedNames, readTemplates, type Templates } from './templates.ts';
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
  const templates = await readTemplates(wsSpec !== undefined);
  const { api, ws } = await stage('model', () => buildModels(spec, wsSpec, templates));
  const emitted = await stage('emit', () => emitSources(api, ws));
  const formatted = await stage('format', () => formatTypeScript(emitted));
  // Templates are kept prettier-clean in the repository (a test checks), so they are copied, not re-formatted;
  // an emitted file of the same path (runtime/environments.ts) replaces the template's default.
  const sources = new Map([...copyTemplates(templates, api, ws), ...formatted]);
  const compiled = await stage('compile', () => compile(sources));
  const files = new Map([...prefixed('src', sources), ...prefixed('dist', compiled)]);
  files.set('package.json', packageManifest(api, options.packageName ?? 'kalshi-sdk'));

  let changed: string[] = [];
  if (options.check) changed = await stage('check', () => diffOutput(options.out, files));
  else await stage('write', () => writeOutput(options.out, files));

  return { api, ws, files, changed, stale: changed.length > 0, timings };
}

function prefixed(prefix: string, files: Map<string, string>): [string, string][] {
  return [...files].map(([path, text]) => [`${prefix}/${path}`, text]);
}

function specsOf(api: ApiModel, ws: WsModel | undefined): SpecIdentity[] {
  return ws ? [api.spec, ws.spec] : [api.spec];
}

/**
 * One index re-exports the runtime, the REST types and the WebSocket types, so each model is told the names already
 * taken: the runtime's and the entry point's for REST; those plus everything REST emits for WebSocket.
 */
async function buildModels(
  spec: LoadedSpec,
  wsSpec: LoadedSpec | undefined,
  templates: Templates,
): Promise<{ api: ApiModel; ws: WsModel | undefined }> {
  const runtimeNames = [
    ...exportedNames(templates, RUNTIME_BARREL),
    ...exportedNames(templates, WS_BARREL),
    ...ENTRY_EXPORTS,
  ];
  const api = buildApiModel(spec, { reservedNames: runtimeNames });
  if (!wsSpec) return { api, ws: undefined };
  const restNames = planOperations(api).signatures.flatMap((s) => [s.op.name, s.paramsType, s.responseType]);
  const reservedNames = [...runtimeNames, ...api.schemas.map((s) => s.name), ...restNames];
  return { api, ws: await buildWsModel(wsSpec, { reservedNames }) };
}

/** The source files generated from the models, keyed by path relative to `src/`. */
function emitSources(api: ApiModel, ws: WsModel | undefined): Map<string, string> {
  const specs = specsOf(api, ws);
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
  files.set(ENVIRONMENTS_MODULE, fileHeader(specs, 'The servers the specs declare.') + environmentsSource(api, ws));
  return files;
}

/** The hand-written runtime, each file under the same header as the generated ones. */
function copyTemplates(templates: Templates, api: ApiModel, ws: WsModel | undefined): Map<string, string> {
  const specs = specsOf(api, ws);
  return new Map(
    [...templates].map(([path, text]) => [
      path,
      fileHeader(specs, `Runtime copied from kalshi-codegen templates/${path}.`) + text,
    ]),
  );
}

/** The template's default environments are replaced by the ones the specs declare. */
const ENVIRONMENTS_MODULE = 'runtime/environments.ts';

function environmentsSource(api: ApiModel, ws: WsModel | undefined): string {
  const environments = buildEnvironments(api, ws);
  return `/** Where each environment of the API lives, from the specs' servers. */\nexport const ENVIRONMENTS = ${JSON.stringify(environments, null, 2)} as const;\n`;
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
      './testing': { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'src'],
    dependencies: rootPackage,
    kalshiCodegen: { spec: api.spec.title, version: api.spec.version, sha256: api.spec.sha256 },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
