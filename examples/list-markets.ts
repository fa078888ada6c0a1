/**
 * Lists open markets, following the cursor from page to page as the loop asks for more.
 *
 *   node --import tsx examples/list-markets.ts                   # local mock servers
 *   KALSHI_ENV=demo node --import tsx examples/list-markets.ts   # Kalshi's demo
 */
import { KalshiClient } from '../generated/dist/index.js';
import { openSession } from './setup.ts';

const PAGE_SIZE = 3; // small, to show several pages being fetched
const MAX_ITEMS = 10;

const session = await openSession();
try {
  const client = new KalshiClient(session.options);
  console.log(`open markets, ${PAGE_SIZE} per page, at most ${MAX_ITEMS}:`);

  // Each page is requested when the loop reaches it; maxItems ends the walk early.
  const markets = client
    .getMarkets({ status: 'open', limit: PAGE_SIZE }, { maxItems: MAX_ITEMS })
    [Symbol.asyncIterator]();
  for await (const market of markets) {
    console.log(
      `  ${market.ticker.padEnd(28)} yes bid ${market.yes_bid_dollars}  ask ${market.yes_ask_dollars}  24h volume ${market.volume_24h_fp}`,
    );
  }

  console.log(`${markets.itemCount} markets from ${markets.pageCount} pages`);
  console.log(
    markets.truncated ? `truncated: more open markets exist beyond maxItems ${MAX_ITEMS}` : 'that is every open market',
  );
} finally {
  await session.close();
}
