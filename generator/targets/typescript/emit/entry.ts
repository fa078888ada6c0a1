/**
 * The package entry points. The first two export the same API; they differ only in the platform they bind, so a
 * browser bundle never pulls in node:crypto, undici or ws:
 * - `index.ts` (Node): undici transport, node:crypto signer, `ws`;
 * - `browser.ts` (browsers, edge, Deno, Bun): fetch, WebCrypto, the native WebSocket;
 * - `testing/index.ts` (`kalshi-sdk/testing`, Node): the test helpers, see testingEntrySource.
 */
import {
  PLATFORM_EXPORTS,
  STARRED_MODULES,
  WEB_SOCKET_FOR_PLATFORM,
  type ReExport,
  type SdkPlan,
} from '../../../plan/index.ts';

export function entrySource(platform: 'node' | 'web', plan: SdkPlan): string {
  const { entry } = plan;
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
  const settled = [...entry.preferred, ...entry.renamed];
  // Names the WebSocket module has, or the WebSocket runtime it re-exports, are settled beside its `export *`.
  const ofWebSocket = (e: ReExport) => e.module === STARRED_MODULES.webSocket || e.module.startsWith('ws/');
  const starred = STARRED_MODULES.rest.map((module) => `export * from '${specifier(module)}';\n`).join('');
  return `${starred}${explicitExports(settled.filter((e) => !ofWebSocket(e)))}${platformExports}import { ${plan.rest.clientBase} } from './client.js';
import { KalshiCore, type ClientOptions } from './runtime/core.js';
import { ${platformVar} } from '${platformModule}';

/** The Kalshi REST client: every operation as a method. Options default from KALSHI_* environment variables on Node. */
export class ${entry.own.client} extends ${plan.rest.clientBase} {
  constructor(options: ClientOptions = {}) {
    super(options, ${platformVar});
  }
}

/**
 * A client without operation methods, for the smallest bundles: pass it to the standalone functions
 * (\`getMarkets(core, {...})\`) and only the operations you import are bundled.
 */
export function ${entry.own.createCore}(options: ClientOptions = {}): KalshiCore {
  return new KalshiCore(options, ${platformVar});
}
${plan.ws ? webSocketEntry(platformVar, plan, explicitExports(settled.filter(ofWebSocket))) : ''}`;
}

function webSocketEntry(platformVar: string, plan: SdkPlan, explicit: string): string {
  const module = specifier(STARRED_MODULES.webSocket);
  return `
export * from '${module}';
/** The WebSocket spec's names, those the REST spec has too among them. */
export * as ${plan.entry.wsNamespace} from '${module}';
${explicit}import { ${plan.ws!.own.client} as ${WEB_SOCKET_FOR_PLATFORM} } from '${module}';
import type { KalshiWebSocketOptions } from './ws/index.js';

/** The Kalshi WebSocket client: typed subscriptions, reconnect with resubscribe, sequence-gap recovery. */
export class ${plan.entry.own.webSocket} extends ${WEB_SOCKET_FOR_PLATFORM} {
  constructor(options: KalshiWebSocketOptions = {}) {
    super(options, ${platformVar});
  }
}
`;
}

/** `export { … } from '…'` lines for names re-exported explicitly, a line per module in the order given. */
function explicitExports(reExports: ReExport[]): string {
  const byModule = new Map<string, ReExport[]>();
  for (const e of reExports) byModule.set(e.module, [...(byModule.get(e.module) ?? []), e]);
  return [...byModule]
    .map(([module, list]) => `export { ${list.map(reExported).join(', ')} } from '${specifier(module)}';\n`)
    .join('');
}

function reExported(e: ReExport): string {
  return `${e.typeOnly ? 'type ' : ''}${e.name}${e.as && e.as !== e.name ? ` as ${e.as}` : ''}`;
}

/** The import specifier of an SDK module from the entry points, which sit at src/. */
function specifier(module: string): string {
  return `./${module.replace(/\.ts$/, '.js')}`;
}

/**
 * `testing/index.ts`: the runtime's test helpers and the SDK's own mock exchange (`testing/exchange.ts`, emitted
 * from the spec), kept out of the main entry so production bundles never include them.
 */
export function testingEntrySource(): string {
  return `/**
 * Test helpers shipped with the SDK, for Node:
 * \`import { startMockExchange, startMockServer, startWsMockServer, replayTransport } from 'kalshi-sdk/testing'\`.
 */
export * from './mock-server.js';
export * from './record-replay.js';
export * from './ws-mock-server.js';
export * from './sample-exchange.js';
export * from './exchange.js';
`;
}
