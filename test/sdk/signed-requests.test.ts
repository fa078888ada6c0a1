import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, startMockServer, type MockServer } from '../../templates/testing/mock-server.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';

// The compiled SDK, imported as a user would: plain ESM JavaScript from dist/.
type Sdk = typeof import('../../generated/src/index.ts');

let sdk: Sdk;
let out: string;
let cleanup: () => Promise<void>;
let server: MockServer;

beforeAll(async () => {
  ({ out, cleanup } = await generateForTest('signed-requests'));
  sdk = (await import(pathToFileURL(join(out, 'dist/index.js')).href)) as Sdk;
  server = await startMockServer({ publicKey: testKeys.publicKeyPem, basePath: '/trade-api/v2' });
});
afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

function client(options: Partial<ConstructorParameters<Sdk['KalshiClient']>[0]> = {}) {
  return new sdk.KalshiClient({
    baseUrl: `${server.url}`,
    apiKeyId: testKeys.keyId,
    privateKey: testKeys.privateKeyPem,
    env: {},
    ...options,
  });
}

describe('generated client against a local server that verifies every signature', () => {
  it('public GET with an array query: repeated keys, undefined omitted, 0/false/"" kept, unsigned though the client can sign', async () => {
    server.route('GET', '/live_data/batch', { json: { live_datas: [] } });
    server.route('GET', '/events', { json: { events: [], cursor: '' } });
    await client().getLiveDatas({ milestone_ids: ['m 1', 'm/2'] });
    await client().getEvents({ limit: 0, with_nested_markets: false, series_ticker: '', status: undefined });
    const [live, events] = server.requests.slice(-2);
    expect(live!.method).toBe('GET');
    expect(live!.url).toBe('/trade-api/v2/live_data/batch?milestone_ids=m%201&milestone_ids=m%2F2');
    expect(live!.query.getAll('milestone_ids')).toEqual(['m 1', 'm/2']);
    // The spec asks for no credentials: none is sent, so a public call never carries the key's signature.
    expect(live!.headers['kalshi-access-signature']).toBeUndefined();
    expect(live!.headers['kalshi-access-key']).toBeUndefined();
    expect(events!.url).toBe('/trade-api/v2/events?limit=0&with_nested_markets=false&series_ticker=');
  });

  it('public GET works without credentials and sends no auth headers', async () => {
    server.route('GET', '/markets', { json: { markets: [{ ticker: 'A' }], cursor: '' } });
    const anonymous = new sdk.KalshiClient({ baseUrl: server.url, env: {} });
    const page = await anonymous.getMarkets({ status: 'open' });
    expect(page.markets).toEqual([{ ticker: 'A' }]);
    const seen = server.requests.at(-1)!;
    expect(seen.headers['kalshi-access-key']).toBeUndefined();
    expect(seen.headers['kalshi-access-signature']).toBeUndefined();
  });

  it('percent-encodes path parameters and signs the encoded path', async () => {
    server.route('GET', '/portfolio/orders/{order_id}', (req) => ({
      json: { order: { order_id: req.params.order_id } },
    }));
    const id = 'KX/ODD ID?&#%';
    const result = await client().getOrder({ order_id: id });
    expect(result.order.order_id).toBe(id);
    const seen = server.requests.at(-1)!;
    expect(seen.url).toBe('/trade-api/v2/portfolio/orders/KX%2FODD%20ID%3F%26%23%25');
    expect(seen.signatureValid).toBe(true);
  });

  it('POST sends the body fields as JSON, without path or query parameters', async () => {
    server.route('POST', '/portfolio/events/orders', (req) => {
      const { client_order_id, count } = req.json as { client_order_id: string; count: string };
      return { status: 201, json: { order_id: 'o-1', client_order_id, fill_count: '0.00', remaining_count: count } };
    });
    const order = {
      ticker: 'KXBTC-25',
      side: 'bid',
      count: '3.00',
      price: '0.5600',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
      client_order_id: 'c-1',
    } as const;
    const result = await client().createOrderV2(order);
    expect(result).toMatchObject({ order_id: 'o-1', client_order_id: 'c-1', remaining_count: '3.00' });
    const seen = server.requests.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.json).toEqual(order);
    expect(seen.signatureValid).toBe(true);
  });

  it('an order retried after a lost answer and refused as a duplicate says it was placed, naming its client_order_id', async () => {
    server.enqueue('POST', '/portfolio/events/orders', faults.reset(), {
      status: 409,
      json: { error: { code: 'order_already_exists', message: 'order already exists' } },
    });
    const order = {
      ticker: 'KXBTC-25',
      side: 'bid',
      count: '1.00',
      price: '0.5600',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
      client_order_id: 'c-9',
    } as const;
    const error = await client({ retry: { baseDelayMs: 5 } })
      .createOrderV2(order, { idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.AlreadyAcceptedError);
    expect(error).toBeInstanceOf(sdk.ConflictError);
    expect(error).toMatchObject({
      earlierAttemptAccepted: true,
      mayHaveExecuted: true,
      idempotencyKey: { name: 'client_order_id', value: 'c-9' },
    });
    expect((error as Error).message).toMatch(/look it up by client_order_id=c-9 before sending again$/);
    expect(server.requests.slice(-2).map((r) => r.json)).toEqual([order, order]);
  });

  it("configures its rate limiter from the account's limits and endpoint costs, and charges each call its cost", async () => {
    server.route('GET', '/account/limits', {
      json: {
        usage_tier: 'advanced',
        read: { refill_rate: 300, bucket_capacity: 300 },
        write: { refill_rate: 300, bucket_capacity: 600 },
        grants: [],
      },
    });
    server.route('GET', '/account/endpoint_costs', {
      json: {
        default_cost: 10,
        endpoint_costs: [{ method: 'DELETE', path: '/trade-api/v2/portfolio/events/orders/batched', cost: 3 }],
      },
    });
    server.route('DELETE', '/portfolio/events/orders/batched', { json: { orders: [] } });
    server.route('POST', '/portfolio/events/orders', { status: 201, json: { order_id: 'o-2' } });
    // Time stands still, so the buckets show exactly what was taken.
    const clock = { now: () => 0, setTimeout, clearTimeout: (t: unknown) => clearTimeout(t as NodeJS.Timeout) };
    const rateLimiter = await sdk.createAccountRateLimiter(client(), { clock });
    expect([rateLimiter.read.capacity, rateLimiter.write.rate, rateLimiter.write.capacity]).toEqual([300, 300, 600]);

    const trader = client({ rateLimiter });
    await trader.batchCancelOrdersV2({ orders: [{ order_id: 'a' }, { order_id: 'b' }] });
    expect(rateLimiter.write.available).toBe(600 - 6); // listed: 3 per cancelled order
    await trader.createOrderV2({
      ticker: 'KXBTC-25',
      side: 'ask',
      count: '1.00',
      price: '0.9900',
      time_in_force: 'immediate_or_cancel',
      self_trade_prevention_type: 'maker',
      client_order_id: 'c-2',
    });
    expect(rateLimiter.write.available).toBe(600 - 6 - 10); // not listed: the default 10
    // The account calls went through a client without a limiter, so the read bucket is untouched.
    expect(rateLimiter.read.available).toBe(300);
  });

  it('PUT with a path parameter and a body', async () => {
    server.route('PUT', '/portfolio/order_groups/{id}/limit', { json: {} });
    await client().updateOrderGroupLimit({ order_group_id: 'g 1', contracts_limit: 10 });
    const seen = server.requests.at(-1)!;
    expect(seen.method).toBe('PUT');
    expect(seen.url).toBe('/trade-api/v2/portfolio/order_groups/g%201/limit');
    expect(seen.json).toEqual({ contracts_limit: 10 });
    expect(seen.signatureValid).toBe(true);
  });

  it('POST whose optional body is given no fields sends no body and no content-type', async () => {
    server.route('POST', '/communications/block-trade-proposals/{id}/accept', { json: {} });
    await client().acceptBlockTradeProposal({ block_trade_proposal_id: 'p-1' });
    const seen = server.requests.at(-1)!;
    expect(seen.url).toBe('/trade-api/v2/communications/block-trade-proposals/p-1/accept');
    expect(seen.body).toBe('');
    expect(seen.headers).not.toHaveProperty('content-type');
    expect(seen.signatureValid).toBe(true);
  });

  it('DELETE with a query parameter and no body', async () => {
    server.route('DELETE', '/portfolio/orders/{id}', { json: { order: { order_id: 'o-1' }, reduced_by: 1 } });
    await client().cancelOrder({ order_id: 'o-1', subaccount: 0 });
    const seen = server.requests.at(-1)!;
    expect(seen.method).toBe('DELETE');
    expect(seen.url).toBe('/trade-api/v2/portfolio/orders/o-1?subaccount=0');
    expect(seen.body).toBe('');
    expect(seen.signatureValid).toBe(true);
  });

  it('throws AuthRequiredError before sending anything when a secured operation has no credentials', async () => {
    const before = server.requests.length;
    const anonymous = new sdk.KalshiClient({ baseUrl: server.url, env: {} });
    await expect(anonymous.getBalance()).rejects.toBeInstanceOf(sdk.AuthRequiredError);
    await expect(anonymous.getBalance()).rejects.toThrow('GetBalance requires authentication');
    expect(server.requests.length).toBe(before);
  });

  it('maps HTTP errors to typed errors carrying operation, status and Kalshi code, never the key or signature', async () => {
    server.route('GET', '/markets/{ticker}', {
      status: 404,
      json: { error: { code: 'not_found', message: 'market not found' } },
    });
    const error = await client()
      .getMarket({ ticker: 'NOPE' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.NotFoundError);
    expect(error).toMatchObject({
      operationId: 'GetMarket',
      method: 'GET',
      path: '/trade-api/v2/markets/NOPE',
      status: 404,
      code: 'not_found',
    });
    expect((error as Error).message).toBe(
      'GetMarket (GET /trade-api/v2/markets/NOPE) failed with HTTP 404 not_found: market not found',
    );
    const dump =
      JSON.stringify(error) + String((error as Error).stack) + JSON.stringify(Object.entries(error as object));
    expect(dump).not.toContain(server.requests.at(-1)!.headers['kalshi-access-signature']);
    expect(dump).not.toContain(testKeys.privateKeyPem.split('\n')[1]);
  });

  it('names the operation and parameter when a JavaScript caller omits a required one', async () => {
    const call = (client().getMarket as (p: object) => Promise<unknown>)({});
    await expect(call).rejects.toThrow('GetMarket: parameter "ticker" is required');
  });

  it('refuses a key that is none of the operation’s parameters, before sending', async () => {
    const before = server.requests.length;
    const error = await client()
      .getMarkets({ status: 'open', bogus: 1 } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.InvalidParameterError);
    expect(error).toMatchObject({ operationId: 'GetMarkets', parameter: 'bogus' });
    expect((error as Error).message).toMatch(
      /^GetMarkets: parameter "bogus" is unknown: GetMarkets takes .*\bstatus\b/,
    );
    expect(server.requests.length).toBe(before);
  });

  it('rejects a malformed or encrypted PEM at construction with what to fix', () => {
    expect(() => client({ privateKey: 'not a key' })).toThrow(/privateKey is not a PEM private key/);
    expect(() =>
      client({ privateKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----' }),
    ).toThrow(/encrypted with a passphrase; decrypt it once with "openssl pkey/);
    expect(() =>
      client({ privateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----' }),
    ).toThrow(/could not be parsed/);
  });

  it('signs with WebCrypto through the same interface (browser/edge signer, PKCS#1 key wrapped to PKCS#8)', async () => {
    server.route('GET', '/portfolio/balance', { json: { balance: 100 } });
    const signer = new sdk.WebCryptoSigner(testKeys.keyId, testKeys.privateKeyPem);
    const web = new sdk.KalshiClient({ baseUrl: server.url, signer, transport: sdk.fetchTransport(), env: {} });
    expect(await web.getBalance()).toEqual({ balance: 100 });
    expect(server.requests.at(-1)!.signatureValid).toBe(true);
  });

  it('a plain Node script importing the compiled output lists markets with credentials from the environment', async () => {
    server.reset();
    server.route('GET', '/markets', { json: { markets: [{ ticker: 'KXA', yes_bid_dollars: '0.5600' }], cursor: '' } });
    server.route('GET', '/portfolio/balance', { json: { balance: 100 } });
    const keyFile = join(out, 'test-key.pem');
    await writeFile(keyFile, testKeys.privateKeyPem);
    const script = join(out, 'list-markets.mjs');
    await writeFile(
      script,
      `import { KalshiClient } from './dist/index.js';\n` +
        `const client = new KalshiClient();\n` +
        `const { markets } = await client.getMarkets({ status: 'open' });\n` +
        `for (const m of markets) console.log(m.ticker, m.yes_bid_dollars);\n` +
        `console.log((await client.getBalance()).balance);\n`,
    );
    const output = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [script], {
        env: {
          PATH: process.env.PATH,
          KALSHI_BASE_URL: server.url,
          KALSHI_API_KEY_ID: testKeys.keyId,
          KALSHI_PRIVATE_KEY_PATH: keyFile,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(output.stderr).toBe('');
    expect(output.stdout).toBe('KXA 0.5600\n100\n');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/trade-api/v2/markets?status=open',
      '/trade-api/v2/portfolio/balance',
    ]);
    // The markets are public: no credentials. The balance is signed with the key from the environment.
    expect(server.requests[0]!.headers['kalshi-access-key']).toBeUndefined();
    expect(server.requests[1]!.signatureValid).toBe(true);
    expect(server.requests[1]!.headers['kalshi-access-key']).toBe(testKeys.keyId);
  });
});
