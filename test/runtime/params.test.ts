import { describe, expect, it } from 'vitest';
import type { OperationSpec } from '../../templates/runtime/core.js';
import { InvalidParameterError } from '../../templates/runtime/errors.js';
import { core, getBalance, getMarket, json, scriptedTransport } from './helpers.js';

/* What the params object of a call may hold, and what body it makes. */

const signer = { keyId: 'k', sign: async () => 'signature' };
const getMarkets: OperationSpec = {
  id: 'GetMarkets',
  method: 'GET',
  path: '/markets',
  query: ['limit', { name: 'tickers', style: 'form', explode: false }],
  headers: ['X-Trace'],
};
const replaceThing: OperationSpec = { id: 'ReplaceThing', method: 'PUT', path: '/things/{id}', body: 'whole' };
const amendThing: OperationSpec = { id: 'AmendThing', method: 'POST', path: '/things/{id}', body: ['id'] };
const acceptThing: OperationSpec = { ...amendThing, id: 'AcceptThing', optionalBody: true };

function send(op: OperationSpec, params: object) {
  const { transport, calls } = scriptedTransport(json(200, {}));
  const result = core({ transport, signer })
    .request(op, params)
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  return { result, calls };
}

describe('a key that is no parameter of the operation', () => {
  it.each([
    [
      getMarkets,
      { limit: 5, bogus: 1 },
      'bogus',
      'GetMarkets: parameter "bogus" is unknown: GetMarkets takes limit, tickers, X-Trace',
    ],
    [
      getMarket,
      { ticker: 'KX', tickers: 'KX' },
      'tickers',
      'GetMarket: parameter "tickers" is unknown: GetMarket takes ticker',
    ],
    [
      getBalance,
      { subaccount: 0 },
      'subaccount',
      'GetBalance: parameter "subaccount" is unknown: GetBalance takes no parameters',
    ],
    // A body passed whole is `body`; its fields beside it would be lost.
    [
      replaceThing,
      { id: 't', body: {}, price: '0.56' },
      'price',
      'ReplaceThing: parameter "price" is unknown: ReplaceThing takes id, body',
    ],
  ])('is refused before sending, naming the operation and the key (%#)', async (op, params, parameter, message) => {
    const { result, calls } = send(op, params);
    const error = await result;
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ operationId: op.id, parameter, message });
    expect(calls).toHaveLength(0);
  });

  it('path, query and header parameters, a whole body, and keys left undefined are accepted', async () => {
    const calls = [
      send(getMarkets, { limit: 5, tickers: ['A', 'B'], 'X-Trace': 't', bogus: undefined }),
      send(getMarket, { ticker: 'KX' }),
      send(replaceThing, { id: 't', body: { price: '0.56' } }),
    ];
    expect(await Promise.all(calls.map((c) => c.result))).toEqual([undefined, undefined, undefined]);
    expect(calls.map((c) => c.calls[0]!.url)).toEqual([
      'http://127.0.0.1:9/trade-api/v2/markets?limit=5&tickers=A%2CB',
      'http://127.0.0.1:9/trade-api/v2/markets/KX',
      'http://127.0.0.1:9/trade-api/v2/things/t',
    ]);
  });

  it('with a spread body, every other key is a body field', async () => {
    const { result, calls } = send(amendThing, { id: 't', price: '0.56' });
    expect(await result).toBeUndefined();
    expect(calls[0]!.body).toBe('{"price":"0.56"}');
  });
});

describe('an optional body', () => {
  it('given no fields, is not sent at all: no body, no content-type', async () => {
    for (const params of [{ id: 't' }, { id: 't', note: undefined }]) {
      const { result, calls } = send(acceptThing, params);
      expect(await result).toBeUndefined();
      expect(calls[0]!.body).toBeUndefined();
      expect(calls[0]!.headers).not.toHaveProperty('content-type');
    }
  });

  it('given a field, is sent; a required body is sent even when empty', async () => {
    const optional = send(acceptThing, { id: 't', note: 'ok' });
    const required = send(amendThing, { id: 't' });
    await Promise.all([optional.result, required.result]);
    expect(optional.calls[0]!.body).toBe('{"note":"ok"}');
    expect(required.calls[0]!.body).toBe('{}');
    expect(required.calls[0]!.headers['content-type']).toBe('application/json');
  });
});
