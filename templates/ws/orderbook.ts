import { KalshiError } from '../runtime/errors.js';
import { formatFixedPoint, parseFixedPoint } from '../runtime/fixed-point.js';

/**
 * A market's order book, kept from the `orderbook_delta` channel's snapshots and deltas with exact integer
 * arithmetic: prices in millionths of a dollar (`"0.5600"` → 560000), counts in hundredths of a contract
 * (`"10.00"` → 1000). No float ever touches a price or a count.
 *
 * Kalshi books hold bids only, on both sides of a binary market: a YES bid at p is, in effect, a NO ask at 1 − p.
 * So the best YES ask is implied by the best NO bid (1 − best NO bid) and vice versa.
 *
 * Wire formats: the current one (`yes_dollars_fp` / `no_dollars_fp` levels of `[price_dollars, count_fp]` strings;
 * deltas with `price_dollars` and `delta_fp`) is preferred. Older captures' integer forms (`yes` / `no` levels of
 * `[cents, contracts]`, `yes_dollars` with integer counts; deltas with `price` in cents and integer `delta`) are
 * read when the newer fields are absent.
 */

/** Decimals of the integer units: prices in 1e-6 dollars, counts in 1e-2 contracts. */
export const PRICE_DECIMALS = 6;
export const COUNT_DECIMALS = 2;
const ONE_DOLLAR = 10 ** PRICE_DECIMALS;
const CENT = ONE_DOLLAR / 100;
const CONTRACT = 10 ** COUNT_DECIMALS;

export type BookSide = 'yes' | 'no';

export interface OrderBookLevel {
  /** Dollars, at least 4 decimals (`"0.5600"`, `"0.56125"`). */
  price: string;
  /** Contracts, 2 decimals (`"146.00"`). */
  count: string;
  /** The price in millionths of a dollar. */
  priceUnits: number;
  /** The count in hundredths of a contract. */
  countUnits: number;
}

type Level = readonly (string | number)[];

/** The `msg` of a snapshot, in any published format. */
export interface OrderBookSnapshotMessage {
  market_ticker?: string;
  yes_dollars_fp?: readonly Level[];
  no_dollars_fp?: readonly Level[];
  yes_dollars?: readonly Level[];
  no_dollars?: readonly Level[];
  yes?: readonly Level[];
  no?: readonly Level[];
}

/** The `msg` of a delta, in any published format. */
export interface OrderBookDeltaMessage {
  market_ticker?: string;
  side: string;
  price_dollars?: string;
  delta_fp?: string;
  price?: number;
  delta?: number;
}

/** A snapshot or delta the book cannot apply. The book is left exactly as it was. */
export class OrderBookError extends KalshiError {
  override name = 'OrderBookError';
}

class SideBook {
  /** Price units → count units; only levels with a positive count. */
  readonly levels = new Map<number, number>();
  /** The same prices, ascending: the best bid is the last. */
  readonly prices: number[] = [];

  /** Adds `delta` units at `price`; the caller has checked that the level does not go negative. */
  add(price: number, current: number, delta: number): void {
    const next = current + delta;
    if (next === 0) {
      if (current !== 0) {
        this.levels.delete(price);
        this.prices.splice(lowerBound(this.prices, price), 1);
      }
      return;
    }
    if (current === 0) this.prices.splice(lowerBound(this.prices, price), 0, price);
    this.levels.set(price, next);
  }

  static from(levels: Map<number, number>): SideBook {
    const side = new SideBook();
    for (const [price, count] of levels) side.levels.set(price, count);
    side.prices.push(...[...levels.keys()].sort((a, b) => a - b));
    return side;
  }
}

export class OrderBook {
  #yes = new SideBook();
  #no = new SideBook();
  #synced = false;
  /** Recently parsed price strings: a book sees the same few hundred prices over and over. */
  readonly #priceCache = new Map<string, number>();

  constructor(readonly marketTicker?: string) {}

  /** True once a snapshot has been applied (and until `reset()`). */
  get synced(): boolean {
    return this.#synced;
  }

  /** Empties the book, e.g. on a sequence gap while the fresh snapshot is on its way. */
  reset(): void {
    this.#yes = new SideBook();
    this.#no = new SideBook();
    this.#synced = false;
  }

  /** Applies a snapshot or a delta (`msg` of either message), telling them apart by shape. */
  apply(msg: OrderBookSnapshotMessage | OrderBookDeltaMessage): void {
    if ('side' in msg && msg.side !== undefined) this.applyDelta(msg as OrderBookDeltaMessage);
    else this.applySnapshot(msg as OrderBookSnapshotMessage);
  }

