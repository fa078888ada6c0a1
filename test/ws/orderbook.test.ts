import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook, OrderBookError, OrderBooks, type BookSide } from '../../templates/ws/orderbook.ts';

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
