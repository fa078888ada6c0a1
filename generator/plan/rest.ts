import { SpecError, joinPointer } from '../errors.ts';
import type { ApiModel, TypeModel } from '../model/types.ts';
import { functionName, pascalCase } from './identifiers.ts';
import { moduleSpecifier } from './product.ts';
import type { RuntimeSurface } from './runtime.ts';
import type { NameTable } from './table.ts';

/** The scopes names are claimed in; the previous release's naming put most of them in one (see plan/index.ts). */
export interface Scopes {
  /** The REST modules: types.ts, operations.ts and client.ts import each other's names. */
  rest: string;
  /** The members of the client facade, `KalshiCore`'s among them. */
  client: string;
  /** The WebSocket module, ws.ts. */
  ws: string;
  /** The mock exchange's data module, testing/exchange.ts. */
  exchange: string;
}

/** What an operation is called in the SDK. */
export interface OperationNames {
  readonly function: string;
  /** Why the function is not named as its operationId reads (a reserved word, a thenable), for its JSDoc. */
  readonly functionNote?: string;
  /** The client facade's method. */
  readonly method: string;
  readonly methodNote?: string;
  /** The descriptor constant (an `OperationSpec`), private to operations.ts. */
  readonly descriptor: string;
  readonly params: string;
  /** The alias of the success body when the spec writes it inline; undefined for a named schema or no body. */
  readonly response?: string;
}

/** How a module names what it uses. */
export interface ModuleNames {
  /** The local name of a runtime export: its own, unless the module declares that name itself. */
  runtime(name: string): string;
  /** The import specifier, from this module, of the SDK module at `path` under src/ (`runtime/core.ts`). */
  specifier(path: string): string;
}

/** What claimRest and claimWs are told of the product: its names' prefix, applied, and its modules' folder. */
export interface ProductModules {
  readonly dir: string;
  readonly clientBase: string;
  readonly subscription: string;
  readonly webSocket: string;
}

/** The names of the REST modules. */
export interface RestNames extends ModuleNames {
  schema(specName: string): string;
  /** The name a schema had in the previous release, when it had another: kept one release, deprecated. */
  previousSchema(specName: string): string | undefined;
  operation(operationId: string): OperationNames;
  /** The client facade's class. */
  readonly clientBase: string;
  /**
   * The facade's method reading the account's rate limits (the runtime's AccountRateLimitSource), when the spec has
   * an account-limits operation.
   */
  readonly accountRateLimits?: string;
}

/**
 * The facade's own members besides the operations' methods. Claimed before them, like KalshiCore's, as the runtime
 * calls them by these names: an operation of the same name gets another method name.
 */
export const CLIENT_MEMBER_NAMES = { accountRateLimits: 'accountRateLimits' } as const;

/** A name a module exports, and whether it names a type only. */
export interface Export {
  name: string;
  typeOnly: boolean;
}

/**
 * Whether a schema's declaration is a value too: an enum is a literal union and a constant of the same name, every
 * other schema a type only (see `namedTypeStructures`).
 */
export function declaresValue(type: TypeModel): type is TypeModel & { kind: 'enum' } {
  return type.kind === 'enum';
}

/** The class the client facade extends: its members are the facade's too, so methods must not shadow them. */
export const CORE_CLASS = 'KalshiCore';

/**
 * Claims the REST names, in this order: the schemas, each operation's params type and inline response alias, the
 * functions, the descriptors, the modules' own names, the local names of every runtime export (so a runtime name
 * the spec took is imported under another), the schemas' previous names (`previous`, kept where they are free);
 * then the client facade's methods, clear of `KalshiCore`'s members.
 */
