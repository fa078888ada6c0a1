/**
 * Lists Perps margin markets, reads one market's order book over REST, then places a margin order at its best bid
 * and cancels it.
 *
 *   node --import tsx examples/perps-order.ts                  # the local Perps mock
 *   KALSHI_ENV=demo node --import tsx examples/perps-order.ts  # Perps demo (fake money), with your API key
 */
import { randomUUID } from 'node:crypto';
import { PerpsClient, toDecimalString } from '../generated/dist/perps/index.js';
import { openPerpsSession } from './setup.ts';

const session = await openPerpsSession();
try {
  const perps = new PerpsClient(session.options);
  const { markets } = await perps.getMarginMarkets();
  console.log(`${markets.length} margin markets:`);
  for (const m of markets) console.log(`  ${m.ticker.padEnd(20)} ${m.status.padEnd(8)} tick ${m.tick_size}`);
  const market = markets.find((m) => m.status === 'active') ?? markets[0];
  if (!market) throw new Error('no margin market');

  // Levels are [price, contracts] as fixed-point strings, best first.
  const { orderbook } = await perps.getMarginMarketOrderbook({ ticker: market.ticker, depth: 5 });
  const [price, size] = orderbook.bids[0] ?? [];
  if (!price) throw new Error(`no bid in ${market.ticker}`);
  const ask = orderbook.asks[0];
  console.log(`${market.ticker}: best bid ${price} x ${size}, best ask ${ask ? ask.join(' x ') : 'none'}`);

  // The book's levels are typed plain strings: toDecimalString checks one is a decimal before it becomes a price.
  // Placing is never retried unless you opt in; the client_order_id makes a retry safe.
  const placed = await perps.createMarginOrder(
    {
      ticker: market.ticker,
      client_order_id: randomUUID(),
      side: 'bid',
      count: '1.00',
      price: toDecimalString(price),
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
      post_only: true,
    },
    { idempotent: true },
  );
  console.log(`placed ${placed.order_id}: bid 1.00 of ${market.ticker} at ${price}, ${placed.remaining_count} resting`);
  const cancelled = await perps.cancelMarginOrder({ order_id: placed.order_id });
  console.log(`cancelled ${cancelled.order_id}: ${cancelled.reduced_by} contracts taken off the book`);
} finally {
  await session.close();
}
