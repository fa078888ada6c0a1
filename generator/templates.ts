import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, normalize, posix, relative } from 'node:path';
import { ts } from 'ts-morph';
import { REPO_ROOT } from './defaults.ts';
import { ENTRY_EXPORTS } from './emit/entry.ts';

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

/**
 * Every name a barrel exports, following `export *` into the templates. Parsed, not type-checked: fast enough to
 * run on every generation, so generated names can never collide with the runtime's.
 */
export function exportedNames(templates: Templates, barrel: string): string[] {
  const names = new Set<string>();
  const visit = (path: string, seen: Set<string>) => {
    if (seen.has(path) || !templates.has(path)) return;
    seen.add(path);
    const file = ts.createSourceFile(path, templates.get(path)!, ts.ScriptTarget.Latest, false);
    for (const statement of file.statements) {
      if (ts.isExportDeclaration(statement)) {
        const target =
          statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
            ? statement.moduleSpecifier.text
            : undefined;
        if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
          for (const element of statement.exportClause.elements) names.add(element.name.text);
        } else if (target) {
          visit(
            normalize(join(dirname(path), target.replace(/\.js$/, '.ts')))
              .split('\\')
              .join('/'),
            seen,
          );
        }
        continue;
      }
      const exported =
        ts.canHaveModifiers(statement) &&
        ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations)
          if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
      } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
        names.add((statement.name as ts.Identifier).text);
      }
    }
  };
  visit(barrel, new Set());
  return [...names].sort();
}

/**
 * The names the SDK's index takes before any spec is read: the runtime's and the WebSocket runtime's exports and
 * the entry point's own. Spec-derived names must avoid them (see `ApiModelOptions.reservedNames`).
 */
export function reservedRuntimeNames(templates: Templates): string[] {
  return [...exportedNames(templates, RUNTIME_BARREL), ...exportedNames(templates, WS_BARREL), ...ENTRY_EXPORTS];
}
