/**
 * The package entry points. The first two export the same API; they differ only in the platform they bind, so a
 * browser bundle never pulls in node:crypto, undici or ws:
 * - `index.ts` (Node): undici transport, node:crypto signer, `ws`;
 * - `browser.ts` (browsers, edge, Deno, Bun): fetch, WebCrypto, the native WebSocket;
 * - `testing/index.ts` (`kalshi-sdk/testing`, Node): the test helpers, see testingEntrySource.
 */
export interface EntryOptions {
  /** Whether the SDK has a WebSocket module (`ws.ts`) to bind to the platform. */
  webSocket?: boolean;
}

/** Names the entry points declare themselves (the runtime's barrels add theirs). */
export const ENTRY_EXPORTS = [
  'KalshiClient',
  'KalshiClientBase',
  'KalshiWebSocket',
  'createKalshiCore',
  'nodePlatform',
  'webPlatform',
  'NodeSigner',
  'undiciTransport',
];

export function entrySource(platform: 'node' | 'web', options: EntryOptions = {}): string {
  const platformVar = platform === 'node' ? 'nodePlatform' : 'webPlatform';
  const platformModule = platform === 'node' ? './runtime/platform-node.js' : './runtime/platform-web.js';
  const nodeOnly =
    platform === 'node'
      ? `export { NodeSigner } from './runtime/signer-node.js';\nexport { undiciTransport } from './runtime/transport-undici.js';\n`
      : '';
  return `export * from './types.js';
export * from './operations.js';
export * from './runtime/index.js';
${nodeOnly}export { ${platformVar} } from '${platformModule}';
import { KalshiClientBase } from './client.js';
import { KalshiCore, type ClientOptions } from './runtime/core.js';
import { ${platformVar} } from '${platformModule}';

/** The Kalshi REST client: every operation as a method. Options default from KALSHI_* environment variables on Node. */
export class KalshiClient extends KalshiClientBase {
  constructor(options: ClientOptions = {}) {
    super(options, ${platformVar});
  }
}

/**
 * A client without operation methods, for the smallest bundles: pass it to the standalone functions
 * (\`getMarkets(core, {...})\`) and only the operations you import are bundled.
 */
export function createKalshiCore(options: ClientOptions = {}): KalshiCore {
  return new KalshiCore(options, ${platformVar});
}
${options.webSocket ? webSocketEntry(platformVar) : ''}`;
}

function webSocketEntry(platformVar: string): string {
  return `
export * from './ws.js';
import { KalshiWebSocket as KalshiWebSocketForPlatform } from './ws.js';
import type { KalshiWebSocketOptions } from './ws/index.js';

/** The Kalshi WebSocket client: typed subscriptions, reconnect with resubscribe, sequence-gap recovery. */
export class KalshiWebSocket extends KalshiWebSocketForPlatform {
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
