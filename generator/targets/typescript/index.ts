import { CodegenError } from '../../errors.ts';
import { fileHeader } from '../../header.ts';
import type { ApiPlan, SdkPlan } from '../../plan/index.ts';
import type { Target } from '../target.ts';
import type { Source } from './format.ts';

/**
 * The TypeScript SDK: each product's emitted modules beside the hand-written runtime (templates/), which they share,
 * type-checked and compiled to ESM JavaScript with `.d.ts`, as one npm package (`src/`, `dist/`, `package.json`)
 * with an entry per product.
 */
export const typescriptTarget: Target<ApiPlan, SdkPlan, Source> = {
  name: 'typescript',
  async prepare({ webSocket, packageName }) {
    // Loaded here rather than imported above: they pull in the TypeScript compiler (ts-morph), a third of a second
    // that a generation spends while the worker thread starts reading the WebSocket spec.
    const [
      emit,
      { readTemplates, templatesSurface },
      { planApi, planSdk },
      { formatTypeScript },
      { compile },
      { packageManifest },
    ] = await Promise.all([
      import('./emit/index.ts'),
      import('./templates.ts'),
      import('../../plan/index.ts'),
      import('./format.ts'),
      import('./compile.ts'),
      import('./manifest.ts'),
    ]);
    const templates = await readTemplates(webSocket);
    const runtime = templatesSurface(templates);
    return {
      planApi: (api, product) => planApi(api, runtime, product),
      plan: planSdk,
      emitApi: emit.emitRestSources,
      emit: emit.emitCombinedSources,
      format: formatTypeScript,
      async finish(plans, formatted, stage) {
        const packaged = await stage('format', () => formatTypeScript(emit.emitPackageSources(plans)));
        const sources = withTemplates(templates, new Map([...formatted, ...packaged]), plans);
        const compiled = await stage('compile', () => compile(sources));
        const files = new Map([...prefixed('src', sources), ...prefixed('dist', compiled)]);
        const manifest = packageManifest(plans, packageName, files);
        files.set('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
        return { files, package: { name: manifest.name, version: manifest.version } };
      },
    };
  },
};

/**
 * The SDK's sources: the templates, each under a header naming every spec the package was generated from, and the
 * emitted modules. Templates are kept prettier-clean in the repository (a test checks), so they are copied, not
 * re-formatted. A path both have would be two sources for one file.
 */
export function withTemplates(
  templates: ReadonlyMap<string, string>,
  emitted: Map<string, string>,
  plans: readonly SdkPlan[],
): Map<string, string> {
  const specs = plans.flatMap(({ models: { api, ws } }) => (ws ? [api.spec, ws.spec] : [api.spec]));
  const sources = new Map<string, string>();
  for (const [path, text] of templates) {
    if (emitted.has(path)) throw new CodegenError(`the generator emitted ${path}, which is a template's path too`);
    sources.set(path, fileHeader(specs, `Runtime copied from kalshi-codegen templates/${path}.`) + text);
  }
  for (const [path, text] of emitted) sources.set(path, text);
  return sources;
}

function prefixed(prefix: string, files: Map<string, string>): [string, string][] {
  return [...files].map(([path, text]) => [`${prefix}/${path}`, text]);
}
