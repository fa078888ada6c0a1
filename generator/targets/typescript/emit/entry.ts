/**
 * The package entry points. The first two export the same API; they differ only in the platform they bind, so a
 * browser bundle never pulls in node:crypto, undici or ws:
 * - `index.ts` (Node): undici transport, node:crypto signer, `ws`;
 * - `browser.ts` (browsers, edge, Deno, Bun): fetch, WebCrypto, the native WebSocket;
 * - `testing/index.ts` (`kalshi-sdk/testing`, Node): the test helpers, see testingEntrySource.
 */
import { PLATFORM_EXPORTS, type SdkPlan } from '../../../plan/index.ts';

export function entrySource(platform: 'node' | 'web', plan: SdkPlan): string {
  const { own } = plan.entry;
  const platformVar = PLATFORM_EXPORTS[platform].platform;
  const platformModule = platform === 'node' ? './runtime/platform-node.js' : './runtime/platform-web.js';
  const nodeOnly =
    platform === 'node'
      ? `export { ${PLATFORM_EXPORTS.node.signer} } from './runtime/signer-node.js';\nexport { ${PLATFORM_EXPORTS.node.transport} } from './runtime/transport-undici.js';\n`
      : '';
  return `export * from './types.js';
export * from './operations.js';
export * from './runtime/index.js';
${nodeOnly}export { ${platformVar} } from '${platformModule}';
import { ${plan.rest.clientBase} } from './client.js';
import { KalshiCore, type ClientOptions } from './runtime/core.js';
import { ${platformVar} } from '${platformModule}';

/** The Kalshi REST client: every operation as a method. Options default from KALSHI_* environment variables on Node. */
export class ${own.client} extends ${plan.rest.clientBase} {
  constructor(options: ClientOptions = {}) {
    super(options, ${platformVar});
  }
}

/**
 * A client without operation methods, for the smallest bundles: pass it to the standalone functions
 * (\`getMarkets(core, {...})\`) and only the operations you import are bundled.
 */
export function ${own.createCore}(options: ClientOptions = {}): KalshiCore {
  return new KalshiCore(options, ${platformVar});
}
${plan.ws ? webSocketEntry(platformVar, plan) : ''}`;
}

function webSocketEntry(platformVar: string, plan: SdkPlan): string {
  const { own } = plan.entry;
  return `
export * from './ws.js';
import { ${plan.ws!.own.client} as ${own.webSocketForPlatform} } from './ws.js';
import type { KalshiWebSocketOptions } from './ws/index.js';

/** The Kalshi WebSocket client: typed subscriptions, reconnect with resubscribe, sequence-gap recovery. */
export class ${plan.entry.webSocket} extends ${own.webSocketForPlatform} {
  constructor(options: KalshiWebSocketOptions = {}) {
    super(options, ${platformVar});
  }
}
`;
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
