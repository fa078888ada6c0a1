/**
 * Places a limit order far from the market, so it rests, then cancels it.
 *
 *   node --import tsx examples/place-and-cancel-order.ts                   # local mock servers
 *   KALSHI_ENV=demo node --import tsx examples/place-and-cancel-order.ts   # Kalshi's demo (fake money)
 */
import { randomUUID } from 'node:crypto';
import { KalshiClient } from '../generated/dist/index.js';
import { openSession } from './setup.ts';

const session = await openSession();
try {
  const client = new KalshiClient(session.options);
  const { markets } = await client.getMarkets({ status: 'open', mve_filter: 'exclude', limit: 1 });
  const market = markets[0];
  if (!market) throw new Error('no open market to place an order in');

  // Prices and counts are fixed-point strings, never floats. Orders are never retried unless you opt in; with a
  // client_order_id it is safe: if a lost attempt did reach Kalshi, the retry is refused instead of placing another.
  const { order } = await client.createOrder(
    {
      ticker: market.ticker,
      side: 'yes',
      action: 'buy',
      count_fp: '1.00',
      yes_price_dollars: '0.0100',
      client_order_id: randomUUID(),
    },
    { idempotent: true },
  );
  console.log(
    `placed ${order.order_id}: ${order.action} ${order.initial_count_fp} ${order.side.toUpperCase()} of ${order.ticker} at ${order.yes_price_dollars}, ${order.status}`,
  );

  const cancelled = await client.cancelOrder({ order_id: order.order_id });
  console.log(
    `cancelled ${cancelled.order.order_id}: ${cancelled.order.status}, ${cancelled.reduced_by_fp} contracts taken off the book`,
  );
} finally {
  await session.close();
}
