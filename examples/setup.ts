import { generateKeyPairSync } from 'node:crypto';
import { ENVIRONMENTS, type ConnectionOptions, type Environment } from '../generated/dist/index.js';
import { startMockExchange } from './mock-exchange.ts';

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
  const environment = process.env.KALSHI_ENV;
  if (environment === 'demo') {
    if (!process.env.KALSHI_API_KEY_ID || !(process.env.KALSHI_PRIVATE_KEY_PATH || process.env.KALSHI_PRIVATE_KEY)) {
      throw new Error(
        'KALSHI_ENV=demo needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH: a key made on demo.kalshi.co',
      );
    }
    console.log(`Kalshi demo: ${ENVIRONMENTS.demo.rest}`);
    // The client reads the key from the KALSHI_* variables.
    return { options: { environment: 'demo' }, close: async () => {} };
  }
  if (environment)
    throw new Error(
      `KALSHI_ENV=${environment}: the examples run against local mocks (KALSHI_ENV unset) or Kalshi's demo (KALSHI_ENV=demo), never production`,
    );

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
