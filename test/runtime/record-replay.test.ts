import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../templates/runtime/errors.js';
import { undiciTransport } from '../../templates/runtime/transport-undici.js';
import { faults, startMockServer, type MockServer } from '../../templates/testing/mock-server.js';
import {
  REDACTED,
  ReplayMismatchError,
  loadRecording,
  parseRecording,
  recordingTransport,
  replayTransport,
  type Recording,
} from '../../templates/testing/record-replay.js';
import type { OperationSpec } from '../../templates/runtime/core.js';
import { core, createOrder, getBalance, getMarket as publicGetMarket, rsaKeyPair } from './helpers.js';

/** A read whose spec asks for a signature, so that every recorded request carries one to redact. */
const getMarket: OperationSpec = { ...publicGetMarket, auth: true };

const keys = rsaKeyPair();
let server: MockServer;
let dir: string;

beforeAll(async () => {
  server = await startMockServer({ publicKey: keys.publicKey });
  dir = await mkdtemp(join(tmpdir(), 'kalshi-recordings-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const credentials = { apiKeyId: 'key-123', privateKey: keys.privateKey };
const order = { ticker: 'KXBTC', side: 'yes', count: 2, yes_price_dollars: '0.5600' };

/** Records a short session against the mock server and saves it. */
async function recordSession(path: string): Promise<void> {
  server.reset();
  server.route('GET', '/portfolio/balance', { json: { balance: 1000 }, headers: { 'x-request-id': 'r1' } });
  server.enqueue('GET', '/markets/{ticker}', faults.serverError(503));
  server.route('GET', '/markets/{ticker}', (req) => ({
    json: { market: { ticker: req.params.ticker, last_price_dollars: '0.5600' } },
  }));
  server.route('POST', '/portfolio/orders', (req) => ({
    status: 201,
    json: { order: { order_id: 'o-1', ...(req.json as object) } },
  }));
  const recorder = recordingTransport(undiciTransport());
  const client = core({
    baseUrl: server.url,
    transport: recorder.transport,
    retry: { baseDelayMs: 1 },
    ...credentials,
  });
  await client.request(getBalance);
  await client.request(getMarket, { ticker: 'KXBTC' });
  await client.request(createOrder, order);
  await recorder.save(path);
}

describe('record and replay', () => {
  it('records readable JSON with the timestamp and signature redacted', async () => {
    const path = join(dir, 'session.json');
    await recordSession(path);
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/^\{\n {2}"format": "kalshi-recording\/1",/);
    expect(text.endsWith('}\n')).toBe(true);
    const recording = JSON.parse(text) as Recording;
    expect(
      recording.exchanges.map((e) => `${e.request.method} ${new URL(e.request.url).pathname} ${e.response?.status}`),
    ).toEqual([
      'GET /portfolio/balance 200',
      'GET /markets/KXBTC 503',
      'GET /markets/KXBTC 200',
      'POST /portfolio/orders 201',
    ]);
    for (const { request } of recording.exchanges) {
      expect(request.headers['kalshi-access-timestamp']).toBe(REDACTED);
      expect(request.headers['kalshi-access-signature']).toBe(REDACTED);
      expect(request.headers['kalshi-access-key']).toBe('key-123');
    }
    // Bodies are JSON values, not escaped strings, so a recording reads (and diffs) like the API's documentation.
    expect(recording.exchanges[3]!.request.body).toEqual(order);
    expect(recording.exchanges[3]!.response!.body).toEqual({ order: { order_id: 'o-1', ...order } });
    const sentSignatures = server.requests.map((r) => r.headers['kalshi-access-signature']!);
    for (const signature of sentSignatures) expect(text).not.toContain(signature);
  });

  it('replays without a network: fresh timestamps and signatures still match, retries replay in order', async () => {
    const path = join(dir, 'replay.json');
    await recordSession(path);
    const replay = replayTransport(await loadRecording(path));
    const client = core({ baseUrl: server.url, transport: replay, retry: { baseDelayMs: 1 }, ...credentials });
    const seenBefore = server.requests.length;
    expect(await client.request(getBalance).withResponse()).toMatchObject({ data: { balance: 1000 }, requestId: 'r1' });
    const market = await client.request(getMarket, { ticker: 'KXBTC' }).withResponse();
    expect(market).toMatchObject({ data: { market: { ticker: 'KXBTC' } }, attempts: 2 });
    expect(await client.request(createOrder, order)).toEqual({ order: { order_id: 'o-1', ...order } });
    expect(replay.remaining()).toEqual([]);
    expect(server.requests.length).toBe(seenBefore);
  });

  it('explains a request that was not recorded', async () => {
    const path = join(dir, 'mismatch.json');
    await recordSession(path);
    const recording = await loadRecording(path);
    // The transport cannot answer, so the client reports a ConnectionError whose cause says why.
    const replayError = async (promise: Promise<unknown>) => {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).cause).toBeInstanceOf(ReplayMismatchError);
      return ((error as ConnectionError).cause as Error).message;
    };
    const client = core({ baseUrl: server.url, transport: replayTransport(recording), maxRetries: 0, ...credentials });
    expect(await replayError(client.request(createOrder, { ...order, count: 3 }))).toMatch(
      /POST .*\/portfolio\/orders: request body differs/,
    );
    expect(await replayError(client.request(getMarket, { ticker: 'OTHER' }))).toMatch(/none for this method and URL/);

    const otherKey = core({
      baseUrl: server.url,
      transport: replayTransport(recording),
      maxRetries: 0,
      ...credentials,
      apiKeyId: 'key-999',
    });
    expect(await replayError(otherKey.request(getBalance))).toMatch(
      /header kalshi-access-key is "key-999", recorded "key-123"/,
    );
    const ignoringKey = core({
      baseUrl: server.url,
      transport: replayTransport(recording, { ignoreHeaders: ['KALSHI-ACCESS-KEY'] }),
      ...credentials,
      apiKeyId: 'key-999',
    });
    await expect(ignoringKey.request(getBalance)).resolves.toEqual({ balance: 1000 });
  });

  it('records a connection failure and replays it as one', async () => {
    server.reset();
    server.route('GET', '/portfolio/balance', faults.reset());
    const recorder = recordingTransport(undiciTransport());
    const client = core({ baseUrl: server.url, transport: recorder.transport, maxRetries: 0, ...credentials });
    await expect(client.request(getBalance)).rejects.toBeInstanceOf(ConnectionError);
    const recording = recorder.recording();
    expect(recording.exchanges[0]!.response).toBeUndefined();
    expect(recording.exchanges[0]!.error).toMatchObject({ name: expect.any(String), message: expect.any(String) });

    const replayed = core({
      baseUrl: server.url,
      transport: replayTransport(recording),
      maxRetries: 0,
      ...credentials,
    });
    await expect(replayed.request(getBalance)).rejects.toBeInstanceOf(ConnectionError);
  });

  it('keeps a body that is not JSON as text', async () => {
    server.reset();
    server.route('GET', '/portfolio/balance', faults.malformedJson());
    const recorder = recordingTransport(undiciTransport());
    await core({ baseUrl: server.url, transport: recorder.transport, ...credentials })
      .request(getBalance)
      .catch(() => undefined);
    const exchange = recorder.recording().exchanges[0]!;
    expect(exchange.response).toMatchObject({ status: 200, bodyText: '{"market": {"ticker": ' });
    expect(exchange.response!.body).toBeUndefined();
  });

  it('rejects a file that is not a recording', () => {
    expect(() => parseRecording('{"exchanges": []}', 'x.json')).toThrow('x.json is not a kalshi-recording/1 recording');
  });
});
