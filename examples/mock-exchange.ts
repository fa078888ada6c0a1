import { randomUUID, type KeyObject } from 'node:crypto';
import {
  WS_CHANNELS,
  centsToDollars,
  dollarsToCents,
  type CreateOrderV2Request,
  type FixedPointCount,
  type FixedPointDollars,
  type GetMarketsParams,
  type Market,
  type Order,
} from '../generated/dist/index.js';
import type { GetGuarantyFundBalanceResponse, GetSettlementBalanceResponse } from '../generated/dist/klear/index.js';
import type {
  CancelMarginOrderResponse,
  CreateMarginOrderRequest,
  CreateMarginOrderResponse,
  GetMarginMarketsResponse,
  MarginMarket,
  MarginOrderbookCount,
  MarginOrderbookResponse,
} from '../generated/dist/perps/index.js';
import {
  faults,
  startMockServer,
  startWsMockServer,
  type MockReply,
  type MockServer,
} from '../generated/dist/testing/index.js';

/**
 * The exchange the examples talk to when KALSHI_ENV is unset: the SDK's own mock servers (`kalshi-sdk/testing`) on
 * 127.0.0.1, holding Kalshi-shaped data. It checks every request's signature, pages market lists with a cursor,
 * keeps the orders placed, and plays a few order book changes to each orderbook_delta subscription.
 * test/examples reads the same data to know what the examples must print.
 */

/** Markets in the order `GET /markets` lists them: a few events, most of them open. */
export const MARKETS: Market[] = [
  market('KXFEDDECISION-25DEC-H0', 'Fed holds rates in December', '0.1800', '0.2000', '48210.00'),
  market('KXFEDDECISION-25DEC-C25', 'Fed cuts by 25 bps in December', '0.7600', '0.7800', '91544.00'),
  market('KXFEDDECISION-25DEC-C26', 'Fed cuts by more than 25 bps in December', '0.0300', '0.0500', '12002.00'),
  market('KXHIGHNY-25DEC04-B44.5', 'NYC high 44-45°F on Dec 4', '0.0000', '0.0000', '0.00', 'closed'),
  market('KXHIGHNY-25DEC05-B45.5', 'NYC high 45-46°F on Dec 5', '0.2100', '0.2400', '3310.00'),
  market('KXHIGHNY-25DEC05-B47.5', 'NYC high 47-48°F on Dec 5', '0.3300', '0.3600', '4105.00'),
  market('KXHIGHNY-25DEC05-T49', 'NYC high above 49°F on Dec 5', '0.1200', '0.1500', '2270.00'),
  market(
    'KXBTCD-25DEC0417-T89999.99',
    'Bitcoin above $90,000 on Dec 4 at 5pm ET',
    '0.0000',
    '0.0000',
    '0.00',
    'closed',
  ),
  market('KXBTCD-25DEC0517-T89999.99', 'Bitcoin above $90,000 on Dec 5 at 5pm ET', '0.6400', '0.6600', '27630.00'),
  market('KXBTCD-25DEC0517-T91999.99', 'Bitcoin above $92,000 on Dec 5 at 5pm ET', '0.4100', '0.4400', '19985.00'),
  market('KXBTCD-25DEC0517-T93999.99', 'Bitcoin above $94,000 on Dec 5 at 5pm ET', '0.1900', '0.2200', '8871.00'),
  market('KXNFLGAME-25DEC07KCHOU-KC', 'Kansas City beats Houston', '0.6700', '0.6900', '55020.00'),
  market('KXNFLGAME-25DEC07KCHOU-HOU', 'Houston beats Kansas City', '0.3100', '0.3300', '54877.00'),
  market('KXCPIYOY-25NOV-T2.9', 'CPI year over year above 2.9% in November', '0.4700', '0.5200', '6120.00'),
];

/** The market with an order book: the open market with the most 24h volume, which the streaming example picks. */
export const BOOK_MARKET = 'KXFEDDECISION-25DEC-C25';

/** Its order book: bids on both sides as `[price, contracts]`, matching its 0.7600 bid / 0.7800 ask. */
export const BOOK = {
  yes_dollars_fp: [
    ['0.7400', '1200.00'],
    ['0.7500', '640.00'],
    ['0.7600', '310.00'],
  ],
  no_dollars_fp: [
    ['0.2000', '900.00'],
    ['0.2100', '450.00'],
    ['0.2200', '275.00'],
  ],
};

