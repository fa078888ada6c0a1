/**
 * Test helpers shipped with the SDK, for Node: `import { startMockServer, startWsMockServer, replayTransport } from 'kalshi-sdk/testing'`.
 * Kept out of the main entry so production bundles never include them.
 */
export * from './mock-server.js';
export * from './record-replay.js';
export * from './ws-mock-server.js';
