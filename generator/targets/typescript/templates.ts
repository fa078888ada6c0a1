import { readFile, readdir } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { REPO_ROOT } from '../../defaults.ts';
import { CORE_CLASS } from '../../plan/index.ts';
import { runtimeSurface, type RuntimeSurface } from '../../plan/runtime.ts';

/** The hand-written runtime copied into every SDK, keyed by path relative to `templates/` (= relative to `src/`). */
export type Templates = Map<string, string>;

const TEMPLATES_DIR = join(REPO_ROOT, 'templates');

/** The runtime's barrels: what the package index re-exports from the templates. */
export const RUNTIME_BARREL = 'runtime/index.ts';
export const WS_BARREL = 'ws/index.ts';

/**
 * Reads the templates. Without a WebSocket spec the WebSocket client (`ws/`) is left out, except the modules that
 * what is kept imports (the WebSocket mock in `testing/` shares the subscription-update rules with the client).
 */
export async function readTemplates(withWebSocket: boolean): Promise<Templates> {
  const entries = await readdir(TEMPLATES_DIR, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(TEMPLATES_DIR, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
  const all: Templates = new Map(
    await Promise.all(paths.map(async (path) => [path, await readFile(join(TEMPLATES_DIR, path), 'utf8')] as const)),
  );
  if (withWebSocket) return all;
  const kept = new Set(paths.filter((path) => !path.startsWith('ws/')));
  for (const path of kept) for (const target of relativeImports(path, all.get(path)!)) kept.add(target);
  return new Map(paths.filter((path) => kept.has(path)).map((path) => [path, all.get(path)!]));
}

/** The templates a template imports or re-exports from, as paths relative to `templates/`. */
export function relativeImports(path: string, text: string): string[] {
  return [...text.matchAll(/^(?:import|export)[^'"]*from '(\.{1,2}\/[^']+)\.js'/gm)].map(([, target]) =>
    posix.join(posix.dirname(path), `${target}.ts`),
  );
}

/** What the emitted code meets of the runtime: its barrels' exports and `KalshiCore`'s members. */
export function templatesSurface(templates: Templates): RuntimeSurface {
  return runtimeSurface(templates, [RUNTIME_BARREL, WS_BARREL], CORE_CLASS);
}