/** The changes to that book played to every subscription after its snapshot: side, price, signed contracts. */
export const DELTAS: { side: 'yes' | 'no'; price_dollars: string; delta_fp: string }[] = [
  { side: 'yes', price_dollars: '0.7700', delta_fp: '150.00' },
  { side: 'no', price_dollars: '0.2200', delta_fp: '-275.00' },
  { side: 'no', price_dollars: '0.2200', delta_fp: '100.00' },
  { side: 'yes', price_dollars: '0.7700', delta_fp: '-150.00' },
  { side: 'yes', price_dollars: '0.7600', delta_fp: '-10.00' },
  { side: 'no', price_dollars: '0.2300', delta_fp: '60.00' },
  { side: 'yes', price_dollars: '0.7500', delta_fp: '-640.00' },
  { side: 'no', price_dollars: '0.2300', delta_fp: '-60.00' },
  { side: 'yes', price_dollars: '0.7700', delta_fp: '500.00' },
  { side: 'no', price_dollars: '0.2100', delta_fp: '25.00' },
];

export const BALANCE_CENTS = 250_000;

/** The Perps mock's margin markets (with the fields the example prints) and the order book of the first. */
export const PERPS_MARKETS = [
  { ticker: 'BTC-PERP', title: 'Bitcoin perpetual', status: 'active', tick_size: '0.5000' },
  { ticker: 'ETH-PERP', title: 'Ether perpetual', status: 'active', tick_size: '0.0500' },
  { ticker: 'SOL-PERP', title: 'Solana perpetual', status: 'inactive', tick_size: '0.0100' },
] as const;

export const PERPS_BOOK = {
  bids: [
    ['97250.5000', '3.20'],
    ['97250.0000', '12.00'],
  ],
  asks: [
    ['97251.0000', '1.50'],
    ['97252.5000', '8.75'],
  ],
} satisfies MarginOrderbookCount;

/**
 * Routes over the generated Perps mock's sample answers: its markets and book, and orders that rest until
 * cancelled (the rest of the API keeps the samples).
 */
export function seedPerpsMock(rest: MockServer): void {
  rest.route('GET', '/margin/markets', (): MockReply => {
    const markets = PERPS_MARKETS.map((m) => ({ ...PERPS_MARKET_SAMPLE, ...m }));
    return { json: { markets } satisfies GetMarginMarketsResponse };
  });
  rest.route('GET', '/margin/markets/{ticker}/orderbook', (req) =>
    req.params.ticker === PERPS_MARKETS[0].ticker
      ? { json: { orderbook: PERPS_BOOK } satisfies MarginOrderbookResponse }
      : notFound(`margin market ${req.params.ticker}`),
  );
  const resting = new Map<string, FixedPointCount>();
  // A route replaced checks the signature itself, as the generated one did.
  rest.route('POST', '/margin/orders', (req) => {
    if (!req.signatureValid) return faults.unauthorized();
    const body = req.json as CreateMarginOrderRequest;
    const orderId = randomUUID();
    resting.set(orderId, body.count);
    const placed: CreateMarginOrderResponse = {
      order_id: orderId,
      client_order_id: body.client_order_id,
      fill_count: '0.00',
      remaining_count: body.count,
    };
    return { status: 201, json: placed };
  });
  rest.route('DELETE', '/margin/orders/{order_id}', (req) => {
    if (!req.signatureValid) return faults.unauthorized();
    const count = resting.get(req.params.order_id!);
    if (count === undefined) return notFound(`resting order ${req.params.order_id}`);
    resting.delete(req.params.order_id!);
    return { json: { order_id: req.params.order_id!, reduced_by: count } satisfies CancelMarginOrderResponse };
  });
}

/** The fields of a margin market the example does not print. */
const PERPS_MARKET_SAMPLE: Omit<MarginMarket, 'ticker' | 'title' | 'status' | 'tick_size'> = {
  exchange_index: 0,
  contract_size: '0.001000',
  fractional_trading_enabled: false,
  schedule: null,
};

/**
 * What the Klear mock answers for the clearing member's balances (paths under its base path), in integer
 * centicents: 1 USD = 10,000.
 */
export const KLEAR_BALANCES = {
  '/margin/settlement_balance': {
    user_id: 'example-member',
    balance_available_centicents: 1_234_567_891,
    locked_balance_centicents: 25_000_000,
  },
  '/margin/guaranty_fund_balance': {
    user_id: 'example-member',
    amount_centicents: 500_000_005,
    updated_ts: '2025-12-01T15:00:00Z',
  },
} satisfies {
  '/margin/settlement_balance': GetSettlementBalanceResponse;
  '/margin/guaranty_fund_balance': GetGuarantyFundBalanceResponse;
};