  /** Replaces the whole book. */
  applySnapshot(msg: OrderBookSnapshotMessage): void {
    this.#checkMarket(msg.market_ticker);
    const yes = SideBook.from(this.#snapshotSide(msg, 'yes'));
    const no = SideBook.from(this.#snapshotSide(msg, 'no'));
    this.#yes = yes;
    this.#no = no;
    this.#synced = true;
  }

  /** Changes one price level by a signed count. */
  applyDelta(msg: OrderBookDeltaMessage): void {
    this.#checkMarket(msg.market_ticker);
    const book = msg.side === 'yes' ? this.#yes : msg.side === 'no' ? this.#no : undefined;
    if (!book) throw new OrderBookError(`delta side must be "yes" or "no", got ${JSON.stringify(msg.side)}`);
    const price =
      msg.price_dollars !== undefined
        ? this.#price(msg.price_dollars)
        : msg.price !== undefined
          ? centsToUnits(msg.price)
          : missing('price_dollars (or price)');
    const delta =
      msg.delta_fp !== undefined
        ? countUnits(msg.delta_fp, true)
        : msg.delta !== undefined
          ? contractsToUnits(msg.delta, true)
          : missing('delta_fp (or delta)');
    const current = book.levels.get(price) ?? 0;
    if (current + delta < 0) {
      throw new OrderBookError(
        `delta ${formatFixedPoint(delta, COUNT_DECIMALS)} at ${msg.side} ${formatPrice(price)} would leave ${formatFixedPoint(current + delta, COUNT_DECIMALS)} contracts; the book is out of sync (resubscribe for a fresh snapshot)`,
      );
    }
    book.add(price, current, delta);
  }

  /** The highest bid on `side`. */
  bestBid(side: BookSide): OrderBookLevel | undefined {
    const book = this.#side(side);
    const price = book.prices[book.prices.length - 1];
    return price === undefined ? undefined : level(price, book.levels.get(price)!);
  }

  /** The lowest implied ask on `side`: 1 − the other side's best bid, for as many contracts as that bid. */
  bestAsk(side: BookSide): OrderBookLevel | undefined {
    const other = this.bestBid(side === 'yes' ? 'no' : 'yes');
    return other && level(ONE_DOLLAR - other.priceUnits, other.countUnits);
  }

  get bestYesBid(): OrderBookLevel | undefined {
    return this.bestBid('yes');
  }

  get bestNoBid(): OrderBookLevel | undefined {
    return this.bestBid('no');
  }

  get bestYesAsk(): OrderBookLevel | undefined {
    return this.bestAsk('yes');
  }

  get bestNoAsk(): OrderBookLevel | undefined {
    return this.bestAsk('no');
  }

  /**
   * Best YES ask − best YES bid, in dollars (the same on the NO side: 1 − yesBid − noBid). Undefined when either
   * side is empty; zero or negative when the book is locked or crossed.
   */
  get spread(): string | undefined {
    const spread = this.spreadUnits;
    return spread === undefined ? undefined : formatPrice(spread);
  }

  /** `spread` in millionths of a dollar. */
  get spreadUnits(): number | undefined {
    const yes = this.#yes.prices[this.#yes.prices.length - 1];
    const no = this.#no.prices[this.#no.prices.length - 1];
    return yes === undefined || no === undefined ? undefined : ONE_DOLLAR - no - yes;
  }

  /** Bid levels on `side`, best first (`limit` of them, or all). */
  levels(side: BookSide, limit = Infinity): OrderBookLevel[] {
    const book = this.#side(side);
    const out: OrderBookLevel[] = [];
    for (let i = book.prices.length - 1; i >= 0 && out.length < limit; i--) {
      const price = book.prices[i]!;
      out.push(level(price, book.levels.get(price)!));
    }
    return out;
  }

  /** Contracts bid on `side` over the best `limit` levels (all by default), e.g. `"479.00"`. */
  depth(side: BookSide, limit = Infinity): string {
    return formatFixedPoint(this.depthUnits(side, limit), COUNT_DECIMALS);
  }

  /** `depth` in hundredths of a contract. */
  depthUnits(side: BookSide, limit = Infinity): number {
    const book = this.#side(side);
    let total = 0;
    for (let i = book.prices.length - 1, n = 0; i >= 0 && n < limit; i--, n++)
      total += book.levels.get(book.prices[i]!)!;
    return total;
  }

  #side(side: BookSide): SideBook {
    if (side === 'yes') return this.#yes;
    if (side === 'no') return this.#no;
    throw new OrderBookError(`side must be "yes" or "no", got ${JSON.stringify(side)}`);
  }

  #checkMarket(ticker: string | undefined): void {
    if (this.marketTicker !== undefined && ticker !== undefined && ticker !== this.marketTicker) {
      throw new OrderBookError(`message for ${ticker} applied to the ${this.marketTicker} book`);
    }
  }

