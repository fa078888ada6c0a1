import type { Signer } from './signer.js';
import type { Transport } from './transport.js';

/** A WebSocket constructor: the `ws` package on Node, the native one in browsers and edge runtimes. */
export interface WebSocketConstructor {
  new (url: string, options?: { headers?: Record<string, string> }): WebSocketLike;
}

/** The subset of the WHATWG WebSocket API the client uses (both `ws` and browsers implement it). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/**
 * What differs between Node and browsers. Each entry point of the SDK (index for Node, browser for the rest)
 * passes its own, so browser bundles never contain node:crypto, undici or ws.
 */
export interface Platform {
  name: 'node' | 'web';
  /** Environment variables (KALSHI_*); empty where there are none. */
  env: Record<string, string | undefined>;
  /** Reads a key file (KALSHI_PRIVATE_KEY_PATH); undefined where there is no file system. */
  readFile?: (path: string) => string;
  createTransport(): Transport;
  createSigner(keyId: string, privateKey: unknown, source: string): Signer;
  /** Undefined where the platform has none (Node 20 without `ws`). */
  WebSocket?: WebSocketConstructor;
  /** Whether the WebSocket constructor can send handshake headers (browsers cannot). */
  webSocketHeaders: boolean;
}
