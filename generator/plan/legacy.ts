import type { ApiModel, WsModel } from '../model/types.ts';
import { PLATFORM_EXPORTS } from './entry.ts';
import type { productOwnNames } from './product.ts';
import { claimRest, type ProductModules, type RestNames, type Scopes } from './rest.ts';
import type { RuntimeSurface } from './runtime.ts';
import { NameTable } from './table.ts';
import { claimWs, wsModuleNames, type WsNames } from './ws.ts';

/*
 * The names the previous release gave, for the deprecated aliases that keep each of them for one release: then this
 * file goes, with the aliases. That release put the whole package in one namespace, claimed in the order below, and
 * gave every name already taken a numeric suffix: a REST schema that a runtime export had taken (`BookSide2`), a
 * WebSocket schema that a REST schema had (`BookSide3`). That release had one product, the root entry's: the other
 * products are new, and have no previous names.
 */

const ONE_NAMESPACE: Scopes = {
  rest: 'package',
  ws: 'package',
  client: 'client members',
  exchange: 'testing/exchange.ts',
};

export interface PreviousNames {
  readonly table: NameTable;
  readonly rest: RestNames;
  readonly own: ProductNames;
}

type ProductNames = ReturnType<typeof productOwnNames> & ProductModules;

/** The REST names of the previous release: clear of the runtime's exports and the entry points' own names. */
export function previousRestNames(api: ApiModel, runtime: RuntimeSurface, own: ProductNames): PreviousNames {
  const table = new NameTable();
  const scope = ONE_NAMESPACE.rest;
  for (const name of runtime.exports.keys()) table.claim(scope, `runtime ${name}`, name);
  table.claim(scope, 'entry client', own.client);
  table.claim(scope, 'entry createCore', own.createCore);
  // The entry's WebSocket client, and the WebSocket module's it binds to the platform, were one name.
  table.claim(scope, 'own client', own.webSocket);
  for (const { name } of Object.values(PLATFORM_EXPORTS).flat()) table.claim(scope, `platform ${name}`, name);
  table.claim(scope, 'own clientBase', own.clientBase);
  return { table, rest: claimRest(table, ONE_NAMESPACE, api, runtime, own), own };
}

/** The WebSocket names of the previous release: clear of those and of every REST name, and of its module's own. */
export function previousWsNames(previous: PreviousNames, ws: WsModel, runtime: RuntimeSurface): WsNames {
  for (const [key, { name }] of Object.entries(wsModuleNames(previous.own)))
    previous.table.claim(ONE_NAMESPACE.ws, `own ${key}`, name);
  return claimWs(previous.table, ONE_NAMESPACE, ws, runtime, previous.own);
}
