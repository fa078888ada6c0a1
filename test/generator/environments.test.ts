import { describe, expect, it } from 'vitest';
import { buildEnvironments } from '../../generator/model/environments.ts';
import type { ApiModel, WsModel } from '../../generator/model/types.ts';

const rest = (...servers: string[]) => ({ servers }) as ApiModel;
const socket = (...servers: string[]) => ({ servers }) as WsModel;

describe('buildEnvironments', () => {
  it('takes production and demo from the servers, the first of each, whatever order they come in', () => {
    // Kalshi's REST servers since 3.22: a dedicated host and the shared one, for production and demo each.
    const api = rest(
      'https://external-api.kalshi.com/trade-api/v2',
      'https://api.elections.kalshi.com/trade-api/v2',
      'https://external-api.demo.kalshi.co/trade-api/v2',
      'https://demo-api.kalshi.co/trade-api/v2',
    );
    expect(buildEnvironments(api, socket('wss://demo.example/ws', 'wss://prod.example/ws'))).toEqual({
      production: { rest: 'https://external-api.kalshi.com/trade-api/v2', ws: 'wss://prod.example/ws' },
      demo: { rest: 'https://external-api.demo.kalshi.co/trade-api/v2', ws: 'wss://demo.example/ws' },
    });
  });

  it("finds Kalshi's demo WebSocket for either production WebSocket host, when the spec lists production only", () => {
    const api = rest('https://api.elections.kalshi.com/trade-api/v2');
    for (const host of ['api.elections.kalshi.com', 'external-api-ws.kalshi.com'])
      expect(buildEnvironments(api, socket(`wss://${host}/trade-api/ws/v2`)).demo).toEqual({
        rest: 'https://demo-api.kalshi.co/trade-api/v2',
        ws: 'wss://demo-api.kalshi.co/trade-api/ws/v2',
      });
  });

  it('leaves out what an unknown API does not declare, rather than guessing a host', () => {
    expect(buildEnvironments(rest('https://api.other.example/v1'), socket('wss://ws.other.example/v1'))).toEqual({
      production: { rest: 'https://api.other.example/v1', ws: 'wss://ws.other.example/v1' },
    });
    expect(buildEnvironments(rest('https://api.other.example/v1', 'https://demo.other.example/v1'), undefined)).toEqual(
      {
        production: { rest: 'https://api.other.example/v1', ws: '' },
        demo: { rest: 'https://demo.other.example/v1', ws: '' },
      },
    );
  });
});
