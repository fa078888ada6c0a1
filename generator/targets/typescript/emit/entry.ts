/**
 * A product's entry points, in its folder (src/ for the root product, src/perps/ for Perps). The first two export
 * the same API; they differ only in the platform they bind, so a browser bundle never pulls in node:crypto, undici
 * or ws:
 * - `index.ts` (Node): undici transport, node:crypto signer, `ws`;
 * - `browser.ts` (browsers, edge, Deno, Bun): fetch, WebCrypto, the native WebSocket;
 * - `testing/index.ts` (`kalshi-sdk/testing`, Node): the test helpers, see testingEntrySource.
 */
import {
  PLATFORM_EXPORTS,
  PRODUCT_MODULE_NAMES,
  entryModules,
  type ReExport,
  type SdkPlan,
} from '../../../plan/index.ts';
import { moduleSpecifier, productOwnNames } from '../../../plan/product.ts';

export function entrySource(platform: 'node' | 'web', plan: SdkPlan): string {
  const { entry, dir, product } = plan;
  const modules = entryModules(dir);
  const specifier = (path: string) => moduleSpecifier(dir, path);
  const exports = PLATFORM_EXPORTS[platform];
  const platformExport = exports.find((e) => e.key === 'platform')!;
  const platformVar = platformExport.name;
  const platformModule = specifier(platformExport.module);
  const platformExports = exports
    .map(
      (e) =>
        `export { ${reExported({ ...e, as: entry.platform(e.name), typeOnly: false })} } from '${specifier(e.module)}';\n`,
    )
    .join('');
  const settled = [...entry.preferred, ...entry.renamed, ...entry.product];
  // Names the WebSocket module has, or the WebSocket runtime it re-exports, are settled beside its `export *`.
  const ofWebSocket = (e: ReExport) => e.module === modules.webSocket || e.module.startsWith('ws/');
  const starred = modules.rest.map((module) => `export * from '${specifier(module)}';\n`).join('');
  const explicit = (list: ReExport[]) => explicitExports(list, specifier);
  const options = `ClientOptions<${ENVIRONMENT}>`;
  return `${starred}${explicit(settled.filter((e) => !ofWebSocket(e)))}${platformExports}import { ${plan.rest.clientBase} } from '${specifier(`${dir}client.ts`)}';
import { KalshiCore, type ClientOptions } from '${specifier('runtime/core.ts')}';
import { ${platformVar} } from '${platformModule}';
import { ${PRODUCT} } from '${specifier(modules.product)}';

/**
 * The ${product.title}'s REST client: every operation as a method. Options default from KALSHI_* environment
 * variables on Node.
 */
export class ${entry.own.client} extends ${plan.rest.clientBase} {
  constructor(options: ${options} = {}) {
    super(options, ${platformVar}, ${PRODUCT});
  }
}

/**
 * A client without operation methods, for the smallest bundles: pass it to the standalone functions and only the
 * operations you import are bundled.
 */
export function ${entry.own.createCore}(options: ${options} = {}): KalshiCore {
  return new KalshiCore(options, ${platformVar}, ${PRODUCT});
}
${plan.ws ? webSocketEntry(platformVar, plan, explicit(settled.filter(ofWebSocket)), specifier) : ''}`;
}

/**
 * The product module's runtime view of the product, which the entry imports for itself (a local name, so no spec's
 * name can clash with it), and the type of its environments' names.
 */
const PRODUCT = PRODUCT_MODULE_NAMES.product;
const ENVIRONMENT = `keyof typeof ${PRODUCT}.environments`;

function webSocketEntry(
  platformVar: string,
  plan: SdkPlan,
  explicit: string,
  specifier: (path: string) => string,
): string {
  const { own } = plan.entry;
  const module = specifier(entryModules(plan.dir).webSocket);
  return `
export * from '${module}';
/** The WebSocket spec's names, those the REST spec has too among them. */
export * as ${plan.entry.wsNamespace} from '${module}';
${explicit}import { ${plan.ws!.own.client} as ${own.webSocketForPlatform} } from '${module}';
import type { KalshiWebSocketOptions } from '${specifier('ws/index.ts')}';

/** The ${plan.product.title}'s WebSocket client: typed subscriptions, reconnect with resubscribe, sequence-gap recovery. */
export class ${own.webSocket} extends ${own.webSocketForPlatform} {
  constructor(options: KalshiWebSocketOptions<${ENVIRONMENT}> = {}) {
    super(options, ${platformVar}, ${PRODUCT});
  }
}
`;
}

/** `export { … } from '…'` lines for names re-exported explicitly, a line per module in the order given. */
function explicitExports(reExports: ReExport[], specifier: (path: string) => string): string {
  const byModule = new Map<string, ReExport[]>();
  for (const e of reExports) byModule.set(e.module, [...(byModule.get(e.module) ?? []), e]);
  return [...byModule]
    .map(([module, list]) => `export { ${list.map(reExported).join(', ')} } from '${specifier(module)}';\n`)
    .join('');
}

function reExported(e: ReExport): string {
  return `${e.typeOnly ? 'type ' : ''}${e.name}${e.as && e.as !== e.name ? ` as ${e.as}` : ''}`;
}

/**
 * `testing/index.ts`: the runtime's test helpers and each product's mock exchange (`<dir>testing/exchange.ts`,
 * emitted from its specs), kept out of the main entries so production bundles never include them. The root
 * product's mock is exported flat, every other product's as a namespace named after its entry
 * (`perps.startMockExchange()`).
 */
export function testingEntrySource(plans: readonly SdkPlan[]): string {
  const exchange = (plan: SdkPlan) => moduleSpecifier('testing', `${plan.dir}testing/exchange.ts`);
  const products = plans.map((plan) =>
    plan.dir === ''
      ? `export * from '${exchange(plan)}';\n`
      : `/** The mock exchange of the ${plan.product.title}. */\nexport * as ${productOwnNames(plan.product).testingNamespace} from '${exchange(plan)}';\n`,
  );
  return `/**
 * Test helpers shipped with the SDK, for Node:
 * \`import { startMockExchange, startMockServer, startWsMockServer, replayTransport } from 'kalshi-sdk/testing'\`.
 */
export * from './mock-server.js';
export * from './record-replay.js';
export * from './ws-mock-server.js';
export * from './sample-exchange.js';
${products.join('')}`;
}
