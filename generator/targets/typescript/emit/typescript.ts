import { isIdentifier, propertyKey } from '../../../plan/identifiers.ts';
import { declaresValue } from '../../../plan/index.ts';
import type { NamedTypeModel, PropertyModel, TypeModel } from '../../../model/types.ts';
import type {
  ClassDeclarationStructure,
  JSDocStructure,
  MethodDeclarationStructure,
  OptionalKind,
  StatementStructures,
  VariableStatementStructure,
} from 'ts-morph';
import { StructureKind, VariableDeclarationKind, printStructure } from 'ts-morph';
import type { ClassPiece, SourcePiece } from '../format.ts';

/** The runtime's type of decimal strings (templates/runtime/fixed-point.ts), which decimal string schemas render as. */
export const DECIMAL_STRING = 'DecimalString';

/** How a module writes the types it renders: the names the naming stage gave them there. */
export interface TypeNames {
  /** The name of the type a `ref` stands for. */
  ref(type: TypeModel & { kind: 'ref' }): string;
  /** The local name of the runtime's `DecimalString`. */
  readonly decimalString: string;
  /** The import specifier, from the module, of the SDK module at `path` under src/. */
  specifier(path: string): string;
}

/** The `import type { DecimalString }` a module needs when it renders any of `types`; none when none is decimal. */
export function decimalStringImport(types: TypeModel[], names: TypeNames): StatementStructures[] {
  if (!types.some(mentionsDecimalString)) return [];
  const local = names.decimalString;
  return [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: names.specifier('runtime/fixed-point.ts'),
      namedImports: [local === DECIMAL_STRING ? local : { name: DECIMAL_STRING, alias: local }],
    },
  ];
}

/**
 * Whether rendering `t` may write `DecimalString`. A map beside properties is rendered `[key: string]: unknown`, so
 * its values may not need the import: harmless, an unused type import compiles and costs nothing.
 */
function mentionsDecimalString(t: TypeModel): boolean {
  switch (t.kind) {
    case 'string':
      return t.decimal === true;
    case 'array':
      return mentionsDecimalString(t.items);
    case 'allOf':
      return t.parts.some(mentionsDecimalString);
    case 'oneOf':
      return t.variants.some(mentionsDecimalString);
    case 'object':
      return [...t.properties.map((p) => p.type), ...(t.additionalProperties ? [t.additionalProperties] : [])].some(
        mentionsDecimalString,
      );
    default:
      return false;
  }
}

/** Renders a model type as a TypeScript type expression. Pure: same model and names, same text. */
export function renderType(t: TypeModel, names: TypeNames): string {
  const base = renderBase(t, names);
  return t.nullable && t.kind !== 'null' && t.kind !== 'unknown'
    ? `${wrap(base, { ...t, nullable: false })} | null`
    : base;
}

function renderBase(t: TypeModel, names: TypeNames): string {
  const render = (part: TypeModel) => renderType(part, names);
  switch (t.kind) {
    case 'ref':
      return names.ref(t);
    case 'string':
      return t.decimal ? names.decimalString : 'string';
    case 'boolean':
    case 'null':
    case 'unknown':
      return t.kind;
    case 'number':
      return 'number';
    case 'literal':
      return JSON.stringify(t.value);
    case 'enum':
      return t.values.map((v) => JSON.stringify(v)).join(' | ');
    case 'array':
      return `${wrap(render(t.items), t.items)}[]`;
    case 'allOf':
      return t.parts.map((p) => wrap(render(p), p)).join(' & ');
    case 'oneOf':
      return t.variants.map(render).join(' | ');
    case 'object':
      return renderObject(t.properties, t.additionalProperties, names);
  }
}

/** Parenthesises a union or intersection where it would bind wrongly (`(A | B)[]`, `(A | B) & C`). */
function wrap(text: string, t: TypeModel): string {
  const compound = t.kind === 'oneOf' || t.kind === 'allOf' || (t.kind === 'enum' && t.values.length > 1) || t.nullable;
  return compound ? `(${text})` : text;
}

