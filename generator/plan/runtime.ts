import { posix } from 'node:path';
import { ts } from 'ts-morph';

/** Source texts by path (`runtime/core.ts`), as the runtime is laid out in the SDK. */
export type Sources = ReadonlyMap<string, string>;

/** A name a barrel of the runtime exports. */
export interface RuntimeExport {
  readonly name: string;
  /** The barrel it is exported from, e.g. `runtime/index.ts`. */
  readonly barrel: string;
  /** Whether it names a type only (an interface or type alias), so a re-export must be `export type`. */
  readonly typeOnly: boolean;
}

/** What the emitted code can meet of the hand-written runtime: the names it exports and the members it declares. */
export interface RuntimeSurface {
  /** Every name the runtime's barrels export, by name. */
  readonly exports: ReadonlyMap<string, RuntimeExport>;
  /** The instance members of `coreClass` (its methods, properties and accessors, and `constructor`). */
  readonly coreMembers: ReadonlySet<string>;
}

/**
 * Reads the runtime's surface from its sources: the exports of `barrels`, following `export *`, and the members of
 * the exported class `coreClass`. Parsed, not type-checked: fast
 * enough for every generation; test/generator/templates.test.ts holds it to the type checker's view.
 */
export function runtimeSurface(sources: Sources, barrels: readonly string[], coreClass: string): RuntimeSurface {
  const modules = new ModuleExports(sources);
  const exports = new Map<string, RuntimeExport>();
  for (const barrel of barrels) {
    if (!sources.has(barrel)) continue;
    for (const [name, declared] of modules.of(barrel))
      if (!exports.has(name)) exports.set(name, { name, barrel, typeOnly: declared.typeOnly });
  }
  const core = barrels.map((barrel) => modules.of(barrel).get(coreClass)).find((d) => d !== undefined);
  const declaration = core && modules.declaration(core);
  if (!declaration || !ts.isClassDeclaration(declaration))
    throw new Error(`the runtime exports no class ${coreClass} from ${barrels.join(', ')}`);
  return { exports, coreMembers: classMembers(declaration) };
}

/** Every name a barrel exports, sorted. */
export function exportedNames(sources: Sources, barrel: string): string[] {
  return [...new ModuleExports(sources).of(barrel).keys()].sort();
}

/**
 * How a module exports a name: a statement of its own declares it, or it re-exports another module's name. Whether
 * it is a type only is read from the syntax: a declaration's kind, or `export type` on a re-export (the templates
 * run transpiled a file at a time, by tsx and esbuild, so a type re-exported without `type` could not work at all).
 */
type Declared = { typeOnly: boolean } & (
  | { declaration: ts.Statement }
  | { module: string; local: string }
  /** Re-exported from what the parse does not follow (an import, a namespace). */
  | { declaration?: undefined }
);

/**
 * The exports of each module, worked out once per module and only for modules a barrel leads to through `export *`
 * (a named re-export is followed only to find a declaration that is asked for).
 */
class ModuleExports {
  readonly #done = new Map<string, Map<string, Declared>>();

  constructor(private readonly sources: Sources) {}

  of(path: string): Map<string, Declared> {
    const done = this.#done.get(path);
    if (done) return done;
    const exports = new Map<string, Declared>();
    // Set before the walk: a cycle of `export *` then sees what is known so far instead of recursing forever.
    this.#done.set(path, exports);
    const text = this.sources.get(path);
    if (text === undefined) return exports;
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
    const locals = new Map(file.statements.flatMap(declaredNames));
    const add = (name: string, declared: Declared) => {
      const earlier = exports.get(name);
      // A type and a value of one name (an enum-like const beside its type) make a value.
      exports.set(name, earlier ? { ...earlier, typeOnly: earlier.typeOnly && declared.typeOnly } : declared);
    };
    for (const statement of file.statements) {
      if (ts.isExportDeclaration(statement)) {
        const target = moduleOf(path, statement.moduleSpecifier);
        if (!statement.exportClause) {
          if (target) for (const [name, declared] of this.of(target)) if (name !== 'default') add(name, declared);
        } else if (!ts.isNamedExports(statement.exportClause)) {
          add(statement.exportClause.name.text, { typeOnly: statement.isTypeOnly });
        } else {
          for (const element of statement.exportClause.elements) {
            const local = (element.propertyName ?? element.name).text;
            const typeOnly = statement.isTypeOnly || element.isTypeOnly;
            const own = target ? undefined : locals.get(local);
            add(
              element.name.text,
              own
                ? { ...own, typeOnly: typeOnly || own.typeOnly }
                : target
                  ? { typeOnly, module: target, local }
                  : { typeOnly },
            );
          }
        }
      } else if (isExported(statement)) for (const [name, declared] of declaredNames(statement)) add(name, declared);
    }
    return exports;
  }

  /** The statement declaring an export, following re-exports. */
  declaration(declared: Declared): ts.Statement | undefined {
    if (!('module' in declared)) return declared.declaration;
    const next = this.of(declared.module).get(declared.local);
    return next && this.declaration(next);
  }
}

/** The template a relative module specifier (`./core.js`) of the module at `from` stands for. */
function moduleOf(from: string, specifier: ts.Expression | undefined): string | undefined {
  if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return undefined;
  return posix.join(posix.dirname(from), specifier.text.replace(/\.js$/, '.ts'));
}

function isExported(statement: ts.Statement): boolean {
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false)
  );
}

/** The names a statement declares, each a type or a value. */
function declaredNames(statement: ts.Statement): [string, Declared & { declaration: ts.Statement }][] {
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.flatMap((d) =>
      ts.isIdentifier(d.name) ? [[d.name.text, { typeOnly: false, declaration: statement }] as const] : [],
    );
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement))
    return [[statement.name.text, { typeOnly: true, declaration: statement }]];
  if (
    (ts.isClassDeclaration(statement) ||
      ts.isFunctionDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement)) &&
    statement.name &&
    ts.isIdentifier(statement.name)
  )
    return [[statement.name.text, { typeOnly: false, declaration: statement }]];
  return [];
}

/** A class's instance members by name: what a subclass's method of that name would shadow. */
function classMembers(declaration: ts.ClassDeclaration): Set<string> {
  const members = new Set<string>();
  for (const member of declaration.members) {
    if (ts.isConstructorDeclaration(member)) members.add('constructor');
    else if (member.name && ts.isIdentifier(member.name) && !isStatic(member)) members.add(member.name.text);
  }
  return members;
}

function isStatic(member: ts.ClassElement): boolean {
  return (
    ts.canHaveModifiers(member) &&
    (ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false)
  );
}