export function claimRest(
  table: NameTable,
  scopes: Scopes,
  api: ApiModel,
  runtime: RuntimeSurface,
  own: ProductModules,
  previous?: (specName: string) => string,
): RestNames {
  const { rest } = scopes;
  const schemas = new Map(
    api.schemas.map((s) => [s.specName, table.claim(rest, `schema ${s.specName}`, pascalCase(s.specName))]),
  );
  const types = new Map(
    api.operations.map((op) => {
      const stem = pascalCase(op.operationId);
      const params = table.claim(rest, `params ${op.operationId}`, `${stem}Params`);
      const inline = op.success.type !== undefined && op.success.type.kind !== 'ref';
      const response = inline ? table.claim(rest, `response ${op.operationId}`, `${stem}Response`) : undefined;
      return [op.operationId, { params, response }];
    }),
  );
  const byFunction = new Map<string, string>();
  const functions = new Map(
    api.operations.map((op) => {
      const { name, note } = functionName(op.operationId);
      const clash = byFunction.get(name);
      if (clash !== undefined)
        throw new SpecError(
          api.spec.location,
          joinPointer(op.pointer, 'operationId'),
          `operationId "${op.operationId}" gives the same function name "${name}" as "${clash}"`,
        );
      byFunction.set(name, op.operationId);
      return [op.operationId, { function: table.claim(rest, `function ${op.operationId}`, name), functionNote: note }];
    }),
  );
  const descriptors = new Map(
    api.operations.map((op) => {
      const stem = functions.get(op.operationId)!.function.replace(/_$/, '');
      return [op.operationId, table.claim(rest, `descriptor ${op.operationId}`, `${stem}Operation`)];
    }),
  );
  const clientBase = table.claim(rest, 'own clientBase', own.clientBase);
  const runtimeNames = claimRuntimeLocals(table, rest, runtime);
  const previousNames = claimPrevious(table, rest, 'schema', schemas, previous);

  for (const member of runtime.coreMembers) table.claim(scopes.client, `${CORE_CLASS} member ${member}`, member);
  const accountRateLimits =
    api.accountLimits && table.claim(scopes.client, 'own accountRateLimits', CLIENT_MEMBER_NAMES.accountRateLimits);
  const operations = new Map<string, OperationNames>();
  const methods = new Map<string, string>();
  for (const op of api.operations) {
    const { function: fn, functionNote } = functions.get(op.operationId)!;
    const method = table.claim(scopes.client, `method ${op.operationId}`, fn, `${fn}Operation`);
    methods.set(method, op.operationId);
    const other = methods.get(fn);
    const taken =
      other !== undefined
        ? `the method of ${other}`
        : fn === accountRateLimits
          ? 'the client’s own (what `createAccountRateLimiter` calls)'
          : `a member of \`${CORE_CLASS}\``;
    const methodNote = method === fn ? undefined : `Named \`${method}\`: \`${fn}\` is ${taken}.`;
    operations.set(op.operationId, {
      function: fn,
      functionNote,
      method,
      methodNote,
      descriptor: descriptors.get(op.operationId)!,
      ...types.get(op.operationId)!,
    });
  }
  return {
    schema: (specName) => found(schemas, specName, 'REST schema'),
    previousSchema: (specName) => previousNames.get(specName),
    operation: (operationId) => found(operations, operationId, 'operation'),
    clientBase,
    accountRateLimits,
    runtime: runtimeNames,
    specifier: (path) => moduleSpecifier(own.dir, path),
  };
}

/**
 * The previous names of `current`'s things (by key), where they differ from the current ones and are free in
 * `scope`: the deprecated aliases a module declares for one release.
 */
export function claimPrevious(
  table: NameTable,
  scope: string,
  kind: string,
  current: ReadonlyMap<string, string>,
  previous: ((key: string) => string) | undefined,
): Map<string, string> {
  const aliases = new Map<string, string>();
  if (!previous) return aliases;
  for (const [key, name] of current) {
    const before = previous(key);
    const alias = before === name ? undefined : table.claimIfFree(scope, `previous name of ${kind} ${key}`, before);
    if (alias !== undefined) aliases.set(key, alias);
  }
  return aliases;
}

/** What types.ts and operations.ts export, for the package entry. */
export function restExports(api: ApiModel, rest: RestNames): { types: Export[]; operations: Export[] } {
  const types = api.schemas.flatMap((s) => {
    const typeOnly = !declaresValue(s.type);
    const previous = rest.previousSchema(s.specName);
    return [{ name: rest.schema(s.specName), typeOnly }, ...(previous ? [{ name: previous, typeOnly }] : [])];
  });
  const operations = api.operations.flatMap((op) => {
    const names = rest.operation(op.operationId);
    return [
      { name: names.params, typeOnly: true },
      ...(names.response ? [{ name: names.response, typeOnly: true }] : []),
      { name: names.function, typeOnly: false },
    ];
  });
  return { types, operations };
}

/**
 * The local name in `scope` of each runtime export: its own, unless something of the scope took it; then
 * `Runtime<Name>` (`runtime<Name>` for a value named in camelCase).
 */
export function claimRuntimeLocals(table: NameTable, scope: string, runtime: RuntimeSurface): (name: string) => string {
  const locals = new Map(
    [...runtime.exports.keys()].map((name) => [name, table.claim(scope, `runtime ${name}`, name, runtimeAlias(name))]),
  );
  return (name) => found(locals, name, 'runtime export');
}

/** The name a runtime export goes by where a spec's name took its own. */
export function runtimeAlias(name: string): string {
  return /^[a-z]/.test(name) ? `runtime${name[0]!.toUpperCase()}${name.slice(1)}` : `Runtime${name}`;
}

/** `map`'s entry for `key`; a miss is a bug of the generator, not of the spec. */
export function found<V>(map: ReadonlyMap<string, V>, key: string, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`naming: no ${what} "${key}" was planned`);
  return value;
}
