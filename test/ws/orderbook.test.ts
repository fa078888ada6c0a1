import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dollarsToMicros } from '../../templates/runtime/fixed-point.ts';
import {
  OrderBook,
  OrderBookError,
  OrderBooks,
  formatPrice,
  type BookShape,
  type BookSide,
} from '../../templates/ws/orderbook.ts';

/**
 * The OrderBook against a brute-force model: BigInt counts in a plain map per side, every answer recomputed by
 * scanning. Prices are generated as integer millionths and written out in the several ways Kalshi writes them
 * (2 to 6 decimals, legacy integer cents), so parsing is checked too.
 */

const ONE = 1_000_000n;

class ModelBook {
  sides: Record<BookSide, Map<bigint, bigint>> = { yes: new Map(), no: new Map() };

  snapshot(yes: [bigint, bigint][], no: [bigint, bigint][]): void {
    const build = (levels: [bigint, bigint][]) => {
      const m = new Map<bigint, bigint>();
      for (const [p, c] of levels) if (c > 0n) m.set(p, (m.get(p) ?? 0n) + c);
      return m;
    };
    this.sides = { yes: build(yes), no: build(no) };
  }

  /** False (and unchanged) when the delta would make a level negative. */
  delta(side: BookSide, price: bigint, count: bigint): boolean {
    const next = (this.sides[side].get(price) ?? 0n) + count;
    if (next < 0n) return false;
    if (next === 0n) this.sides[side].delete(price);
    else this.sides[side].set(price, next);
    return true;
  }

  levels(side: BookSide): [bigint, bigint][] {
    return [...this.sides[side]].sort((a, b) => (a[0] < b[0] ? 1 : -1));
  }

  best(side: BookSide): [bigint, bigint] | undefined {
    let best: [bigint, bigint] | undefined;
    for (const level of this.sides[side]) if (!best || level[0] > best[0]) best = level;
    return best;
  }
}

