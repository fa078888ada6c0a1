import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OperationSpec, RequestInfo } from '../../templates/runtime/core.js';
import { AuthRequiredError, ConfigError, KalshiError } from '../../templates/runtime/errors.js';
import type { Transport } from '../../templates/runtime/transport.js';
import { undiciTransport } from '../../templates/runtime/transport-undici.js';
import { faults, startMockServer, type MockServer } from '../../templates/testing/mock-server.js';
import { formatRecording, recordingTransport } from '../../templates/testing/record-replay.js';
import { core, getBalance, getMarket, rsaKeyPair } from './helpers.js';
import { thrownBy } from '../helpers/thrown.ts';

/**
 * Bearer credentials (`Authorization: Bearer <admin_user_id>:<access_token>`) for operations whose descriptor says
 * `auth: 'bearer'`, next to signed ones, against a local server.
 */

const keys = rsaKeyPair();
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ publicKey: keys.publicKey, bearer: bearerCredentials });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.route('GET', '/balance', { json: { balance: 1 } });
  server.route('POST', '/withdrawals', { status: 201, json: { id: 'w-1' } });
  server.route('GET', '/portfolio/balance', { json: { balance: 2 } });
  server.route('GET', '/markets/{ticker}', { json: { market: {} } });
});

const ADMIN_USER_ID = 'admin-4711';
const ACCESS_TOKEN = 'tok_9f8e7d6c5b4a39281706';
const HEADER = `Bearer ${ADMIN_USER_ID}:${ACCESS_TOKEN}`;
const bearerCredentials = { adminUserId: ADMIN_USER_ID, accessToken: ACCESS_TOKEN };
const signingCredentials = { apiKeyId: 'key-123', privateKey: keys.privateKey };

const getClearingBalance: OperationSpec = { id: 'GetClearingBalance', method: 'GET', path: '/balance', auth: 'bearer' };
const withdraw: OperationSpec = { id: 'Withdraw', method: 'POST', path: '/withdrawals', auth: 'bearer', body: [] };
const getSignedBalance: OperationSpec = { ...getBalance, auth: 'signed' };

const client = (options: Parameters<typeof core>[0] = {}) =>
  core({ baseUrl: server.url, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });

/** The auth headers a request arrived with (lower-case names; the mock logs Authorization redacted). */
function authHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name === 'authorization' || name.startsWith('kalshi-access-')),
  );
}

/** The Authorization header of every request the client sent, as its transport was given it. */
function sentAuthorization(): { transport: Transport; sent: (string | undefined)[] } {
  const sent: (string | undefined)[] = [];
  const inner = undiciTransport();
  return { sent, transport: (request) => (sent.push(request.headers.authorization), inner(request)) };
}

