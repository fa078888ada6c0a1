import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import type { Platform, WebSocketConstructor } from './platform.js';
import { NodeSigner } from './signer-node.js';
import { undiciTransport } from './transport-undici.js';

export const nodePlatform: Platform = {
  name: 'node',
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  createTransport: () => undiciTransport(),
  createSigner: (keyId, privateKey, source) => new NodeSigner(keyId, privateKey as string, source),
  WebSocket: WebSocket as unknown as WebSocketConstructor,
  webSocketHeaders: true,
};
