import { LIST_ITEMS } from '../model/samples.ts';
import { buildEnvironments, type EnvironmentUrls } from '../model/environments.ts';
import type { ApiModel, WsModel } from '../model/types.ts';
import { isRootProduct, productDir, type ProductConfig } from '../products.ts';
import { claimEntry, type EntryNames } from './entry.ts';
import { previousRestNames, previousWsNames, type PreviousNames } from './legacy.ts';
import { productOwnNames } from './product.ts';
import { claimExchange, type ExchangeNames } from './exchange.ts';
import { claimRest, restExports, type RestNames, type Scopes } from './rest.ts';
import type { RuntimeSurface } from './runtime.ts';
import { NameTable } from './table.ts';
import { claimWs, type WsNames } from './ws.ts';

export { PLATFORM_EXPORTS, WS_NAMESPACE, entryModules, type EntryNames, type ReExport } from './entry.ts';
export { PRODUCT_MODULE_NAMES, productOwnNames } from './product.ts';
export { CORE_CLASS, declaresValue, type OperationNames, type RestNames } from './rest.ts';
export { payloadDeclaration, type BookNames, type PayloadMember, type WsNames } from './ws.ts';

/**
 * The naming stage: every identifier the TypeScript SDK emits is decided here, in one table (`NameTable`), from the
 * name-free model; the emitters only read it. Names are claimed in a fixed order, and in scopes: the names of one
 * module, of the client facade's members, of what the package entry exports. A later claim never takes an earlier
 * one's name in its scope.
 *
 * 1. The runtime's exports, parsed from its barrels (runtime.ts), and `KalshiCore`'s members, parsed from its class:
 *    names of hand-written code, never renamed where they are declared.
 * 2. The REST modules (types.ts, operations.ts, client.ts): the schemas, each operation's params type and inline
 *    response alias, the functions, the descriptors, the facade's class, then the local names of the runtime's
 *    exports: where the spec took one, the modules import it as `Runtime<Name>` (`runtime<Name>` for a value).
 *    The facade's methods are named like the functions, but for `KalshiCore`'s members (`requestOperation`).
 * 3. The WebSocket module (ws.ts): the schemas and the payloads written inline, the objects directly in each
 *    payload, each channel's subscribe params, the module's own names, the order books bound to its book shapes,
 *    the runtime's local names.
 * 4. Each module's previous names: the name a declaration had in the previous release, when it had another, stays
 *    one release as a deprecated alias (legacy.ts).
 * 5. The package entry (entry.ts): the REST spec's names, then the WebSocket spec's (those the REST spec shares are
 *    exported in the `ws` namespace only), then the package's own; a runtime export a spec took is exported as
 *    `Runtime<Name>`.
 * 6. The mock exchange's module (testing/exchange.ts).
 *
 * Each product is planned on its own (its own table): its modules sit in its own folder (productDir) and its entry
 * is its own, so two products' specs may declare the same names. The names a product's modules declare themselves
 * carry its configured prefix (productOwnNames).
 *
 * So a name a spec declares once is never suffixed: within one module a number is added only where the spec itself
 * gives two things one name (`foo_bar` and `FooBar`), or a name the generator makes (a params type, a descriptor)
 * meets one the spec declares. The policy and its reasons are in docs/naming.md.
 */
export interface SdkPlan {
  readonly table: NameTable;
  readonly product: ProductConfig;
  /** The folder of the product's modules under src/ ('' or `perps/`). */
  readonly dir: string;
  /** Where each of its environments lives: its specs' servers, with the configured demo hosts. */
  readonly environments: Record<string, EnvironmentUrls>;
  /** The models the names are for. */
  readonly models: { readonly api: ApiModel; readonly ws: WsModel | undefined };
  readonly rest: RestNames;
  readonly ws: WsNames | undefined;
  readonly entry: EntryNames;
  readonly exchange: ExchangeNames & { channels?: string };
}

/** The plan of the REST half, made while the WebSocket spec is still being read. */
export interface ApiPlan {
  readonly table: NameTable;
  readonly product: ProductConfig;
  readonly dir: string;
  readonly api: ApiModel;
  readonly runtime: RuntimeSurface;
  readonly rest: RestNames;
  /** The previous release's names: the root product's only, as the others are new. */
  readonly previous: PreviousNames | undefined;
}

const SCOPES: Scopes = { rest: 'rest', ws: 'ws.ts', client: 'client members', exchange: 'testing/exchange.ts' };
const ENTRY_SCOPE = 'index.ts';

export function planApi(api: ApiModel, runtime: RuntimeSurface, product: ProductConfig): ApiPlan {
  const table = new NameTable();
  const dir = productDir(product);
  const own = { ...productOwnNames(product), dir };
  const previous = isRootProduct(product) ? previousRestNames(api, runtime, own) : undefined;
  const rest = claimRest(table, SCOPES, api, runtime, own, previous?.rest.schema);
  return { table, product, dir, api, runtime, rest, previous };
}

export function planSdk(apiPlan: ApiPlan, ws: WsModel | undefined): SdkPlan {
  const { table, product, dir, api, runtime, rest, previous } = apiPlan;
  const own = { ...productOwnNames(product), dir };
  const wsNames = ws
    ? claimWs(table, SCOPES, ws, runtime, own, previous && previousWsNames(previous, ws, runtime))
    : undefined;
  return {
    table,
    product,
    dir,
    environments: buildEnvironments(api, ws, product.demoHosts),
    models: { api, ws },
    rest,
    ws: wsNames,
    entry: claimEntry(table, ENTRY_SCOPE, { dir, own }, { names: rest, ...restExports(api, rest) }, wsNames, runtime),
    exchange: claimExchange(table, SCOPES, api, rest, wsNames?.own.channels, LIST_ITEMS),
  };
}