function renderObject(properties: PropertyModel[], additional: TypeModel | undefined, names: TypeNames): string {
  const members = properties.map(
    (p) =>
      `${docComment(propertyDocs(p))}${propertyKey(p.name)}${p.required ? '' : '?'}: ${renderType(p.type, names)};`,
  );
  if (additional) {
    // An index signature must admit every named property's type, so mixed objects index as `unknown`.
    members.push(`[key: string]: ${properties.length ? 'unknown' : renderType(additional, names)};`);
  }
  return members.length ? `{\n${members.join('\n')}\n}` : 'Record<string, never>';
}

/** JSDoc lines for a property or type: its description, `@default` and `@deprecated`. */
export function typeDocs(t: TypeModel): string[] {
  const lines: string[] = [];
  if (t.description) lines.push(t.description);
  if (t.default !== undefined) lines.push(`@default ${JSON.stringify(t.default)}`);
  if (t.deprecated) lines.push('@deprecated');
  return lines;
}

function propertyDocs(p: PropertyModel): string[] {
  return typeDocs(p.type);
}

/** A `/** … *\/` block (with trailing newline), or '' when there is nothing to say. */
export function docComment(lines: string[]): string {
  const text = docText(lines);
  if (!text) return '';
  return `/**\n${text
    .split('\n')
    .map((l) => ` * ${l}`.trimEnd())
    .join('\n')}\n */\n`;
}

/** Doc text safe inside a JSDoc block (no `*\/`), paragraphs separated by blank lines. */
export function docText(lines: string[]): string {
  return lines
    .filter(Boolean)
    .join('\n\n')
    .replace(/\*\//g, '*\\/')
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A type the SDK declares under a name: a named schema's, or one the emitter names itself. */
export interface Declaration {
  name: string;
  type: TypeModel;
  /** The name it had in the previous release, declared beside it as a deprecated alias. */
  previous?: string;
}

/** The declarations of a spec's named schemas, under the names the naming stage gave them. */
export function schemaDeclarations(
  schemas: NamedTypeModel[],
  name: (specName: string) => string,
  previous: (specName: string) => string | undefined,
): Declaration[] {
  return schemas.map((s) => ({ name: name(s.specName), type: s.type, previous: previous(s.specName) }));
}

/**
 * A declaration's previous name, kept one release: an alias of the type, and of the constant when it has one, so
 * that code written against the previous release compiles and the editor says what to write instead (`use`, by
 * default the name itself).
 */
export function previousNameStructures(
  name: string,
  previous: string,
  value: boolean,
  use = `\`${name}\``,
): StatementStructures[] {
  const docs = [`The previous name of {@link ${name}}, kept for one release.\n\n@deprecated Use ${use}.`];
  const alias: StatementStructures = {
    kind: StructureKind.TypeAlias,
    name: previous,
    isExported: true,
    docs,
    type: name,
  };
  if (!value) return [alias];
  return [alias, exportedConst(previous, name, docs)];
}

/**
 * ts-morph structures for named types: objects become interfaces, enums a literal union plus a runtime
 * `as const` object of the same name, everything else a type alias.
 */
export function namedTypeStructures(
  types: Declaration[],
  names: TypeNames,
  use?: (name: string) => string,
): StatementStructures[] {
  const out: StatementStructures[] = [];
  for (const { name, type, previous } of types) {
    const docs = docText(typeDocs(type));
    const jsDocs = docs ? [{ kind: StructureKind.JSDoc as const, description: docs }] : [];
    if (type.kind === 'object' && !type.nullable && type.properties.length > 0) {
      out.push({
        kind: StructureKind.Interface,
        name,
        isExported: true,
        docs: jsDocs,
        properties: type.properties.map((p) => {
          const pd = docText(propertyDocs(p));
          return {
            kind: StructureKind.PropertySignature,
            name: propertyKey(p.name),
            type: renderType(p.type, names),
            hasQuestionToken: !p.required,
            docs: pd ? [{ kind: StructureKind.JSDoc, description: pd }] : [],
          };
        }),
        indexSignatures: type.additionalProperties
          ? [{ keyName: 'key', keyType: 'string', returnType: 'unknown' }]
          : [],
      });
      if (previous) out.push(...previousNameStructures(name, previous, false, use?.(name)));
      continue;
    }
    out.push({ kind: StructureKind.TypeAlias, name, isExported: true, docs: jsDocs, type: aliasedType(type, names) });
    if (declaresValue(type)) {
      const entries = type.values.map((v) => `${enumKey(v)}: ${JSON.stringify(v)}`);
      out.push(
        exportedConst(name, `{ ${entries.join(', ')} } as const`, [
          {
            kind: StructureKind.JSDoc,
            description: `Every value of {@link ${name}}, for runtime checks and iteration.`,
          },
        ]),
      );
    }
    if (previous) out.push(...previousNameStructures(name, previous, declaresValue(type), use?.(name)));
  }
  return out;
}

/**
 * The type a named alias stands for. `type FixedPointDollars = DecimalString` would be the very type DecimalString,
 * and hovers and errors would say `DecimalString`; `DecimalString & {}` is the same set of values as a type of its
 * own, so they say `FixedPointDollars`.
 */
function aliasedType(type: TypeModel, names: TypeNames): string {
  const text = renderType(type, names);
  return text === names.decimalString ? `${text} & {}` : text;
}

function enumKey(value: string | number): string {
  const s = String(value);
  return isIdentifier(s) ? s : JSON.stringify(s);
}

/** `export const name = initializer;` under its JSDoc: the one shape of every constant the SDK exports. */
export function exportedConst(
  name: string,
  initializer: string,
  docs: (string | OptionalKind<JSDocStructure>)[] = [],
): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs,
    declarations: [{ name, initializer }],
  };
}

