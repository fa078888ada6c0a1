/**
 * Streams the order book of the busiest open market: a snapshot, then deltas, kept in an OrderBook that prints the
 * best bid, best ask and spread after each update. Stops after UPDATES updates (or a minute), then closes cleanly.
 *
 *   node --import tsx examples/stream-orderbook.ts                   # local mock servers
 *   KALSHI_ENV=demo node --import tsx examples/stream-orderbook.ts   # Kalshi's demo
 */
import { KalshiClient, KalshiWebSocket, OrderBooks, countToCentiUnits } from '../generated/dist/index.js';
import { openSession } from './setup.ts';

const UPDATES = 8;
const TIME_LIMIT_MS = 60_000;

const session = await openSession();
const ws = new KalshiWebSocket(session.options);
try {
  // The market with the most contracts traded in the last 24 hours, from the first page of open markets.
  const { markets } = await new KalshiClient(session.options).getMarkets({ status: 'open', limit: 100 });
  if (!markets.length) throw new Error('no open market to stream');
  const busiest = markets.reduce((a, b) =>
    countToCentiUnits(b.volume_24h_fp) > countToCentiUnits(a.volume_24h_fp) ? b : a,
  );
  console.log(`streaming the order book of ${busiest.ticker} (24h volume ${busiest.volume_24h_fp})`);

  const sub = await ws.subscribe('orderbook_delta', { market_ticker: busiest.ticker });
  const books = new OrderBooks();
  // After a gap the client resubscribes and a fresh snapshot replaces the book.
  sub.onEvent('gap', () => console.log('sequence gap: waiting for a fresh snapshot'));
  setTimeout(() => void sub.unsubscribe(), TIME_LIMIT_MS).unref(); // ends the loop below; never keeps the process alive

  let updates = 0;
  for await (const message of sub) {
    const book = books.apply(message.msg);
    const change =
      message.type === 'orderbook_snapshot'
        ? 'snapshot'
        : `${message.msg.side} ${message.msg.price_dollars} ${signed(message.msg.delta_fp)}`;
    const bid = book.bestYesBid;
    const ask = book.bestYesAsk;
    console.log(
      `${change.padEnd(20)} yes bid ${bid?.price ?? '-'} x ${bid?.count ?? '0'}  ask ${ask?.price ?? '-'} x ${ask?.count ?? '0'}  spread ${book.spread ?? '-'}`,
    );
    if (++updates === UPDATES) break; // leaving the loop unsubscribes
  }
  console.log(`${updates} updates received`);
} finally {
  await ws.close();
  await session.close();
}
console.log('closed');

function signed(count: string): string {
  return count.startsWith('-') ? count : `+${count}`;
}
