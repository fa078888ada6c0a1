import { describe, expect, it } from 'vitest';
import { operationCredential } from '../../generator/model/credentials.ts';
import type { OperationCredential } from '../../generator/model/types.ts';
import { model, openapiDoc } from '../helpers/spec.ts';

/*
 * Each operation's credentials from its own security requirements, in a spec that mixes Kalshi's signed apiKey
 * headers, an http bearer token and schemes the runtime cannot send.
 */

const SCHEMES = {
  key: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-KEY' },
  signature: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-SIGNATURE' },
  token: { type: 'http', scheme: 'Bearer', bearerFormat: 'admin_user_id:access_token' },
  basic: { type: 'http', scheme: 'basic' },
  oauth: { type: 'oauth2', flows: {} },
  cookie: { type: 'apiKey', in: 'cookie', name: 'session' },
};

/** A spec with one GET operation per entry, each with its own `security`, and `security` at the top when given. */
function spec(operations: Record<string, object[] | undefined>, topLevel?: object[]) {
  const paths = Object.fromEntries(
    Object.entries(operations).map(([id, security]) => [
      `/${id}`,
      { get: { operationId: id, ...(security && { security }), responses: { '200': { description: 'ok' } } } },
    ]),
  );
  return {
    ...openapiDoc({ paths, components: { securitySchemes: SCHEMES } }),
    ...(topLevel && { security: topLevel }),
  };
}

describe('operationCredential: a spec of mixed schemes, per operation', () => {
  // given an operation's security requirements, want the credential the runtime sends (undefined: none)
  const cases: [string, object[] | undefined, OperationCredential | undefined][] = [
    ['signed', [{ key: [], signature: [] }], 'signed'],
    ['bearer', [{ token: [] }], 'bearer'],
    ['public', [], undefined],
    ['inherits the top level', undefined, 'bearer'],
    ['signed or anonymous', [{ key: [] }, {}], 'optional'],
    ['anonymous first', [{}, { key: [] }], 'optional'],
    // A replayable secret only goes where required.
    ['bearer or anonymous', [{ token: [] }, {}], undefined],
    ['an unsupported alternative, then bearer', [{ oauth: [] }, { token: [] }], 'bearer'],
    ['bearer, then signed', [{ token: [] }, { key: [] }], 'bearer'],
    ['signed, then bearer', [{ key: [] }, { token: [] }], 'signed'],
    ['both in one requirement', [{ key: [], token: [] }], 'bearer'],
  ];
  const api = model(spec(Object.fromEntries(cases.map(([id, security]) => [id, security])), [{ token: [] }]));

  it.each(cases)('%s', (id, _security, want) => {
    expect(api.operations.find((op) => op.operationId === id)!.auth).toBe(want);
  });

  it.each([
    ['http basic', [{ basic: [] }], '"basic" (http basic)'],
    ['oauth2 or a cookie', [{ oauth: [] }, { cookie: [] }], '"oauth" (oauth2), "cookie" (apiKey cookie)'],
  ])('refuses an operation it can only call with %s, naming the file and the pointer', (_name, security, names) => {
    expect(() => model(spec({ Unsupported: security }))).toThrow(
      `inline.yaml#/paths/~1Unsupported/get/security: no security requirement the SDK can meet: ${names}; it sends ` +
        "Kalshi's signed apiKey headers or an http bearer token",
    );
  });

  it('refuses a requirement naming an undeclared scheme', () => {
    expect(() => operationCredential([['missing']], [], 'spec.yaml', '/paths/~1x/get')).toThrow(
      'spec.yaml#/paths/~1x/get/security: security scheme "missing" is not declared under components/securitySchemes',
    );
  });
});
