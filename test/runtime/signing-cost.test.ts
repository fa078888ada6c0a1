import * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMockServer, type MockServer } from '../../templates/testing/mock-server.js';
import { core, getBalance, rsaKeyPair } from './helpers.js';

// Count what the signer asks of node:crypto; everything still runs for real.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, createPrivateKey: vi.fn(actual.createPrivateKey), sign: vi.fn(actual.sign) };
});

const keys = rsaKeyPair();
let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ publicKey: keys.publicKey, requireSignature: true });
  server.route('GET', '/portfolio/balance', { json: { balance: 1 } });
});
afterAll(() => server.close());

describe('signing cost', () => {
  it('parses the PEM once per client, not per request, and signs each request asynchronously', async () => {
    const client = core({ baseUrl: server.url, apiKeyId: 'key', privateKey: keys.privateKey });
    expect(crypto.createPrivateKey).toHaveBeenCalledTimes(1);
    await Promise.all(Array.from({ length: 8 }, () => client.request(getBalance)));
    expect(crypto.createPrivateKey).toHaveBeenCalledTimes(1);
    expect(crypto.sign).toHaveBeenCalledTimes(8);
    // The callback form runs on libuv's thread pool instead of blocking the event loop.
    for (const call of vi.mocked(crypto.sign).mock.calls) expect(call[3]).toBeTypeOf('function');
    expect(server.requests.every((r) => r.signatureValid)).toBe(true);
  });
});