/**
 * ts-morph's structure printer, without a project: building a source file would also parse the printed text, which
 * takes longer than printing it and gives the same text (prettier formats it next either way).
 */
export function printStatements(statements: StatementStructures[]): string {
  return printStructure({ kind: StructureKind.SourceFile, statements });
}

/** Statements, or members of one class, per piece: enough that Prettier's cost per call is small beside the work. */
const PIECE_SIZE = 64;

/** Statements ts-morph always sets off by a blank line, so a piece may start at one without changing the text. */
const BLOCK_KINDS: ReadonlySet<StructureKind> = new Set([
  StructureKind.Function,
  StructureKind.Class,
  StructureKind.Interface,
  StructureKind.Enum,
  StructureKind.Module,
]);

/**
 * The statements printed as pieces for `formatTypeScript` (see `Source`), `header` (a comment) leading the first:
 * `sourceText` of the result is exactly `header + printStatements(statements)`. Pieces are cut only before a
 * function, class, interface, enum or namespace, where ts-morph puts a blank line anyway; a class whose members are
 * all methods (the client facade, a method per operation) is given in runs of them, so no piece grows with the spec.
 */
export function printPieces(statements: StatementStructures[], header = ''): SourcePiece[] {
  const pieces: SourcePiece[] = [];
  let run: StatementStructures[] = [];
  const flush = () => {
    if (run.length) pieces.push(printStatements(run));
    run = [];
  };
  for (const statement of statements) {
    if (BLOCK_KINDS.has(statement.kind) && run.length >= PIECE_SIZE) flush();
    if (statement.kind === StructureKind.Class && isMethodsOnly(statement) && statement.methods.length > PIECE_SIZE) {
      flush();
      pieces.push(classPiece(statement));
    } else run.push(statement);
  }
  flush();
  if (header && pieces.length) {
    const first = pieces[0]!;
    pieces[0] = typeof first === 'string' ? header + first : { ...first, head: header + first.head };
  }
  return pieces.length ? pieces : [header];
}

type Method = OptionalKind<MethodDeclarationStructure>;

function isMethodsOnly(
  statement: ClassDeclarationStructure,
): statement is ClassDeclarationStructure & { methods: Method[] } {
  const others = [statement.properties, statement.ctors, statement.getAccessors, statement.setAccessors];
  return Array.isArray(statement.methods) && others.every((list) => !list?.length);
}

/** A class printed by ts-morph as its head and runs of its methods, cut where it puts a blank line between two. */
function classPiece(statement: ClassDeclarationStructure & { methods: Method[] }): ClassPiece {
  const print = (methods: Method[]) => printStatements([{ ...statement, methods }]);
  const empty = print([]);
  const head = empty.slice(0, empty.lastIndexOf('}')).trimEnd();
  const members: string[] = [];
  for (let i = 0; i < statement.methods.length; i += PIECE_SIZE) {
    const text = print(statement.methods.slice(i, i + PIECE_SIZE));
    // The run as it stands in the whole class: between the head's line and the closing brace.
    members.push(text.slice(head.length + 1, text.lastIndexOf('}')).replace(/\n$/, ''));
  }
  return { head, members };
}
