/**
 * Where each environment of the API lives. This default describes Kalshi's trade API; the generator replaces this
 * file with the servers the specs it reads declare, so an SDK generated from another Kalshi spec points at its own
 * hosts.
 */
export const ENVIRONMENTS = {
  production: {
    rest: 'https://external-api.kalshi.com/trade-api/v2',
    ws: 'wss://external-api-ws.kalshi.com/trade-api/ws/v2',
  },
  demo: {
    rest: 'https://external-api.demo.kalshi.co/trade-api/v2',
    ws: 'wss://demo-api.kalshi.co/trade-api/ws/v2',
  },
} as const;
