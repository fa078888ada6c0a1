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

  // One book per market: a bid buys YES at `price`, an ask sells it. Prices and counts are fixed-point strings,
  // never floats. Orders are never retried unless you opt in; with a client_order_id it is safe: if a lost attempt
  // did reach Kalshi, the retry is refused instead of placing a second order.
  const placed = await client.createOrderV2(
    {
      ticker: market.ticker,
      side: 'bid',
      count: '1.00',
      price: '0.0100',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
      client_order_id: randomUUID(),
    },
    { idempotent: true },
  );
  const { order } = await client.getOrder({ order_id: placed.order_id });
  console.log(
    `placed ${order.order_id}: ${order.book_side} ${order.initial_count_fp} ${order.outcome_side.toUpperCase()} of ${order.ticker} at ${order.yes_price_dollars}, ${order.status}`,
  );

  const cancelled = await client.cancelOrderV2({ order_id: order.order_id });
  const after = await client.getOrder({ order_id: cancelled.order_id });
  console.log(
    `cancelled ${cancelled.order_id}: ${after.order.status}, ${cancelled.reduced_by} contracts taken off the book`,
  );
} finally {
  await session.close();
}
