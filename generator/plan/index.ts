import { LIST_ITEMS } from '../model/samples.ts';
import type { ApiModel, WsModel } from '../model/types.ts';
import {
  REST_MODULE_NAMES,
  claimExchange,
  claimRest,
  type ExchangeNames,
  type RestNames,
  type Scopes,
} from './rest.ts';
import type { RuntimeSurface } from './runtime.ts';
import { NameTable } from './table.ts';
import { WS_MODULE_NAMES, claimWs, type WsNames } from './ws.ts';

export { CORE_CLASS, type OperationNames, type RestNames } from './rest.ts';
export { payloadDeclaration, type PayloadMember, type WsNames } from './ws.ts';

/**
 * The naming stage: every identifier the TypeScript SDK emits is decided here, in one table (`NameTable`), from the
 * name-free model; the emitters only read it. Names are claimed in a fixed order, a later claim never taking an
 * earlier one's name in its scope:
 *
 * 1. the runtime's exports (parsed from its barrels, see runtime.ts) and the entry points' own names;
 * 2. `KalshiCore`'s members (parsed from its class), which the client facade's methods avoid;
 * 3. the REST schemas, then each operation's params type and inline response alias, its function and descriptor;
 * 4. the WebSocket schemas and payloads, the objects directly in each payload, each channel's subscribe params;
 * 5. the WebSocket module's own names;
 * 6. the mock exchange's names.
 *
 * Everything is one scope, as the package entry re-exports every module: a name the runtime or an earlier claim
 * holds gets a numeric suffix.
 */
export interface SdkPlan {
  readonly table: NameTable;
  /** The models the names are for. */
  readonly models: { readonly api: ApiModel; readonly ws: WsModel | undefined };
  readonly rest: RestNames;
  readonly ws: WsNames | undefined;
  readonly entry: EntryNames;
  readonly exchange: ExchangeNames & { channels?: string };
}

/** The names the entry points declare themselves (see emit/entry.ts). */
export const ENTRY_NAMES = {
  client: 'KalshiClient',
  createCore: 'createKalshiCore',
  /** The WebSocket module's client, imported to be bound to the platform (under its name, see `EntryNames`). */
  webSocketForPlatform: 'KalshiWebSocketForPlatform',
} as const;

/** What each entry point re-exports of its platform's own modules, besides the runtime's barrel. */
export const PLATFORM_EXPORTS = {
  node: { platform: 'nodePlatform', signer: 'NodeSigner', transport: 'undiciTransport' },
  web: { platform: 'webPlatform' },
} as const;

export interface EntryNames {
  readonly own: { readonly [K in keyof typeof ENTRY_NAMES]: string };
  /** The WebSocket client bound to the platform, which takes the place of the WebSocket module's own. */
  readonly webSocket?: string;
}

/** The plan of the REST half, made while the WebSocket spec is still being read. */
export interface ApiPlan {
  readonly table: NameTable;
  readonly api: ApiModel;
  readonly runtime: RuntimeSurface;
  readonly rest: RestNames;
}

const SCOPES: Scopes = { rest: 'sdk', ws: 'sdk', client: 'client members', exchange: 'testing/exchange.ts' };

export function planApi(api: ApiModel, runtime: RuntimeSurface): ApiPlan {
  const table = new NameTable();
  for (const name of runtime.exports.keys()) table.claim(SCOPES.rest, `runtime ${name}`, name);
  for (const [key, name] of Object.entries(ENTRY_NAMES)) table.claim(SCOPES.rest, `entry ${key}`, name);
  for (const names of Object.values(PLATFORM_EXPORTS))
    for (const [key, name] of Object.entries(names)) table.claim(SCOPES.rest, `entry platform ${key}`, name);
  table.claim(SCOPES.rest, 'own clientBase', REST_MODULE_NAMES.clientBase);
  for (const [key, name] of Object.entries(WS_MODULE_NAMES)) table.claim(SCOPES.ws, `own ${key}`, name);
  return { table, api, runtime, rest: claimRest(table, SCOPES, api, runtime) };
}

export function planSdk(apiPlan: ApiPlan, ws: WsModel | undefined): SdkPlan {
  const { table, api, runtime, rest } = apiPlan;
  const wsNames = ws ? claimWs(table, SCOPES, ws, runtime) : undefined;
  return {
    table,
    models: { api, ws },
    rest,
    ws: wsNames,
    entry: { own: ENTRY_NAMES, webSocket: wsNames?.own.client },
    exchange: claimExchange(table, SCOPES, api, rest, wsNames?.own.channels, LIST_ITEMS),
  };
}