export interface MockExchange {
  restUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Starts the REST and WebSocket mocks on 127.0.0.1; private requests must be signed with the key pair of `publicKey`. */
export async function startMockExchange(publicKey: KeyObject): Promise<MockExchange> {
  // Market data is public: only the portfolio's routes ask for a signature, as Kalshi's do.
  const rest = await startMockServer({
    publicKey,
    requireSignature: (request) => request.path.startsWith('/portfolio'),
    basePath: '/trade-api/v2',
  });
  const ws = await startWsMockServer({
    channels: WS_CHANNELS,
    publicKey,
    pingIntervalMs: 10_000,
    marketExists: (t) => MARKETS.some((m) => m.ticker === t),
  });
  const orders = new Map<string, Order>();

  rest.route('GET', '/markets', (req) => {
    const wanted = STATUS_FILTER[req.query.get('status') ?? ''];
    const matching = MARKETS.filter((m) => !wanted || m.status === wanted);
    const start = Number(req.query.get('cursor') || 0);
    const end = start + Number(req.query.get('limit') ?? 100);
    return { json: { markets: matching.slice(start, end), cursor: end < matching.length ? String(end) : '' } };
  });
  rest.route('GET', '/markets/{ticker}', (req) => {
    const found = MARKETS.find((m) => m.ticker === req.params.ticker);
    return found ? { json: { market: found } } : notFound(`market ${req.params.ticker}`);
  });
  rest.route('GET', '/portfolio/balance', () => ({
    json: { balance: BALANCE_CENTS, portfolio_value: 0, updated_ts: Math.floor(Date.now() / 1000) },
  }));
  // Orders go through Kalshi's V2 event-order endpoints: one book, bid or ask, at a fixed-point yes price.
  rest.route('POST', '/portfolio/events/orders', (req) => {
    const body = req.json as CreateOrderV2Request;
    if (!MARKETS.some((m) => m.ticker === body.ticker && m.status === 'active'))
      return notFound(`open market ${body.ticker}`);
    const yesCents = priceCents(body.price);
    if (!yesCents || !/^\d+\.\d\d$/.test(body.count ?? '') || Number(body.count) <= 0)
      return invalid('a price of 0.01 to 0.99 in whole cents and a positive fixed-point count are required');
    // Kalshi refuses a second order with the same client_order_id: what makes retrying a create safe.
    const clientOrderId = body.client_order_id ?? '';
    if (clientOrderId && [...orders.values()].some((o) => o.client_order_id === clientOrderId))
      return {
        status: 409,
        json: { error: { code: 'order_already_exists', message: `client_order_id ${clientOrderId} already used` } },
      };
    const order = newOrder(body, yesCents);
    orders.set(order.order_id, order);
    return {
      status: 201,
      json: {
        order_id: order.order_id,
        client_order_id: clientOrderId,
        fill_count: '0.00',
        remaining_count: order.remaining_count_fp,
        ts_ms: Date.now(),
      },
    };
  });
  rest.route('GET', '/portfolio/orders/{order_id}', (req) => {
    const order = orders.get(req.params.order_id!);
    return order ? { json: { order } } : notFound(`order ${req.params.order_id}`);
  });
  rest.route('DELETE', '/portfolio/events/orders/{order_id}', (req) => {
    const order = orders.get(req.params.order_id!);
    if (!order || order.status !== 'resting') return notFound(`resting order ${req.params.order_id}`);
    const now = new Date();
    orders.set(order.order_id, {
      ...order,
      status: 'canceled',
      remaining_count_fp: '0.00',
      last_update_time: now.toISOString(),
    });
    return {
      json: {
        order_id: order.order_id,
        client_order_id: order.client_order_id,
        reduced_by: order.remaining_count_fp,
        ts_ms: now.getTime(),
      },
    };
  });

  ws.setSnapshot('orderbook_delta', BOOK_MARKET, { market_id: marketId(BOOK_MARKET), ...BOOK });
  ws.onSubscribe((sub) => {
    if (sub.channel !== 'orderbook_delta' || !sub.markets.includes(BOOK_MARKET)) return;
    for (const delta of DELTAS)
      ws.publish('orderbook_delta', 'orderbook_delta', {
        market_ticker: BOOK_MARKET,
        market_id: marketId(BOOK_MARKET),
        ...delta,
      });
  });

  return {
    restUrl: rest.url,
    wsUrl: ws.url,
    close: async () => {
      await Promise.all([rest.close(), ws.close()]);
    },
  };
}

/** `GetMarkets`' status filter → the status of the markets it lists. */
const STATUS_FILTER: Record<string, Market['status'] | undefined> = {
  unopened: 'initialized',
  open: 'active',
  paused: 'inactive',
  closed: 'closed',
  settled: 'finalized',
} satisfies Record<NonNullable<GetMarketsParams['status']>, Market['status']>;

function notFound(what: string): MockReply {
  return { status: 404, json: { error: { code: 'not_found', message: `${what} not found` } } };
}

function invalid(message: string): MockReply {
  return { status: 400, json: { error: { code: 'invalid_parameters', message } } };
}

function marketId(ticker: string): string {
  return `00000000-0000-4000-8000-${String(MARKETS.findIndex((m) => m.ticker === ticker)).padStart(12, '0')}`;
}

function market(
  ticker: string,
  title: string,
  yesBid: FixedPointDollars,
  yesAsk: FixedPointDollars,
  volume24h: FixedPointCount,
  status: Market['status'] = 'active',
): Market {
  const open = status === 'active';
  const complement = (dollars: FixedPointDollars) => (open ? centsToDollars(100 - dollarsToCents(dollars)) : '0.0000');
  return {
    ticker,
    event_ticker: ticker.slice(0, ticker.lastIndexOf('-')),
    market_type: 'binary',
    title,
    yes_sub_title: title,
    no_sub_title: `Not: ${title}`,
    created_time: '2025-11-20T15:00:00Z',
    updated_time: '2025-12-04T21:00:00Z',
    open_time: '2025-11-21T15:00:00Z',
    close_time: open ? '2025-12-10T19:00:00Z' : '2025-12-04T22:00:00Z',
    latest_expiration_time: '2025-12-17T15:00:00Z',
    settlement_timer_seconds: 300,
    status,
    yes_bid_dollars: yesBid,
    yes_bid_size_fp: open ? '100.00' : '0.00',
    yes_ask_dollars: yesAsk,
    yes_ask_size_fp: open ? '100.00' : '0.00',
    no_bid_dollars: complement(yesAsk),
    no_ask_dollars: complement(yesBid),
    last_price_dollars: yesBid,
    volume_fp: volume24h,
    volume_24h_fp: volume24h,
    result: '',
    can_close_early: true,
    fractional_trading_enabled: false,
    open_interest_fp: volume24h,
    notional_value_dollars: '1.0000',
    previous_yes_bid_dollars: yesBid,
    previous_yes_ask_dollars: yesAsk,
    previous_price_dollars: yesBid,
    liquidity_dollars: '0.0000',
    expiration_value: '',
    rules_primary: `If ${title.toLowerCase()}, the market resolves to Yes.`,
    rules_secondary: '',
    price_level_structure: 'linear_cent',
    price_ranges: [{ start: '0.0100', end: '0.9900', step: '0.0100' }],
  };
}

/** A price this market accepts (whole cents from 1 to 99), in cents; undefined for anything else. */
function priceCents(dollars: string | undefined): number | undefined {
  const cents = dollars !== undefined && /^0\.\d\d0*$/.test(dollars) ? dollarsToCents(dollars) : 0;
  return cents >= 1 && cents <= 99 ? cents : undefined;
}

/** A resting order as GetOrder shows it: a bid buys YES at the price, an ask sells YES (buys NO) at it. */
function newOrder(request: CreateOrderV2Request, yesCents: number): Order {
  const now = new Date().toISOString();
  const bid = request.side === 'bid';
  return {
    order_id: randomUUID(),
    user_id: 'mock-user',
    client_order_id: request.client_order_id ?? '',
    ticker: request.ticker,
    book_side: request.side,
    outcome_side: bid ? 'yes' : 'no',
    side: 'yes',
    action: bid ? 'buy' : 'sell',
    type: 'limit',
    status: 'resting',
    yes_price_dollars: centsToDollars(yesCents),
    no_price_dollars: centsToDollars(100 - yesCents),
    fill_count_fp: '0.00',
    remaining_count_fp: request.count,
    initial_count_fp: request.count,
    taker_fill_cost_dollars: '0.0000',
    maker_fill_cost_dollars: '0.0000',
    taker_fees_dollars: '0.0000',
    maker_fees_dollars: '0.0000',
    created_time: now,
    last_update_time: now,
  };
}