  #price(value: string): number {
    let units = this.#priceCache.get(value);
    if (units === undefined) {
      units = priceUnits(value);
      if (this.#priceCache.size >= 4096) this.#priceCache.clear();
      this.#priceCache.set(value, units);
    }
    return units;
  }

  /** One side of a snapshot, from the newest format present; duplicate prices add up. */
  #snapshotSide(msg: OrderBookSnapshotMessage, side: BookSide): Map<number, number> {
    const [key, dollars] =
      msg[`${side}_dollars_fp`] !== undefined
        ? ([`${side}_dollars_fp`, true] as const)
        : msg[`${side}_dollars`] !== undefined
          ? ([`${side}_dollars`, true] as const)
          : ([side, false] as const);
    const raw = msg[key];
    const out = new Map<number, number>();
    if (raw === undefined) return out;
    if (!Array.isArray(raw)) throw new OrderBookError(`snapshot ${key} must be an array of [price, count] levels`);
    for (const entry of raw as Level[]) {
      if (!Array.isArray(entry) || entry.length < 2)
        throw new OrderBookError(`snapshot ${key} has a level that is not [price, count]: ${JSON.stringify(entry)}`);
      const [p, c] = entry;
      const price = dollars
        ? typeof p === 'string'
          ? this.#price(p)
          : missing(`${key} price as a dollar string`)
        : centsToUnits(p);
      const count = typeof c === 'string' ? countUnits(c, false) : contractsToUnits(c, false);
      if (count > 0) out.set(price, (out.get(price) ?? 0) + count);
    }
    return out;
  }
}

/** Books for many markets, keyed by `market_ticker`: what one `orderbook_delta` subscription feeds. */
export class OrderBooks {
  readonly #books = new Map<string, OrderBook>();

  /** Applies a snapshot or delta `msg` to its market's book (created on first sight) and returns that book. */
  apply(msg: (OrderBookSnapshotMessage | OrderBookDeltaMessage) & { market_ticker: string }): OrderBook {
    let book = this.#books.get(msg.market_ticker);
    if (!book) {
      book = new OrderBook(msg.market_ticker);
      this.#books.set(msg.market_ticker, book);
    }
    book.apply(msg);
    return book;
  }

  get(marketTicker: string): OrderBook | undefined {
    return this.#books.get(marketTicker);
  }

  get markets(): string[] {
    return [...this.#books.keys()];
  }

  /** Empties every book (after a gap: the resubscribe sends a fresh snapshot per market). */
  reset(): void {
    for (const book of this.#books.values()) book.reset();
  }
}

/** Price units as Kalshi writes them: at least 4 decimals, more only when needed. */
export function formatPrice(units: number): string {
  const text = formatFixedPoint(units, PRICE_DECIMALS);
  return text.replace(/(\.\d{4}\d*?)0+$/, '$1');
}

function level(price: number, count: number): OrderBookLevel {
  return {
    price: formatPrice(price),
    count: formatFixedPoint(count, COUNT_DECIMALS),
    priceUnits: price,
    countUnits: count,
  };
}

function priceUnits(value: string): number {
  let units: number;
  try {
    units = parseFixedPoint(value, PRICE_DECIMALS);
  } catch (error) {
    throw new OrderBookError(`price ${JSON.stringify(value)}: ${(error as Error).message}`);
  }
  return checkPrice(units, value);
}

function centsToUnits(cents: unknown): number {
  if (!Number.isSafeInteger(cents))
    throw new OrderBookError(`price in cents must be an integer, got ${JSON.stringify(cents)}`);
  return checkPrice((cents as number) * CENT, String(cents));
}

function checkPrice(units: number, text: string): number {
  if (units <= 0 || units >= ONE_DOLLAR) throw new OrderBookError(`price ${text} is outside (0, 1) dollars`);
  return units;
}

function countUnits(value: string, signed: boolean): number {
  let units: number;
  try {
    units = parseFixedPoint(value, COUNT_DECIMALS);
  } catch (error) {
    throw new OrderBookError(`count ${JSON.stringify(value)}: ${(error as Error).message}`);
  }
  if (!signed && units < 0) throw new OrderBookError(`count ${value} is negative`);
  return units;
}

function contractsToUnits(value: unknown, signed: boolean): number {
  const units = (value as number) * CONTRACT;
  if (!Number.isSafeInteger(value) || !Number.isSafeInteger(units))
    throw new OrderBookError(`contract count must be an integer, got ${JSON.stringify(value)}`);
  if (!signed && units < 0) throw new OrderBookError(`count ${value} is negative`);
  return units;
}

function missing(what: string): never {
  throw new OrderBookError(`message has no ${what}`);
}

/** Index of the first element >= value in an ascending array. */
function lowerBound(values: number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