function dollars(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  let fraction = (abs % ONE).toString().padStart(6, '0');
  while (fraction.length > 4 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${abs / ONE}.${fraction}`;
}

function contracts(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A price on a cent, hundredth-of-a-cent or millionth grid, written with 2+ decimals and up to 2 extra zeros. */
const priceArb = fc.constantFrom(10_000, 100, 1).chain((step) =>
  fc
    .record({ n: fc.integer({ min: 1, max: 1_000_000 / step - 1 }), pad: fc.integer({ min: 0, max: 2 }) })
    .map(({ n, pad }) => {
      const units = BigInt(n * step);
      const needed = units.toString().padStart(6, '0').replace(/0+$/, '');
      return { units, text: `0.${needed.padEnd(2, '0')}${'0'.repeat(pad)}` };
    }),
);

const countArb = fc.integer({ min: 1, max: 5_000_00 }).map((n) => ({ units: BigInt(n), text: contracts(BigInt(n)) }));
const sideArb = fc.constantFrom<BookSide>('yes', 'no');

type Op =
  | {
      kind: 'snapshot';
      yes: { price: { units: bigint; text: string }; count: { units: bigint; text: string } }[];
      no: { price: { units: bigint; text: string }; count: { units: bigint; text: string } }[];
    }
  | { kind: 'delta'; side: BookSide; price: { units: bigint; text: string }; count: bigint };

function opsArb(prices: { units: bigint; text: string }[]) {
  const price = fc.constantFrom(...prices);
  const level = fc.record({ price, count: countArb });
  const snapshot = fc.record({
    kind: fc.constant('snapshot' as const),
    yes: fc.array(level, { maxLength: 8 }),
    no: fc.array(level, { maxLength: 8 }),
  });
  const delta = fc.record({
    kind: fc.constant('delta' as const),
    side: sideArb,
    price,
    count: fc
      .integer({ min: -3_000_00, max: 3_000_00 })
      .filter((n) => n !== 0)
      .map(BigInt),
  });
  return fc.array(fc.oneof({ arbitrary: snapshot, weight: 1 }, { arbitrary: delta, weight: 6 }), {
    minLength: 1,
    maxLength: 60,
  });
}

function expectSameAs(book: OrderBook, model: ModelBook): void {
  for (const side of ['yes', 'no'] as const) {
    const other = side === 'yes' ? 'no' : 'yes';
    const best = model.best(side);
    expect(book.bestBid(side)).toEqual(
      best && {
        price: dollars(best[0]),
        count: contracts(best[1]),
        priceUnits: Number(best[0]),
        countUnits: Number(best[1]),
      },
    );
    const opposite = model.best(other);
    expect(book.bestAsk(side)).toEqual(
      opposite && {
        price: dollars(ONE - opposite[0]),
        count: contracts(opposite[1]),
        priceUnits: Number(ONE - opposite[0]),
        countUnits: Number(opposite[1]),
      },
    );
    const levels = model.levels(side);
    expect(book.levels(side).map((l) => [l.price, l.count])).toEqual(
      levels.map(([p, c]) => [dollars(p), contracts(c)]),
    );
    expect(book.depth(side)).toBe(contracts(levels.reduce((sum, [, c]) => sum + c, 0n)));
    expect(book.depth(side, 3)).toBe(contracts(levels.slice(0, 3).reduce((sum, [, c]) => sum + c, 0n)));
  }
  const yes = model.best('yes');
  const no = model.best('no');
  expect(book.spread).toBe(yes && no ? dollars(ONE - no[0] - yes[0]) : undefined);
}

describe('OrderBook', () => {
  it('matches a brute-force model over random snapshots and deltas', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(priceArb, { minLength: 1, maxLength: 12, selector: (p) => p.units })
          .chain((prices) => opsArb(prices)),
        (ops: Op[]) => {
          const book = new OrderBook('M');
          const model = new ModelBook();
          for (const op of ops) {
            if (op.kind === 'snapshot') {
              const wire = (levels: typeof op.yes) => levels.map((l) => [l.price.text, l.count.text]);
              book.applySnapshot({ market_ticker: 'M', yes_dollars_fp: wire(op.yes), no_dollars_fp: wire(op.no) });
              model.snapshot(
                op.yes.map((l) => [l.price.units, l.count.units]),
                op.no.map((l) => [l.price.units, l.count.units]),
              );
            } else {
              const msg = {
                market_ticker: 'M',
                side: op.side,
                price_dollars: op.price.text,
                delta_fp: contracts(op.count),
              };
              if (model.delta(op.side, op.price.units, op.count)) book.applyDelta(msg);
              else expect(() => book.applyDelta(msg)).toThrow(OrderBookError);
            }
            expectSameAs(book, model);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the spec’s snapshot example and answers bids, implied asks, spread and depth', () => {
    const book = new OrderBook('FED-23DEC-T3.00');
    book.apply({
      market_ticker: 'FED-23DEC-T3.00',
      yes_dollars_fp: [
        ['0.0800', '300.00'],
        ['0.2200', '333.00'],
      ],
      no_dollars_fp: [
        ['0.5400', '20.00'],
        ['0.5600', '146.00'],
      ],
    });
    expect(book.synced).toBe(true);
    expect(book.bestYesBid).toMatchObject({ price: '0.2200', count: '333.00' });
    expect(book.bestNoBid).toMatchObject({ price: '0.5600', count: '146.00' });
    expect(book.bestYesAsk).toMatchObject({ price: '0.4400', count: '146.00' });
    expect(book.bestNoAsk).toMatchObject({ price: '0.7800', count: '333.00' });
    expect(book.spread).toBe('0.2200');
    expect(book.depth('yes')).toBe('633.00');
    expect(book.depth('no', 1)).toBe('146.00');

    book.apply({ market_ticker: 'FED-23DEC-T3.00', price_dollars: '0.960', delta_fp: '54.00', side: 'yes' });
    expect(book.bestYesBid).toMatchObject({ price: '0.9600', count: '54.00' });
    expect(book.spread).toBe('-0.5200');
  });

  it('keeps sub-cent prices and fractional counts exact over many deltas', () => {
    const book = new OrderBook();
    for (let i = 0; i < 1_000; i++) book.applyDelta({ side: 'no', price_dollars: '0.561250', delta_fp: '0.01' });
    expect(book.bestNoBid).toMatchObject({ price: '0.56125', count: '10.00', priceUnits: 561_250, countUnits: 1_000 });
    expect(book.bestYesAsk?.price).toBe('0.43875');
  });

  it('reads the older integer formats when the fixed-point fields are absent', () => {
    const legacy = new OrderBook();
    legacy.applySnapshot({
      yes: [
        [8, 300],
        [22, 333],
      ],
      no: [
        [54, 20],
        [56, 146],
      ],
    });
    const dollarsWithIntegerCounts = new OrderBook();
    dollarsWithIntegerCounts.applySnapshot({
      yes_dollars: [
        ['0.080', 300],
        ['0.220', 333],
      ],
      no_dollars: [
        ['0.540', 20],
        ['0.560', 146],
      ],
    });
    for (const book of [legacy, dollarsWithIntegerCounts]) {
      expect([book.bestYesBid?.price, book.bestYesBid?.count, book.bestNoBid?.price, book.depth('yes')]).toEqual([
        '0.2200',
        '333.00',
        '0.5600',
        '633.00',
      ]);
    }
    legacy.applyDelta({ side: 'yes', price: 22, delta: -33 });
    expect(legacy.bestYesBid?.count).toBe('300.00');
    // When both are present the fixed-point fields win.
    legacy.applyDelta({ side: 'yes', price: 22, price_dollars: '0.2200', delta: -1, delta_fp: '-0.50' });
    expect(legacy.bestYesBid?.count).toBe('299.50');
  });

  it('rejects what it cannot apply exactly and leaves the book as it was', () => {
    const book = new OrderBook('M');
    book.applySnapshot({ market_ticker: 'M', yes_dollars_fp: [['0.5000', '1.00']] });
    const bad = [
      () => book.applyDelta({ side: 'yes', price_dollars: '0.5000', delta_fp: '-2.00' }),
      () => book.applyDelta({ side: 'yes', price_dollars: '0.1234567', delta_fp: '1.00' }),
      () => book.applyDelta({ side: 'yes', price_dollars: '1.0000', delta_fp: '1.00' }),
      () => book.applyDelta({ side: 'yes', price_dollars: 'abc', delta_fp: '1.00' }),
      () => book.applyDelta({ side: 'maybe', price_dollars: '0.5000', delta_fp: '1.00' }),
      () => book.applyDelta({ side: 'yes', delta_fp: '1.00' }),
      () => book.applyDelta({ market_ticker: 'OTHER', side: 'yes', price_dollars: '0.5000', delta_fp: '1.00' }),
      () => book.applySnapshot({ yes_dollars_fp: [['0.4000', '1.00']], no_dollars_fp: [['0.5000']] }),
      () => book.applySnapshot({ yes_dollars_fp: [['0.4000', '-1.00']] }),
    ];
    for (const attempt of bad) expect(attempt).toThrow(OrderBookError);
    expect(book.levels('yes')).toEqual([{ price: '0.5000', count: '1.00', priceUnits: 500_000, countUnits: 100 }]);
    expect(book.levels('no')).toEqual([]);
  });

  it('keeps one book per market and resets them all after a gap', () => {
    const books = new OrderBooks();
    books.apply({ market_ticker: 'A', yes_dollars_fp: [['0.1000', '1.00']] });
    books.apply({ market_ticker: 'B', no_dollars_fp: [['0.2000', '2.00']] });
    books.apply({ market_ticker: 'A', side: 'yes', price_dollars: '0.1000', delta_fp: '1.00' });
    expect(books.markets).toEqual(['A', 'B']);
    expect(books.get('A')?.bestYesBid?.count).toBe('2.00');
    books.reset();
    expect(books.get('A')?.synced).toBe(false);
    expect(books.get('B')?.depth('no')).toBe('0.00');
  });
});

/** A bid/ask book in the shape the margin spec's book channel has (test/ws/book-shape.test.ts derives it). */
const BID_ASK: BookShape<'bid' | 'ask'> = {
  sides: ['bid', 'ask'],
  prices: 'positive',
  snapshot: [['bid'], ['ask']],
  delta: { side: 'side', price: ['price'], count: ['delta'] },
};

describe('OrderBook of another shape: bids and asks at any positive price', () => {
  const snapshot = {
    market_ticker: 'BTC-PERP',
    bid: [
      ['64999.5000', '1.25'],
      ['65000.0000', '0.50'],
      ['64990.0000', '10.00'],
    ],
    ask: [
      ['65002.5000', '2.00'],
      ['65001.0000', '0.75'],
    ],
  };

  it('reads the snapshot and deltas by the shape and answers best bid/ask, spread and depth as a bid/ask book', () => {
    const book = new OrderBook('BTC-PERP', BID_ASK);
    book.apply(snapshot);
    expect(book.synced).toBe(true);
    expect(book.levels('bid').map((l) => [l.price, l.count])).toEqual([
      ['65000.0000', '0.50'],
      ['64999.5000', '1.25'],
      ['64990.0000', '10.00'],
    ]);
    // Asks are best lowest.
    expect(book.levels('ask').map((l) => l.price)).toEqual(['65001.0000', '65002.5000']);
    expect(book.bestBid()).toEqual({ price: '65000.0000', count: '0.50', priceUnits: 65_000_000_000, countUnits: 50 });
    expect(book.bestAsk()).toMatchObject({ price: '65001.0000', count: '0.75' });
    expect(book.best('ask')).toEqual(book.bestAsk());
    expect(book.spread).toBe('1.0000');
    expect(book.depth('bid')).toBe('11.75');
    expect(book.depth('bid', 2)).toBe('1.75');
    expect(book.depth('ask', 1)).toBe('0.75');

    book.apply({ market_ticker: 'BTC-PERP', side: 'bid', price: '65000.5000', delta: '3.00' });
    book.apply({ market_ticker: 'BTC-PERP', side: 'ask', price: '65001.0000', delta: '-0.75' });
    expect(book.bestBid()?.price).toBe('65000.5000');
    expect(book.bestAsk()?.price).toBe('65002.5000');
    expect(book.spreadUnits).toBe(2_000_000);
    // Crossed: a bid above the best ask gives a negative spread, as a binary book does.
    book.applyDelta({ side: 'bid', price: '65003.0000', delta: '1.00' });
    expect(book.spread).toBe('-0.5000');
  });

  // given a price, want it accepted or refused under each price rule
  it.each([
    ['0.5600', true, true],
    ['0.000001', true, true],
    ['1.0000', false, true],
    ['65000.1234', false, true],
    ['9007199254.740991', false, true],
    ['0', false, false],
    ['0.0000', false, false],
    ['-1.0000', false, false],
    ['65000.1234567', false, false],
    ['9007199254.740992', false, false],
  ])('price %s: accepted by a binary book %s, by a bid/ask book %s', (price, binary, bidAsk) => {
    const yesNo = new OrderBook();
    const perps = new OrderBook(undefined, BID_ASK);
    const tryBinary = () => yesNo.applyDelta({ side: 'yes', price_dollars: price, delta_fp: '1.00' });
    const tryBidAsk = () => perps.applyDelta({ side: 'ask', price, delta: '1.00' });
    if (binary) expect(tryBinary).not.toThrow();
    else expect(tryBinary).toThrow(OrderBookError);
    if (bidAsk) expect(tryBidAsk).not.toThrow();
    else expect(tryBidAsk).toThrow(OrderBookError);
    expect(perps.levels('ask').map((l) => l.price)).toEqual(bidAsk ? [formatPrice(dollarsToMicros(price))] : []);
  });

  // given a message or a call, want an OrderBookError saying this, and the book as it was
  it.each([
    [{ side: 'yes', price: '65000.0000', delta: '1.00' }, 'delta side must be "bid" or "ask", got "yes"'],
    [{ side: 'bid', delta: '1.00' }, 'message has no price'],
    [{ side: 'bid', price: '65000.0000' }, 'message has no delta'],
    [{ side: 'bid', price: 65000, delta: '1.00' }, 'delta price must be a dollar string, got 65000'],
    [{ side: 'bid', price: '65000.0000', delta: '1.005' }, 'more than 2 decimal places'],
    [{ side: 'bid', price: '65000.0000', delta: '-0.51' }, 'would leave -0.01 contracts'],
    [{ side: 'ask', price: '0', delta: '1.00' }, 'price 0 is not above 0 dollars'],
    [{ market_ticker: 'ETH-PERP', side: 'bid', price: '1.0000', delta: '1.00' }, 'message for ETH-PERP applied'],
    [{ bid: [['65000.0000']] }, 'snapshot bid has a level that is not [price, count]'],
    [{ ask: [[65001, '1.00']] }, 'snapshot ask has a price that is not a dollar string: 65001'],
  ])('refuses %j', (msg, want) => {
    const book = new OrderBook('BTC-PERP', BID_ASK);
    book.apply(snapshot);
    const before = [book.levels('bid'), book.levels('ask')];
    expect(() => book.apply(msg)).toThrow(want);
    expect([book.levels('bid'), book.levels('ask')]).toEqual(before);
  });

  it('asks a binary book for a side and a bid/ask book for none, and refuses a shape it cannot follow', () => {
    const perps = new OrderBook(undefined, BID_ASK);
    expect(() => perps.bestBid('bid')).toThrow('bestBid of a bid/ask book takes no side');
    expect(() => perps.levels('yes' as 'bid')).toThrow('side must be "bid" or "ask", got "yes"');
    expect(() => new OrderBook().bestAsk()).toThrow('bestAsk of a binary book needs a side: "yes" or "no"');
    expect(() => new OrderBook().bestAsk('maybe' as BookSide)).toThrow('side must be "yes" or "no", got "maybe"');
    expect(() => new OrderBook(undefined, { ...BID_ASK, sides: ['bid', 'bid'] })).toThrow('two sides must be distinct');
    expect(() => new OrderBooks({ ...BID_ASK, prices: 'any' as 'positive' })).toThrow('prices must be');
    expect(() => new OrderBook(undefined, { ...BID_ASK, delta: { ...BID_ASK.delta, price: [] } })).toThrow(
      'book shape',
    );
  });

  it('keeps one book per market in the shape, and resets them all after a gap', () => {
    const books = new OrderBooks(BID_ASK);
    books.apply(snapshot);
    books.apply({ market_ticker: 'ETH-PERP', ask: [['3500.2500', '4.00']] });
    books.apply({ market_ticker: 'ETH-PERP', side: 'bid', price: '3499.7500', delta: '2.00' });
    expect(books.markets).toEqual(['BTC-PERP', 'ETH-PERP']);
    expect(books.get('ETH-PERP')?.spread).toBe('0.5000');
    expect(books.get('BTC-PERP')?.shape).toBe(BID_ASK);
    books.reset();
    expect(books.get('BTC-PERP')?.synced).toBe(false);
    expect(books.get('BTC-PERP')?.depth('bid')).toBe('0.00');
  });

  it('makes each book with createBook, which a subclass bound to a shape overrides, and needs a market', () => {
    // What a generated SDK declares for its spec's book channel.
    class BidAskBook extends OrderBook<'bid' | 'ask', { market_ticker: string }> {
      constructor(marketTicker?: string) {
        super(marketTicker, BID_ASK);
      }
    }
    class BidAskBooks extends OrderBooks<'bid' | 'ask', { market_ticker: string }> {
      constructor() {
        super(BID_ASK);
      }
      protected override createBook(marketTicker: string): BidAskBook {
        return new BidAskBook(marketTicker);
      }
    }
    const books = new BidAskBooks();
    const book = books.apply(snapshot);
    expect(book).toBeInstanceOf(BidAskBook);
    expect(book.marketTicker).toBe('BTC-PERP');
    expect(book.bestBid()?.price).toBe('65000.0000');
    // A message of no market would otherwise make a book of none: refused, and no book is made.
    expect(() => books.apply({ side: 'bid', price: '1.0000', delta: '1.00' } as never)).toThrow(
      'message market_ticker must be a string, got undefined',
    );
    expect(books.markets).toEqual(['BTC-PERP']);
  });
});