describe('bearer credentials', () => {
  it('sends exactly `Authorization: Bearer <admin_user_id>:<access_token>` on every attempt, and nothing else', async () => {
    server.enqueue('GET', '/balance', faults.serverError(503));
    const { transport, sent } = sentAuthorization();
    const bearer = client({ ...bearerCredentials, transport, maxRetries: 1 });
    expect(bearer.authenticated).toBe(true);
    expect(await bearer.request(getClearingBalance)).toEqual({ balance: 1 });
    await bearer.request(withdraw, { amount: '1.2345' });
    expect(server.requests.map((r) => authHeaders(r.headers))).toEqual(Array(3).fill({ authorization: '[redacted]' }));
    expect(server.requests.map((r) => r.bearerValid)).toEqual([true, true, true]);
    expect(sent).toEqual(Array(3).fill(HEADER));
    expect(server.requests[2]!.json).toEqual({ amount: '1.2345' });
  });

  it('reads KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN, each part overridden by its option', async () => {
    const env = { KALSHI_ADMIN_USER_ID: 'admin-env', KALSHI_ACCESS_TOKEN: 'tok-env' };
    const { transport, sent } = sentAuthorization();
    await client({ env, transport }).request(getClearingBalance);
    await client({ env, transport, adminUserId: 'admin-opt' }).request(getClearingBalance);
    await client({ env, transport, accessToken: 'tok-opt' }).request(getClearingBalance);
    expect(server.requests.map((r) => r.bearerValid)).toEqual([false, false, false]);
    expect(sent).toEqual(['Bearer admin-env:tok-env', 'Bearer admin-opt:tok-env', 'Bearer admin-env:tok-opt']);
  });

  it('leaves signed operations as they were: signed, and no Authorization even with a bearer token', async () => {
    const both = client({ ...signingCredentials, ...bearerCredentials });
    await both.request(getBalance); // auth: true
    await both.request(getSignedBalance);
    for (const request of server.requests) {
      expect(request.signatureValid).toBe(true);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['kalshi-access-key']).toBe('key-123');
    }
  });

  it('serves a spec of mixed schemes per operation: each gets its own credentials, a public one no token', async () => {
    const both = client({ ...signingCredentials, ...bearerCredentials });
    await both.request(getClearingBalance);
    await both.request(getBalance);
    await both.request(getMarket, { ticker: 'T' }); // public: no credentials, whatever the client holds
    await client(bearerCredentials).request(getMarket, { ticker: 'T' });
    const [bearer, signed, publicWithBoth, publicBare] = server.requests;
    expect(authHeaders(bearer!.headers)).toEqual({ authorization: '[redacted]' });
    expect(bearer!.bearerValid).toBe(true);
    expect(signed!.signatureValid).toBe(true);
    expect(signed!.headers.authorization).toBeUndefined();
    expect(authHeaders(publicWithBoth!.headers)).toEqual({});
    expect(authHeaders(publicBare!.headers)).toEqual({});
  });

  it('refuses, before sending, an operation whose credentials are missing, naming it and what to set', async () => {
    const signedOnly = client(signingCredentials);
    const bearerOnly = client(bearerCredentials);
    const missing = [
      [signedOnly, getClearingBalance, 'KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN'],
      [signedOnly, withdraw, 'KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN'],
      [bearerOnly, getBalance, 'KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH'],
      [bearerOnly, getSignedBalance, 'KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH'],
    ] as const;
    for (const [c, op, variables] of missing) {
      const error = await c.request(op).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthRequiredError);
      expect((error as AuthRequiredError).operationId).toBe(op.id);
      expect((error as Error).message).toMatch(new RegExp(`^${op.id} requires authentication: .*${variables}$`));
    }
    expect(server.requests).toEqual([]);
  });

  // given the two parts (options or environment), want a ConfigError saying this, never the value
  it.each([
    [{ accessToken: ACCESS_TOKEN }, 'adminUserId is missing'],
    [{ adminUserId: ADMIN_USER_ID }, 'accessToken is missing'],
    [{ env: { KALSHI_ACCESS_TOKEN: ACCESS_TOKEN } }, 'adminUserId is missing'],
    [{ adminUserId: '', accessToken: ACCESS_TOKEN }, 'adminUserId is empty'],
    [{ adminUserId: ADMIN_USER_ID, accessToken: '' }, 'accessToken is empty'],
    [{ env: { KALSHI_ADMIN_USER_ID: ADMIN_USER_ID, KALSHI_ACCESS_TOKEN: '' } }, 'KALSHI_ACCESS_TOKEN is empty'],
    [{ adminUserId: `${ADMIN_USER_ID}:${ACCESS_TOKEN}`, accessToken: ACCESS_TOKEN }, 'adminUserId contains ":"'],
    [{ adminUserId: ADMIN_USER_ID, accessToken: `${ACCESS_TOKEN}\n` }, 'accessToken contains whitespace'],
    [{ adminUserId: ADMIN_USER_ID, accessToken: ` ${ACCESS_TOKEN}` }, 'accessToken contains whitespace'],
    [{ adminUserId: `${ADMIN_USER_ID} `, accessToken: ACCESS_TOKEN }, 'adminUserId contains whitespace'],
    [{ adminUserId: ADMIN_USER_ID, accessToken: `Bearer ${ACCESS_TOKEN}` }, 'accessToken starts with "Bearer "'],
    [{ adminUserId: ADMIN_USER_ID, accessToken: `${ACCESS_TOKEN}é` }, 'accessToken contains a character that is not'],
    [{ adminUserId: ADMIN_USER_ID, accessToken: 42 as unknown as string }, 'accessToken must be a string'],
    [
      { env: { KALSHI_ADMIN_USER_ID: `${ADMIN_USER_ID}\t`, KALSHI_ACCESS_TOKEN: ACCESS_TOKEN } },
      'KALSHI_ADMIN_USER_ID contains whitespace',
    ],
  ])('refuses malformed credentials at construction: %j', (given, want) => {
    const error = thrownBy(() => client(given));
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`bearer credentials: ${want}`);
    expect(message).toContain('KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN');
    expect(message).not.toContain(ACCESS_TOKEN);
    expect(message).not.toContain(ADMIN_USER_ID);
  });

  it('never lets the token reach a hook, an error, a recording or the client object', async () => {
    const seen: unknown[] = [];
    const recorder = recordingTransport(undiciTransport());
    const c = client({
      ...bearerCredentials,
      transport: recorder.transport,
      maxRetries: 1,
      onRequest: (info) => seen.push(info),
      onResponse: (info) => seen.push(info),
      onError: (error, info) => seen.push(error, info),
    });
    // A success, a retried 5xx, a 401, a connection reset, and a write refused by the server.
    server.enqueue('GET', '/balance', faults.serverError(502));
    await c.request(getClearingBalance);
    server.enqueue('GET', '/balance', faults.unauthorized());
    seen.push(await c.request(getClearingBalance).catch((e: unknown) => e));
    server.enqueue('GET', '/balance', faults.reset(), faults.reset());
    seen.push(await c.request(getClearingBalance).catch((e: unknown) => e));
    server.enqueue('POST', '/withdrawals', { status: 400, json: { error: { code: 'bad', message: 'no' } } });
    seen.push(await c.request(withdraw, { amount: '1' }).catch((e: unknown) => e));

    expect(server.requests.map((r) => r.bearerValid)).toEqual(Array(6).fill(true));
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(Array(6).fill('[redacted]'));
    const errors = seen.filter((s) => s instanceof KalshiError);
    expect(errors.map((e) => e.name)).toEqual([
      'AuthenticationError',
      'AuthenticationError',
      'ConnectionError',
      'ConnectionError',
      'BadRequestError',
      'BadRequestError',
    ]);
    const requests = seen.filter((s): s is RequestInfo => !(s instanceof Error));
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const info of requests) expect(info.headers.authorization).toBe('[redacted]');
    expect(recorder.recording().exchanges.map((e) => e.request.headers.authorization)).toEqual(
      Array(6).fill('[redacted]'),
    );

    const captured = [
      ...seen.map((s) => inspect(s, { depth: Infinity, showHidden: true })),
      ...seen.map((s) => JSON.stringify(s)),
      ...errors.map((e) => `${e.message} ${e.stack}`),
      formatRecording(recorder.recording()),
      inspect(server.requests, { depth: Infinity }),
      inspect(c, { depth: Infinity, showHidden: true }),
      JSON.stringify(c),
    ];
    for (const text of captured) expect(text).not.toContain(ACCESS_TOKEN);
  });
});
