import { PRODUCT_MODULE_NAMES, type productOwnNames } from './product.ts';
import type { Export, RestNames } from './rest.ts';
import { runtimeAlias } from './rest.ts';
import type { RuntimeSurface } from './runtime.ts';
import type { NameTable } from './table.ts';
import type { WsNames } from './ws.ts';

/**
 * The WebSocket module as a namespace of the entry: every name of the WebSocket spec, those the REST spec shares
 * too. (The entry's other names are the product's, see productOwnNames.)
 */
export const WS_NAMESPACE = 'ws';

/** What each entry point re-exports of its platform's modules, besides the runtime's barrels. */
export const PLATFORM_EXPORTS = {
  node: [
    { key: 'signer', name: 'NodeSigner', module: 'runtime/signer-node.ts' },
    { key: 'transport', name: 'undiciTransport', module: 'runtime/transport-undici.ts' },
    { key: 'platform', name: 'nodePlatform', module: 'runtime/platform-node.ts' },
  ],
  web: [{ key: 'platform', name: 'webPlatform', module: 'runtime/platform-web.ts' }],
} as const;

/** A re-export from one of the SDK's modules (by its path under src/, e.g. `types.ts`, `perps/types.ts`). */
export interface ReExport {
  name: string;
  /** The name it is exported as, when that is another. */
  as?: string;
  module: string;
  typeOnly: boolean;
}

export interface EntryNames {
  readonly own: {
    readonly client: string;
    readonly createCore: string;
    readonly webSocket?: string;
    /** The module's client as the entry imports it, to bind it to the platform. */
    readonly webSocketForPlatform?: string;
  };
  /** The WebSocket module's namespace export (with a WebSocket spec). */
  readonly wsNamespace?: string;
  /** The name a platform's export (`PLATFORM_EXPORTS`, by its own name) is exported under. */
  platform(name: string): string;
  /**
   * Names several modules the entry re-exports whole (`export *`) have: each exported from the one whose name it is,
   * which TypeScript requires said explicitly.
   */
  readonly preferred: readonly ReExport[];
  /** The runtime's exports whose name a spec took, exported under another (`BookSide` as `RuntimeBookSide`). */
  readonly renamed: readonly ReExport[];
  /** What the entry exports of the product module (its environments). */
  readonly product: readonly ReExport[];
}

/**
 * The modules the entry points of a product in folder `dir` re-export whole (`export *`), in the order they do (ws.ts
 * with a WebSocket spec), and its product module, by their paths under src/.
 */
export function entryModules(dir: string) {
  return {
    rest: [`${dir}types.ts`, `${dir}operations.ts`, RUNTIME_BARREL],
    webSocket: `${dir}ws.ts`,
    product: `${dir}product.ts`,
  } as const;
}

const RUNTIME_BARREL = 'runtime/index.ts';

/**
 * Claims what the package entry exports under which name. The spec's names come first, so a user meets every
 * schema, params type and function under the name its spec gives it: the REST spec's (types.ts, operations.ts),
 * then the WebSocket spec's (ws.ts), whose names the REST spec shares are found in the `ws` namespace only. Then the
 * package's own: the runtime's exports, the platform's, the entry points' classes and the namespace; one a spec
 * took goes by `Runtime<Name>` (`runtime<Name>`) instead.
 */
export function claimEntry(
  table: NameTable,
  scope: string,
  { dir, own: product }: { dir: string; own: ReturnType<typeof productOwnNames> },
  rest: { names: RestNames; types: readonly Export[]; operations: readonly Export[] },
  ws: WsNames | undefined,
  runtime: RuntimeSurface,
): EntryNames {
  const modules = entryModules(dir);
  const starred = [...modules.rest, modules.webSocket];
  const [typesModule, operationsModule] = modules.rest;
  const exported = new Map<string, Map<string, Export>>(starred.map((module) => [module, new Map()]));
  const add = (module: string, e: Export) => exported.get(module)!.set(e.name, e);
  for (const e of rest.types) add(typesModule, e);
  for (const e of rest.operations) add(operationsModule, e);
  // ws.ts re-exports the WebSocket runtime's barrel, but what it declares itself hides the barrel's name.
  const wsDeclared = new Set(ws?.exports.map((e) => e.name));
  for (const e of runtime.exports.values()) {
    if (e.barrel === RUNTIME_BARREL) add(RUNTIME_BARREL, e);
    else if (ws && !wsDeclared.has(e.name)) add(modules.webSocket, e);
  }
  for (const e of ws?.exports ?? []) add(modules.webSocket, e);

  // The spec's names, where the entry gives them out; the module each name of the entry comes from.
  const source = new Map<string, string>();
  for (const module of [typesModule, operationsModule])
    for (const { name } of exported.get(module)!.values()) {
      table.claim(scope, `${module} ${name}`, name);
      source.set(name, module);
    }
  for (const { name } of ws?.exports ?? [])
    if (name !== ws!.own.client && table.claimIfFree(scope, `ws.ts ${name}`, name)) source.set(name, modules.webSocket);

  const renamed: ReExport[] = [];
  const claimPackage = (what: string, name: string) => table.claim(scope, what, name, runtimeAlias(name));
  for (const e of runtime.exports.values()) {
    if (!ws && e.barrel !== RUNTIME_BARREL) continue;
    const as = claimPackage(`runtime ${e.name}`, e.name);
    if (as !== e.name) renamed.push({ name: e.name, as, module: e.barrel, typeOnly: e.typeOnly });
  }
  const platform = new Map<string, string>();
  for (const { name, module } of Object.values(PLATFORM_EXPORTS).flat()) {
    const as = claimPackage(`platform ${name}`, name);
    platform.set(name, as);
    if (as !== name) renamed.push({ name, as, module, typeOnly: false });
  }
  // The product module's names, which the previous release's runtime exported (and so claims the same way).
  const productExports = [PRODUCT_MODULE_NAMES.environments, PRODUCT_MODULE_NAMES.environment].map((name) => {
    const as = claimPackage(`product ${name}`, name);
    return { name, as, module: modules.product, typeOnly: name === PRODUCT_MODULE_NAMES.environment };
  });
  const own = {
    client: claimPackage('entry client', product.client),
    createCore: claimPackage('entry createCore', product.createCore),
    webSocket: ws && claimPackage('entry webSocket', ws.own.client),
    webSocketForPlatform: ws && table.claim(scope, 'import webSocketForPlatform', product.webSocketForPlatform),
  };
  const wsNamespace = ws && claimPackage('entry wsNamespace', WS_NAMESPACE);

  const preferred: ReExport[] = [];
  for (const [name, module] of source) {
    const elsewhere = starred.some((other) => other !== module && exported.get(other)!.has(name));
    if (elsewhere) preferred.push({ name, module, typeOnly: exported.get(module)!.get(name)!.typeOnly });
  }
  return {
    own,
    wsNamespace,
    platform: (name) => platform.get(name)!,
    preferred,
    renamed,
    product: productExports,
  };
}
