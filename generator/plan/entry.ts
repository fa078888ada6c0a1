import type { Export, RestNames } from './rest.ts';
import { runtimeAlias } from './rest.ts';
import type { RuntimeSurface } from './runtime.ts';
import type { NameTable } from './table.ts';
import type { WsNames } from './ws.ts';

/** The names the entry points declare themselves (see emit/entry.ts). */
export const ENTRY_NAMES = {
  client: 'KalshiClient',
  createCore: 'createKalshiCore',
  /** The WebSocket client bound to the platform, in place of the WebSocket module's (named like it). */
  webSocket: 'KalshiWebSocket',
  /** The WebSocket module as a namespace: every name of the WebSocket spec, those the REST spec shares too. */
  wsNamespace: 'ws',
} as const;

/** The WebSocket module's client as the entry points import it, to bind it to the platform. */
export const WEB_SOCKET_FOR_PLATFORM = 'KalshiWebSocketForPlatform';

/** What each entry point re-exports of its platform's modules, besides the runtime's barrels. */
export const PLATFORM_EXPORTS = {
  node: [
    { key: 'signer', name: 'NodeSigner', module: 'runtime/signer-node.ts' },
    { key: 'transport', name: 'undiciTransport', module: 'runtime/transport-undici.ts' },
    { key: 'platform', name: 'nodePlatform', module: 'runtime/platform-node.ts' },
  ],
  web: [{ key: 'platform', name: 'webPlatform', module: 'runtime/platform-web.ts' }],
} as const;

/** A re-export from one of the SDK's modules (by its path under src/, e.g. `types.ts`). */
export interface ReExport {
  name: string;
  /** The name it is exported as, when that is another. */
  as?: string;
  module: string;
  typeOnly: boolean;
}

export interface EntryNames {
  readonly own: { readonly client: string; readonly createCore: string; readonly webSocket?: string };
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
}

/** The modules the entry points re-export whole (`export *`), in the order they do; ws.ts with a WebSocket spec. */
export const STARRED_MODULES = { rest: ['types.ts', 'operations.ts', 'runtime/index.ts'], webSocket: 'ws.ts' } as const;
const STARRED = [...STARRED_MODULES.rest, STARRED_MODULES.webSocket];

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
  rest: { names: RestNames; types: readonly Export[]; operations: readonly Export[] },
  ws: WsNames | undefined,
  runtime: RuntimeSurface,
): EntryNames {
  const exported = new Map<string, Map<string, Export>>(STARRED.map((module) => [module, new Map()]));
  const add = (module: string, e: Export) => exported.get(module)!.set(e.name, e);
  for (const e of rest.types) add('types.ts', e);
  for (const e of rest.operations) add('operations.ts', e);
  // ws.ts re-exports the WebSocket runtime's barrel, but what it declares itself hides the barrel's name.
  const wsDeclared = new Set(ws?.exports.map((e) => e.name));
  for (const e of runtime.exports.values()) {
    if (e.barrel === 'runtime/index.ts') add('runtime/index.ts', e);
    else if (ws && !wsDeclared.has(e.name)) add('ws.ts', e);
  }
  for (const e of ws?.exports ?? []) add('ws.ts', e);

  // The spec's names, where the entry gives them out; the module each name of the entry comes from.
  const source = new Map<string, string>();
  for (const module of ['types.ts', 'operations.ts'] as const)
    for (const { name } of exported.get(module)!.values()) {
      table.claim(scope, `${module} ${name}`, name);
      source.set(name, module);
    }
  for (const { name } of ws?.exports ?? [])
    if (name !== ws!.own.client && table.claimIfFree(scope, `ws.ts ${name}`, name)) source.set(name, 'ws.ts');

  const renamed: ReExport[] = [];
  const claimPackage = (what: string, name: string) => table.claim(scope, what, name, runtimeAlias(name));
  for (const e of runtime.exports.values()) {
    if (!ws && e.barrel !== 'runtime/index.ts') continue;
    const as = claimPackage(`runtime ${e.name}`, e.name);
    if (as !== e.name) renamed.push({ name: e.name, as, module: e.barrel, typeOnly: e.typeOnly });
  }
  const platform = new Map<string, string>();
  for (const { name, module } of Object.values(PLATFORM_EXPORTS).flat()) {
    const as = claimPackage(`platform ${name}`, name);
    platform.set(name, as);
    if (as !== name) renamed.push({ name, as, module, typeOnly: false });
  }
  const own = {
    client: claimPackage('entry client', ENTRY_NAMES.client),
    createCore: claimPackage('entry createCore', ENTRY_NAMES.createCore),
    webSocket: ws && claimPackage('entry webSocket', ws.own.client),
  };
  const wsNamespace = ws && claimPackage('entry wsNamespace', ENTRY_NAMES.wsNamespace);

  const preferred: ReExport[] = [];
  for (const [name, module] of source) {
    const elsewhere = STARRED.some((other) => other !== module && exported.get(other)!.has(name));
    if (elsewhere) preferred.push({ name, module, typeOnly: exported.get(module)!.get(name)!.typeOnly });
  }
  return {
    own,
    wsNamespace,
    platform: (name) => platform.get(name)!,
    preferred,
    renamed,
  };
}
