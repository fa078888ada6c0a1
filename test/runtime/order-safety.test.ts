import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OperationSpec } from '../../templates/runtime/core.js';
import { AlreadyAcceptedError, ConflictError } from '../../templates/runtime/errors.js';
import { faults, startMockServer, type MockServer } from '../../templates/testing/mock-server.js';
import { core, createOrder, rsaKeyPair } from './helpers.js';

/*
 * A write retried because the call opted in (`idempotent: true`) can meet its own earlier success: the first attempt
 * was placed, its answer lost, and Kalshi refuses the retry as a duplicate. That must not read as a failure.
 */

const keys = rsaKeyPair();
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ publicKey: keys.publicKey, basePath: '/trade-api/v2' });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const client = () =>
  core({ baseUrl: server.url, apiKeyId: 'key-1', privateKey: keys.privateKey, retry: { baseDelayMs: 5 } });

const createOrderV2: OperationSpec = { ...createOrder, id: 'CreateOrderV2', idempotencyKey: 'client_order_id' };
const order = { ticker: 'KXBTC-25', side: 'bid', count: '1.00', price: '0.5600', client_order_id: 'c-42' };
const duplicate = {
  status: 409,
  json: { error: { code: 'order_already_exists', message: 'an order with this client_order_id exists' } },
};

describe('a 409 to an opted-in retry of a write', () => {
  it('says that an earlier attempt was accepted, and gives the key to look it up by', async () => {
    // The first attempt is read in full, then its connection is reset: placed, but the answer is lost.
    server.enqueue('POST', '/portfolio/orders', faults.reset(), duplicate);
    const error = await client()
      .request(createOrderV2, order, { idempotent: true })
      .catch((e: unknown) => e);
    expect(server.requests.map((r) => r.json)).toEqual([order, order]);
    expect(error).toBeInstanceOf(AlreadyAcceptedError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      name: 'AlreadyAcceptedError',
      status: 409,
      code: 'order_already_exists',
      attempts: 2,
      earlierAttemptAccepted: true,
      mayHaveExecuted: true,
      idempotencyKey: { name: 'client_order_id', value: 'c-42' },
    });
    expect((error as Error).message).toBe(
      'CreateOrderV2 (POST /trade-api/v2/portfolio/orders) failed with HTTP 409 order_already_exists: an order ' +
        'with this client_order_id exists after 2 attempts; an earlier attempt of this call was accepted (409 on ' +
        'retry attempt 2); look it up by client_order_id=c-42 before sending again',
    );
  });

  it('a body passed whole carries the key too; without a key the message still says to look it up', async () => {
    const whole: OperationSpec = { ...createOrderV2, body: 'whole' };
    server.enqueue('POST', '/portfolio/orders', faults.reset(), duplicate, faults.reset(), duplicate);
    const withKey = await client()
      .request(whole, { body: order }, { idempotent: true })
      .catch((e: unknown) => e);
    expect(withKey).toMatchObject({ idempotencyKey: { name: 'client_order_id', value: 'c-42' } });
    const { client_order_id: _, ...unkeyed } = order;
    const withoutKey = await client()
      .request(createOrderV2, unkeyed, { idempotent: true })
      .catch((e: unknown) => e);
    expect(withoutKey).toBeInstanceOf(AlreadyAcceptedError);
    expect(withoutKey).toMatchObject({ idempotencyKey: undefined, earlierAttemptAccepted: true });
    expect((withoutKey as Error).message).toMatch(/; look it up before sending again$/);
  });

  it('a 409 to the first attempt stays a plain ConflictError', async () => {
    server.route('POST', '/portfolio/orders', duplicate);
    const error = await client()
      .request(createOrderV2, order, { idempotent: true })
      .catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).not.toBeInstanceOf(AlreadyAcceptedError);
    expect(error).toMatchObject({ name: 'ConflictError', attempts: 1 });
    expect(error).not.toHaveProperty('earlierAttemptAccepted');
  });
});
