import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestInfo, ResponseInfo } from '../../templates/runtime/core.js';
import {
  ConnectionError,
  InvalidParameterError,
  KalshiError,
  NotFoundError,
  ResponseParseError,
  ServerError,
  TimeoutError,
} from '../../templates/runtime/errors.js';
import { fetchTransport } from '../../templates/runtime/transport.js';
import { faults, startMockServer, type MockServer } from '../../templates/testing/mock-server.js';
import { core, createOrder, getBalance, getMarket, rsaKeyPair } from './helpers.js';

const keys = rsaKeyPair();
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ publicKey: keys.publicKey, basePath: '/trade-api/v2' });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const signedClient = (options: Parameters<typeof core>[0] = {}) =>
  core({
    baseUrl: server.url,
    apiKeyId: 'key-123',
    privateKey: keys.privateKey,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });

describe('against the local mock server', () => {
  it('signs every retry afresh: distinct timestamps, each signature valid', async () => {
    // Waits of 2 ms guarantee distinct millisecond timestamps; a zero wait could legitimately reuse one.
    const wait = { 'retry-after-ms': '2' };
    server.enqueue(
      'GET',
      '/portfolio/balance',
      { ...faults.serverError(503), headers: wait },
      faults.rateLimited('0.002'),
      { ...faults.serverError(502), headers: wait },
    );
    server.route('GET', '/portfolio/balance', { json: { balance: 1000 } });
    const client = signedClient({ maxRetries: 3 });
    const response = await client.request<{ balance: number }>(getBalance).withResponse();
    expect(response.data).toEqual({ balance: 1000 });
    expect(response.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    expect(server.requests.map((r) => r.signatureValid)).toEqual([true, true, true, true]);
    const timestamps = server.requests.map((r) => r.headers['kalshi-access-timestamp']);
    expect(new Set(timestamps).size).toBe(4);
    expect(server.requests.map((r) => r.headers['kalshi-access-key'])).toEqual(Array(4).fill('key-123'));
  });

  it('signs the full path, base path included, without the query string', async () => {
    server.route('GET', '/markets/{ticker}', (req) => ({
      json: { ticker: req.params.ticker, limit: req.query.get('depth') },
    }));
    const op = { ...getMarket, auth: true, query: ['depth'] };
    const body = await signedClient().request(op, { ticker: 'KX BTC', depth: 5 });
    expect(body).toEqual({ ticker: 'KX BTC', limit: '5' });
    expect(server.requests[0]!.url).toBe('/trade-api/v2/markets/KX%20BTC?depth=5');
    expect(server.requests[0]!.signatureValid).toBe(true);
  });

  it('does not resend a POST after a 503 (orders are not idempotent)', async () => {
    server.enqueue('POST', '/portfolio/orders', faults.serverError(503));
    server.route('POST', '/portfolio/orders', { status: 201, json: { order: { order_id: 'o1' } } });
    const error = await signedClient({ maxRetries: 5 })
      .request(createOrder, { ticker: 'KXBTC', count: 1, yes_price_dollars: '0.5600' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.json).toEqual({ ticker: 'KXBTC', count: 1, yes_price_dollars: '0.5600' });
  });

  describe('header parameters', () => {
    // A write with a required and an optional header parameter, a query parameter and a spread body.
    const amend = {
      id: 'AmendThing',
      method: 'POST',
      path: '/things/{id}',
      auth: true,
      query: ['dry_run'],
      headers: ['Idempotency-Key', 'X-Trace'],
      required: ['id', 'Idempotency-Key'],
      body: ['id', 'dry_run', 'Idempotency-Key', 'X-Trace'],
    } as const;

    it('sends each one given under the spec’s header name, and not in the query or body', async () => {
      server.route('POST', '/things/{id}', { json: {} });
      await signedClient().request(amend, {
        id: 't1',
        dry_run: true,
        'Idempotency-Key': 'k-1',
        'X-Trace': ['a', 'b'],
        price: '0.5600',
      });
      await signedClient().request(amend, { id: 't2', 'Idempotency-Key': 0 });
      const [both, requiredOnly] = server.requests;
      expect(both!.headers['idempotency-key']).toBe('k-1');
      expect(both!.headers['x-trace']).toBe('a,b');
      expect(both!.url).toBe('/trade-api/v2/things/t1?dry_run=true');
      expect(both!.json).toEqual({ price: '0.5600' });
      expect(both!.signatureValid).toBe(true);
      expect(requiredOnly!.headers['idempotency-key']).toBe('0');
      expect(requiredOnly!.headers).not.toHaveProperty('x-trace');
      expect(requiredOnly!.json).toEqual({});
    });

    it('a missing required one, or one HTTP cannot carry, fails before sending, naming operation and parameter', async () => {
      const missing = await signedClient()
        .request(amend, { id: 't1', 'X-Trace': 'x' })
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(InvalidParameterError);
      expect(missing).toMatchObject({ operationId: 'AmendThing', parameter: 'Idempotency-Key' });
      expect((missing as Error).message).toBe('AmendThing: parameter "Idempotency-Key" is required');
      const invalid = await signedClient()
        .request(amend, { id: 't1', 'Idempotency-Key': 'k', 'X-Trace': 'a\r\nX-Injected: 1' })
        .catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(InvalidParameterError);
      expect(invalid).toMatchObject({ operationId: 'AmendThing', parameter: 'X-Trace' });
      expect(server.requests).toHaveLength(0);
    });
  });

  it('reports a reset connection as ConnectionError after the retries', async () => {
    server.route('GET', '/portfolio/balance', faults.reset());
    const error = await signedClient({ maxRetries: 1 })
      .request(getBalance)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  // Node's global fetch wraps undici's error in a TypeError whose cause says what happened.
  describe.each([
    ['undici', undefined],
    ['fetch', fetchTransport()],
  ])('a failed order over %s', (_, transport) => {
    const order = { ticker: 'KXA', side: 'yes', action: 'buy', count: 1 };

    it('reset after the request was sent: not re-sent, and flagged as possibly executed like a timeout', async () => {
      server.route('POST', '/portfolio/orders', faults.reset());
      const error = await signedClient({ transport, maxRetries: 3 })
        .request(createOrder, order)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ mayHaveExecuted: true, attempts: 1 });
      expect((error as Error).message).toMatch(/it may still have been executed: check before sending it again$/);
      expect(server.requests.map((r) => r.json)).toEqual([order]);
    });

    it('refused before anything was sent: not flagged', async () => {
      const closed = await startMockServer();
      await closed.close();
      const error = await signedClient({ transport, baseUrl: `${closed.url}/trade-api/v2` })
        .request(createOrder, order)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ mayHaveExecuted: false, attempts: 1 });
      expect((error as Error).message).toMatch(/connection failed \(ECONNREFUSED\)$/);
    });
  });

  it('a reset GET is not flagged: it changes nothing', async () => {
    server.route('GET', '/portfolio/balance', faults.reset());
    const error = await signedClient({ maxRetries: 0 })
      .request(getBalance)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConnectionError', mayHaveExecuted: false });
  });

  it('times out a slow answer', async () => {
    server.route('GET', '/portfolio/balance', faults.slow(2_000, { json: { balance: 1 } }));
    const started = Date.now();
    const error = await signedClient({ maxRetries: 0, timeout: 100 })
      .request(getBalance)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a timed-out order is not re-sent and the error says it may have been executed', async () => {
    server.route('POST', '/portfolio/orders', faults.slow(2_000, { status: 201, json: { order: {} } }));
    const error = await signedClient({ maxRetries: 3, timeout: 100 })
      .request(createOrder, { ticker: 'KXA', side: 'yes', action: 'buy', count: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ mayHaveExecuted: true, attempts: 1 });
    expect((error as Error).message).toMatch(/it may still have been executed: check before sending it again$/);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('times out a body that stops arriving after the headers', async () => {
    server.route('GET', '/portfolio/balance', faults.stalledBody());
    const started = Date.now();
    const error = await signedClient({ maxRetries: 1, timeout: 150 })
      .request(getBalance)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150, attempts: 2, mayHaveExecuted: false });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a caller abort cuts a request in flight at once, without retrying', async () => {
    server.route('GET', '/portfolio/balance', faults.slow(5_000, { json: { balance: 1 } }));
    const controller = new AbortController();
    const pending = signedClient({ maxRetries: 3 })
      .request(getBalance, {}, { signal: controller.signal })
      .catch((e: unknown) => e);
    // Abort once the server holds the request (a fixed delay raced signing on a busy machine).
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const aborted = Date.now();
    controller.abort(new Error('shutting down'));
    const error = await pending;
    expect((error as Error).message).toBe('shutting down');
    expect(Date.now() - aborted).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    server.route('GET', '/portfolio/balance', { json: { balance: 1 } });
    const error = await signedClient()
      .request(getBalance, {}, { signal: AbortSignal.abort(new Error('too late')) })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('too late');
    expect(server.requests).toHaveLength(0);
  });

  it('answers within the timeout when the server is only a little slow', async () => {
    server.route('GET', '/portfolio/balance', faults.slow(50, { json: { balance: 7 } }));
    await expect(signedClient({ timeout: 2_000 }).request(getBalance)).resolves.toEqual({ balance: 7 });
  });

  it('reports malformed JSON as ResponseParseError without retrying', async () => {
    server.route('GET', '/portfolio/balance', faults.malformedJson());
    const error = await signedClient()
      .request(getBalance)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect((error as ResponseParseError).bodyText).toBe('{"market": {"ticker": ');
    expect(server.requests).toHaveLength(1);
  });

  it('answers 401 to unsigned requests when told to require signatures', async () => {
    const strict = await startMockServer({ publicKey: keys.publicKey, requireSignature: true });
    try {
      strict.route('GET', '/portfolio/balance', { json: { balance: 1 } });
      const unsigned = core({ baseUrl: strict.url });
      const forged = core({
        baseUrl: strict.url,
        signer: { keyId: 'k', sign: async () => Buffer.from('forged').toString('base64') },
      });
      await expect(unsigned.request({ ...getBalance, auth: false })).rejects.toMatchObject({ status: 401 });
      await expect(forged.request(getBalance)).rejects.toMatchObject({ status: 401 });
      expect(strict.requests.map((r) => r.signatureValid)).toEqual([false, false]);
    } finally {
      await strict.close();
    }
  });

  it('withResponse gives status, headers and request id; hooks see no key material', async () => {
    server.enqueue('GET', '/portfolio/balance', faults.serverError(502));
    server.route('GET', '/portfolio/balance', { json: { balance: 5 }, headers: { 'x-request-id': 'req-42' } });
    const seen: { requests: RequestInfo[]; responses: ResponseInfo[]; errors: KalshiError[] } = {
      requests: [],
      responses: [],
      errors: [],
    };
    const client = signedClient({
      onRequest: (info) => seen.requests.push(info),
      onResponse: (info) => seen.responses.push(info),
      onError: (error) => seen.errors.push(error),
    });
    const response = await client.request(getBalance).withResponse();
    expect(response).toMatchObject({ data: { balance: 5 }, status: 200, requestId: 'req-42', attempts: 2 });
    expect(response.headers['content-type']).toBe('application/json');
    expect(seen.requests.map((r) => r.attempt)).toEqual([1, 2]);
    expect(seen.responses.map((r) => r.status)).toEqual([502, 200]);
    expect(seen.responses[1]!.requestId).toBe('req-42');
    const everything = JSON.stringify(seen);
    const sentSignature = server.requests[1]!.headers['kalshi-access-signature']!;
    expect(everything).not.toContain(sentSignature);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain(keys.privateKey.split('\n')[1]);

    server.route('GET', '/markets/{ticker}', {
      status: 404,
      json: { error: { code: 'not_found', message: 'no such market' } },
    });
    await expect(client.request(getMarket, { ticker: 'NOPE' })).rejects.toBeInstanceOf(NotFoundError);
    expect(seen.errors.map((e) => e.name)).toEqual(['NotFoundError']);
  });

  it('a throwing hook does not break the request', async () => {
    server.route('GET', '/portfolio/balance', { json: { balance: 3 } });
    const client = signedClient({
      onRequest: () => {
        throw new Error('logger down');
      },
      onResponse: () => {
        throw new Error('metrics down');
      },
    });
    await expect(client.request(getBalance)).resolves.toEqual({ balance: 3 });
  });
});
