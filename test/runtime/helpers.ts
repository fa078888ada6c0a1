import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, vi } from 'vitest';
import { KalshiCore, type ClientOptions, type OperationSpec } from '../../templates/runtime/core.js';
import { nodePlatform } from '../../templates/runtime/platform-node.js';
import { withTimeout, type HttpRequest, type HttpResponse, type Transport } from '../../templates/runtime/transport.js';
import { TEST_PRODUCT } from '../helpers/product.ts';

/** A fresh RSA key pair in PEM, as Kalshi issues them. */
export function rsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

export const getMarket: OperationSpec = {
  id: 'GetMarket',
  method: 'GET',
  path: '/markets/{ticker}',
  auth: false,
  required: ['ticker'],
};
export const getBalance: OperationSpec = { id: 'GetBalance', method: 'GET', path: '/portfolio/balance', auth: true };
export const createOrder: OperationSpec = {
  id: 'CreateOrder',
  method: 'POST',
  path: '/portfolio/orders',
  auth: true,
  body: [],
};

/** A core that ignores the process environment. */
export function core(options: ClientOptions): KalshiCore {
  return new KalshiCore(
    { env: {}, baseUrl: 'http://127.0.0.1:9/trade-api/v2', ...options },
    nodePlatform,
    TEST_PRODUCT,
  );
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/**
 * A transport that answers from a script (one entry per call; the last repeats) and records what it was sent.
 * Like every transport it enforces the timeout: a scripted function sees the signal that aborts on it.
 */
export function scriptedTransport(
  ...script: (HttpResponse | Error | ((request: HttpRequest) => Promise<HttpResponse>))[]
) {
  const calls: (HttpRequest & { at: number })[] = [];
  const transport: Transport = (request) => {
    calls.push({ ...request, at: Date.now() });
    const step = script[Math.min(calls.length, script.length) - 1]!;
    return withTimeout(request, async (signal) => {
      if (step instanceof Error) throw step;
      return typeof step === 'function' ? step({ ...request, signal }) : step;
    });
  };
  return { transport, calls };
}

/** A connection reset as undici reports it. */
export function connectionReset(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

/** Fake timers, with full jitter pinned to its ceiling so every backoff delay is exact. */
export function useExactBackoff(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}
