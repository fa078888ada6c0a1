import type { Platform, WebSocketConstructor } from './platform.js';
import { WebCryptoSigner } from './signer-web.js';
import { fetchTransport } from './transport.js';

/** Browsers, edge runtimes, Deno and Bun: global fetch, WebCrypto, the native WebSocket. */
export const webPlatform: Platform = {
  name: 'web',
  env: {},
  createTransport: () => fetchTransport(),
  createSigner: (keyId, privateKey, source) => new WebCryptoSigner(keyId, privateKey as string, source),
  WebSocket: (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
  // The browser WebSocket API cannot set handshake headers, so it cannot sign the connection itself.
  webSocketHeaders: false,
};
