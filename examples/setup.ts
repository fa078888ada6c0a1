import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ENVIRONMENTS, type ConnectionOptions, type Environment } from '../generated/dist/index.js';
import { ENVIRONMENTS as KLEAR_ENVIRONMENTS } from '../generated/dist/klear/index.js';
import { ENVIRONMENTS as PERPS_ENVIRONMENTS } from '../generated/dist/perps/index.js';
import { klear, perps } from '../generated/dist/testing/index.js';
import { KLEAR_BALANCES, seedPerpsMock, startMockExchange } from './mock-exchange.ts';

/**
 * Where the examples run. By default against local mock servers, so they work offline with nothing to set up; with
 * KALSHI_ENV=demo against Kalshi's demo exchange (fake money), signed with your KALSHI_API_KEY_ID and
 * KALSHI_PRIVATE_KEY_PATH. Never against production: the examples place orders.
 */
export interface Session {
  /** Options for `new KalshiClient(…)` and `new KalshiWebSocket(…)`. */
  readonly options: ConnectionOptions<Environment>;
  /** Stops the mock servers (nothing to stop on demo). */
  close(): Promise<void>;
}

export async function openSession(): Promise<Session> {
  if (onDemo('signed')) {
    console.log(`Kalshi demo: ${ENVIRONMENTS.demo.rest}`);
    // The client reads the key from the KALSHI_* variables.
    return { options: { environment: 'demo' }, close: async () => {} };
  }
  // A throwaway key: the mocks check signatures against its public half.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exchange = await startMockExchange(publicKey);
  console.log(`local mock servers: ${exchange.restUrl} and ${exchange.wsUrl}`);
  return {
    // `env: {}`: ignore any KALSHI_* variables, so nothing points the client elsewhere.
    options: { baseUrl: exchange.restUrl, wsUrl: exchange.wsUrl, apiKeyId: 'example-key', privateKey, env: {} },
    close: () => exchange.close(),
  };
}

/**
 * The same for Perps: on demo with the same API key variables; offline against the SDK's generated Perps mock
 * (`perps.startMockExchange` from `kalshi-sdk/testing`), which checks signatures, with the markets, book and
 * orders of mock-exchange.ts over its sample answers.
 */
export async function openPerpsSession(): Promise<Session> {
  if (onDemo('signed')) {
    console.log(`Kalshi Perps demo: ${PERPS_ENVIRONMENTS.demo.rest}`);
    return { options: { environment: 'demo' }, close: async () => {} };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exchange = await perps.startMockExchange({ publicKey });
  seedPerpsMock(exchange.rest);
  console.log(`local Perps mock: ${exchange.restUrl}`);
  return {
    options: { baseUrl: exchange.restUrl, wsUrl: exchange.wsUrl, apiKeyId: 'example-key', privateKey, env: {} },
    close: () => exchange.close(),
  };
}

/**
 * The same for Klear, whose operations take a bearer token instead of a signature: on demo from
 * KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN; offline against the SDK's generated Klear mock, which checks a
 * throwaway token and serves the balances of mock-exchange.ts.
 */
export async function openKlearSession(): Promise<Session> {
  if (onDemo('bearer')) {
    console.log(`Klear demo: ${KLEAR_ENVIRONMENTS.demo.rest}`);
    return { options: { environment: 'demo' }, close: async () => {} };
  }
  const bearer = { adminUserId: 'example-admin', accessToken: randomUUID() };
  const exchange = await klear.startMockExchange({ bearer });
  for (const [path, json] of Object.entries(KLEAR_BALANCES)) exchange.rest.route('GET', path, { json });
  console.log(`local Klear mock: ${exchange.restUrl}`);
  return { options: { baseUrl: exchange.restUrl, ...bearer, env: {} }, close: () => exchange.close() };
}

/** Whether KALSHI_ENV asks for demo, whose credentials must then be set; refuses any other environment. */
function onDemo(credentials: 'signed' | 'bearer'): boolean {
  const environment = process.env.KALSHI_ENV;
  if (environment === 'demo') {
    const env = process.env;
    if (credentials === 'signed' && !(env.KALSHI_API_KEY_ID && (env.KALSHI_PRIVATE_KEY_PATH || env.KALSHI_PRIVATE_KEY)))
      throw new Error(
        'KALSHI_ENV=demo needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH: a key made on demo.kalshi.co',
      );
    if (credentials === 'bearer' && !(env.KALSHI_ADMIN_USER_ID && env.KALSHI_ACCESS_TOKEN))
      throw new Error('KALSHI_ENV=demo needs KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN for Klear');
    return true;
  }
  if (environment)
    throw new Error(
      `KALSHI_ENV=${environment}: the examples run against local mocks (KALSHI_ENV unset) or Kalshi's demo (KALSHI_ENV=demo), never production`,
    );
  return false;
}
