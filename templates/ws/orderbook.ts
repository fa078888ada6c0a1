import { KalshiError } from '../runtime/errors.js';
import { formatFixedPoint, parseFixedPoint } from '../runtime/fixed-point.js';

/**
 * A market's order book, kept from a book channel's snapshots and deltas with exact integer arithmetic: prices in
 * millionths of a dollar (`"0.5600"` → 560000), counts in hundredths of a contract (`"10.00"` → 1000). No float ever
 * touches a price or a count. Six decimals are the most any Kalshi dollar field carries and two the most of any
 * count; a value with more, or past Number.MAX_SAFE_INTEGER units (about 9 billion dollars), is refused, not rounded.
 *
 * Which fields carry what is the book's `BookShape`, data derived from the spec. Two kinds of book exist:
 * - prices in (0, 1) (a binary contract): both sides hold bids, one per outcome. A YES bid at p is, in effect, a NO
 *   ask at 1 − p, so the best YES ask is implied by the best NO bid (1 − best NO bid) and vice versa. The default
 *   shape is this kind (`BINARY_BOOK_SHAPE`).
 * - any positive price: the first side holds bids and the second asks; the best ask is the lowest ask.
 */

/** Decimals of the integer units: prices in 1e-6 dollars, counts in 1e-2 contracts. */
export const PRICE_DECIMALS = 6;
export const COUNT_DECIMALS = 2;
const ONE_DOLLAR = 10 ** PRICE_DECIMALS;
const CENT = ONE_DOLLAR / 100;
const CONTRACT = 10 ** COUNT_DECIMALS;

/** The sides of the default (binary) book. */
export type BookSide = 'yes' | 'no';

/**
 * A field of a snapshot or delta. A name alone: its prices are dollar strings. `cents`: its prices are integer
 * cents (older captures). Counts are read by their JSON type in any field: a string is a fixed-point count, an
 * integer a whole number of contracts.
 */
export type BookField = string | { readonly name: string; readonly cents: true };

/** How a book channel writes its messages: plain data, so the generator can derive it from the spec. */
export interface BookShape<Side extends string = string> {
  /** The two sides, as a delta's side field names them: `[bids, asks]` when prices are positive. */
  readonly sides: readonly [Side, Side];
  /**
   * `probability`: prices lie in (0, 1) dollars and both sides hold bids, on the two outcomes of a binary contract.
   * `positive`: a price is any amount above 0, the first side holds bids and the second asks.
   */
  readonly prices: 'probability' | 'positive';
  /**
   * The snapshot fields of each side's `[price, count]` levels, in `sides` order, preferred first: the first present
   * is read. A message with the delta's side field is a delta; any other is a snapshot.
   */
  readonly snapshot: readonly [readonly BookField[], readonly BookField[]];
  readonly delta: {
    /** The field holding the side. */
    readonly side: string;
    /** The fields that may hold the price level, preferred first. */
    readonly price: readonly BookField[];
    /** The fields that may hold the signed change of the level's count, preferred first. */
    readonly count: readonly string[];
  };
}

/**
 * The default: a binary book, in every format its channel has been published in. The current one (`yes_dollars_fp`
 * / `no_dollars_fp` levels of `[price_dollars, count_fp]` strings; deltas with `price_dollars` and `delta_fp`) is
 * preferred; older captures' forms (`yes_dollars` with integer counts, `yes` / `no` levels of `[cents, contracts]`;
 * deltas with `price` in cents and integer `delta`) are read when the newer fields are absent.
 */
export const BINARY_BOOK_SHAPE: BookShape<BookSide> = {
  sides: ['yes', 'no'],
  prices: 'probability',
  snapshot: [
    ['yes_dollars_fp', 'yes_dollars', { name: 'yes', cents: true }],
    ['no_dollars_fp', 'no_dollars', { name: 'no', cents: true }],
  ],
  delta: { side: 'side', price: ['price_dollars', { name: 'price', cents: true }], count: ['delta_fp', 'delta'] },
};

export interface OrderBookLevel {
  /** Dollars, at least 4 decimals (`"0.5600"`, `"0.56125"`, `"65000.5000"`). */
  price: string;
  /** Contracts, 2 decimals (`"146.00"`). */
  count: string;
  /** The price in millionths of a dollar. */
  priceUnits: number;
  /** The count in hundredths of a contract. */
  countUnits: number;
}

type Level = readonly (string | number)[];

/** The `msg` of a snapshot of the default shape, in any published format. */
export interface OrderBookSnapshotMessage {
  market_ticker?: string;
  yes_dollars_fp?: readonly Level[];
  no_dollars_fp?: readonly Level[];
  yes_dollars?: readonly Level[];
  no_dollars?: readonly Level[];
  yes?: readonly Level[];
  no?: readonly Level[];
}

/** The `msg` of a delta of the default shape, in any published format. */
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

/** A field of the shape, resolved once per book. */
interface Field {
  readonly name: string;
  readonly cents: boolean;
}

class SideBook {
  /** Price units → count units; only levels with a positive count. */
  readonly levels = new Map<number, number>();
  /** The same prices, ascending. */
  readonly prices: number[] = [];

  /** `asks`: the best level is the lowest price (else the highest: bids). */
  constructor(readonly asks: boolean) {}

  /** The price of the `rank`-th best level (0: the best), or undefined past the last. */
  price(rank: number): number | undefined {
    return this.prices[this.asks ? rank : this.prices.length - 1 - rank];
  }

  /** Adds `delta` units at `price`; the caller has checked that the level stays a safe, non-negative count. */
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

  static from(levels: Map<number, number>, asks: boolean): SideBook {
    const side = new SideBook(asks);
    for (const [price, count] of levels) side.levels.set(price, count);
    side.prices.push(...[...levels.keys()].sort((a, b) => a - b));
    return side;
  }
}

/**
 * `Side`: the names of the two sides. `Message`: what `apply` takes, the `msg` of the channel's snapshots and deltas
 * (a generated SDK binds both, with the shape, to its spec's book channel).
 */
export class OrderBook<Side extends string = BookSide, Message extends object = object> {
  /** How the book reads its messages and answers (default: BINARY_BOOK_SHAPE). */
  readonly shape: BookShape<Side>;
  /** Whether the second side holds asks (a bid/ask book) rather than bids on the other outcome. */
  readonly #bidAsk: boolean;
  readonly #snapshotFields: readonly [readonly Field[], readonly Field[]];
  readonly #priceFields: readonly Field[];
  #sides: [SideBook, SideBook];
  #synced = false;
  /** Recently parsed price strings: a book sees the same few hundred prices over and over. */
  readonly #priceCache = new Map<string, number>();

  constructor(marketTicker?: string);
  constructor(marketTicker: string | undefined, shape: BookShape<Side>);
  constructor(
    readonly marketTicker?: string,
    shape: BookShape<Side> = BINARY_BOOK_SHAPE as BookShape<string> as BookShape<Side>,
  ) {
    checkShape(shape);
    this.shape = shape;
    this.#bidAsk = shape.prices === 'positive';
    this.#snapshotFields = [shape.snapshot[0].map(field), shape.snapshot[1].map(field)];
    this.#priceFields = shape.delta.price.map(field);
    this.#sides = this.#empty();
  }

  /** True once a snapshot has been applied (and until `reset()`). */
  get synced(): boolean {
    return this.#synced;
  }

  /** Empties the book, e.g. on a sequence gap while the fresh snapshot is on its way. */
  reset(): void {
    this.#sides = this.#empty();
    this.#synced = false;
  }

  /** Applies a snapshot or a delta (`msg` of either message), telling them apart by the delta's side field. */
  apply(msg: Message): void {
    if ((msg as Record<string, unknown>)[this.shape.delta.side] !== undefined) this.applyDelta(msg);
    else this.applySnapshot(msg);
  }

  /** Replaces the whole book. */
  applySnapshot(msg: Message): void {
    const fields = msg as Record<string, unknown>;
    this.#checkMarket(fields.market_ticker);
    const first = SideBook.from(this.#snapshotSide(fields, 0), false);
    const second = SideBook.from(this.#snapshotSide(fields, 1), this.#bidAsk);
    this.#sides = [first, second];
    this.#synced = true;
  }

  /** Changes one price level by a signed count. */
  applyDelta(msg: Message): void {
    const fields = msg as Record<string, unknown>;
    this.#checkMarket(fields.market_ticker);
    const { sides, delta: shape } = this.shape;
    const side = fields[shape.side];
    const book = side === sides[0] ? this.#sides[0] : side === sides[1] ? this.#sides[1] : undefined;
    if (!book) {
      throw new OrderBookError(`delta ${shape.side} must be ${sides.map(quote).join(' or ')}, got ${quote(side)}`);
    }
    const price = this.#deltaPrice(fields);
    const delta = countUnits(firstPresent(fields, shape.count), true);
    const current = book.levels.get(price) ?? 0;
    const next = current + delta;
    if (next < 0) {
      throw new OrderBookError(
        `delta ${formatFixedPoint(delta, COUNT_DECIMALS)} at ${side as string} ${formatPrice(price)} would leave ${formatFixedPoint(next, COUNT_DECIMALS)} contracts; the book is out of sync (resubscribe for a fresh snapshot)`,
      );
    }
    if (!Number.isSafeInteger(next)) {
      throw new OrderBookError(
        `delta at ${side as string} ${formatPrice(price)} would take the level past exact integers`,
      );
    }
    book.add(price, current, delta);
  }

  /** The best level of `side`'s own orders: the highest bid, or on the ask side of a bid/ask book the lowest ask. */
  best(side: Side): OrderBookLevel | undefined {
    const book = this.#side(side);
    const price = book.price(0);
    return price === undefined ? undefined : level(price, book.levels.get(price)!);
  }

  /**
   * The highest bid: on `side` of a binary book; of the whole book for a bid/ask book, which takes no side.
   */
  bestBid(side?: Side): OrderBookLevel | undefined {
    return this.best(this.#quoteSide(side, 0, 'bestBid'));
  }

  /**
   * The lowest ask: of a bid/ask book (no side), or on `side` of a binary book the implied one, 1 − the other side's
   * best bid, for as many contracts as that bid.
   */
  bestAsk(side?: Side): OrderBookLevel | undefined {
    if (this.#bidAsk) return this.best(this.#quoteSide(side, 1, 'bestAsk'));
    const [first, second] = this.#sides;
    const other = this.#side(this.#quoteSide(side, 0, 'bestAsk')) === first ? second : first;
    const price = other.price(0);
    return price === undefined ? undefined : level(ONE_DOLLAR - price, other.levels.get(price)!);
  }

  get bestYesBid(): OrderBookLevel | undefined {
    return this.bestBid('yes' as Side);
  }

  get bestNoBid(): OrderBookLevel | undefined {
    return this.bestBid('no' as Side);
  }

  get bestYesAsk(): OrderBookLevel | undefined {
    return this.bestAsk('yes' as Side);
  }

  get bestNoAsk(): OrderBookLevel | undefined {
    return this.bestAsk('no' as Side);
  }

  /**
   * Best ask − best bid, in dollars: of a bid/ask book; of a binary book, on its first side (1 − yesBid − noBid, the
   * same on the other side). Undefined when either side is empty; zero or negative when the book is locked or
   * crossed.
   */
  get spread(): string | undefined {
    const spread = this.spreadUnits;
    return spread === undefined ? undefined : formatPrice(spread);
  }

  /** `spread` in millionths of a dollar. */
  get spreadUnits(): number | undefined {
    const first = this.#sides[0].price(0);
    const second = this.#sides[1].price(0);
    if (first === undefined || second === undefined) return undefined;
    return this.#bidAsk ? second - first : ONE_DOLLAR - second - first;
  }

  /** The levels of `side`, best first (`limit` of them, or all). */
  levels(side: Side, limit = Infinity): OrderBookLevel[] {
    const book = this.#side(side);
    const out: OrderBookLevel[] = [];
    for (let rank = 0, price = book.price(0); price !== undefined && rank < limit; price = book.price(++rank))
      out.push(level(price, book.levels.get(price)!));
    return out;
  }

  /** Contracts on `side` over its best `limit` levels (all by default), e.g. `"479.00"`. */
  depth(side: Side, limit = Infinity): string {
    return formatFixedPoint(this.depthUnits(side, limit), COUNT_DECIMALS);
  }

  /** `depth` in hundredths of a contract. */
  depthUnits(side: Side, limit = Infinity): number {
    const book = this.#side(side);
    let total = 0;
    for (let rank = 0, price = book.price(0); price !== undefined && rank < limit; price = book.price(++rank))
      total += book.levels.get(price)!;
    if (!Number.isSafeInteger(total)) throw new OrderBookError(`depth of ${side} is beyond a safe integer of units`);
    return total;
  }

  #empty(): [SideBook, SideBook] {
    return [new SideBook(false), new SideBook(this.#bidAsk)];
  }

  #side(side: Side): SideBook {
    const [first, second] = this.shape.sides;
    if (side === first) return this.#sides[0];
    if (side === second) return this.#sides[1];
    throw new OrderBookError(`side must be ${this.shape.sides.map(quote).join(' or ')}, got ${quote(side)}`);
  }

  /**
   * The side a best bid or ask is read from: `side` in a binary book (required), or the bid/ask book's own side at
   * `index` (no side may be given: the book has one bid side and one ask side).
   */
  #quoteSide(side: Side | undefined, index: 0 | 1, method: string): Side {
    if (!this.#bidAsk) {
      if (side === undefined)
        throw new OrderBookError(
          `${method} of a binary book needs a side: ${this.shape.sides.map(quote).join(' or ')}`,
        );
      return side;
    }
    if (side !== undefined)
      throw new OrderBookError(
        `${method} of a bid/ask book takes no side (its sides are ${this.shape.sides.map(quote).join(' and ')})`,
      );
    return this.shape.sides[index];
  }

  #checkMarket(ticker: unknown): void {
    if (this.marketTicker !== undefined && ticker !== undefined && ticker !== this.marketTicker) {
      throw new OrderBookError(`message for ${String(ticker)} applied to the ${this.marketTicker} book`);
    }
  }

  // Indexed loops here and in firstPresent: this runs for every delta.
  #deltaPrice(fields: Record<string, unknown>): number {
    const candidates = this.#priceFields;
    for (let i = 0; i < candidates.length; i++) {
      const { name, cents } = candidates[i]!;
      const value = fields[name];
      if (value === undefined) continue;
      if (cents) return this.#checkPrice(centsToUnits(value), String(value));
      if (typeof value !== 'string')
        throw new OrderBookError(`delta ${name} must be a dollar string, got ${quote(value)}`);
      return this.#price(value);
    }
    return missing(candidates.map((f) => f.name));
  }

  #price(value: string): number {
    let units = this.#priceCache.get(value);
    if (units === undefined) {
      units = this.#checkPrice(priceUnits(value), value);
      if (this.#priceCache.size >= 4096) this.#priceCache.clear();
      this.#priceCache.set(value, units);
    }
    return units;
  }

  #checkPrice(units: number, text: string): number {
    if (this.#bidAsk ? units <= 0 : units <= 0 || units >= ONE_DOLLAR) {
      throw new OrderBookError(`price ${text} is ${this.#bidAsk ? 'not above 0' : 'outside (0, 1)'} dollars`);
    }
    return units;
  }

  /** One side of a snapshot, from the first of its fields present; duplicate prices add up. */
  #snapshotSide(msg: Record<string, unknown>, index: 0 | 1): Map<number, number> {
    const out = new Map<number, number>();
    const found = this.#snapshotFields[index].find((f) => msg[f.name] !== undefined);
    if (!found) return out;
    const { name, cents } = found;
    const raw = msg[name];
    if (!Array.isArray(raw)) throw new OrderBookError(`snapshot ${name} must be an array of [price, count] levels`);
    for (const entry of raw as unknown[]) {
      if (!Array.isArray(entry) || entry.length < 2)
        throw new OrderBookError(`snapshot ${name} has a level that is not [price, count]: ${JSON.stringify(entry)}`);
      const [p, c] = entry as unknown[];
      let price: number;
      if (cents) price = this.#checkPrice(centsToUnits(p), String(p));
      else if (typeof p === 'string') price = this.#price(p);
      else throw new OrderBookError(`snapshot ${name} has a price that is not a dollar string: ${quote(p)}`);
      const count = countUnits(c, false);
      const total = (out.get(price) ?? 0) + count;
      if (!Number.isSafeInteger(total)) throw new OrderBookError(`snapshot ${name} adds up beyond a safe count`);
      if (count > 0) out.set(price, total);
    }
    return out;
  }
}

/**
 * Books for many markets, keyed by `market_ticker`: what one book-channel subscription feeds. `Side` and `Message`
 * as for `OrderBook`; a message without a string `market_ticker` is refused.
 */
export class OrderBooks<Side extends string = BookSide, Message extends object = { readonly market_ticker: string }> {
  readonly #books = new Map<string, OrderBook<Side, Message>>();
  readonly shape: BookShape<Side>;

  constructor(shape?: BookShape<Side>) {
    this.shape = shape ?? (BINARY_BOOK_SHAPE as BookShape<string> as BookShape<Side>);
    checkShape(this.shape);
  }

  /** Applies a snapshot or delta `msg` to its market's book (created on first sight) and returns that book. */
  apply<M extends Message>(msg: M): OrderBook<Side, Message> {
    const market = (msg as { readonly market_ticker?: unknown }).market_ticker;
    if (typeof market !== 'string')
      throw new OrderBookError(`message market_ticker must be a string, got ${quote(market)}`);
    let book = this.#books.get(market);
    if (!book) {
      book = this.createBook(market);
      this.#books.set(market, book);
    }
    book.apply(msg);
    return book;
  }

  /** The book of a market seen for the first time: one of this shape, or of the class a subclass binds to it. */
  protected createBook(marketTicker: string): OrderBook<Side, Message> {
    return new OrderBook(marketTicker, this.shape);
  }

  get(marketTicker: string): OrderBook<Side, Message> | undefined {
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
  try {
    return parseFixedPoint(value, PRICE_DECIMALS);
  } catch (error) {
    throw new OrderBookError(`price ${JSON.stringify(value)}: ${(error as Error).message}`);
  }
}

function centsToUnits(cents: unknown): number {
  if (!Number.isSafeInteger(cents) || !Number.isSafeInteger((cents as number) * CENT))
    throw new OrderBookError(`price in cents must be an integer, got ${quote(cents)}`);
  return (cents as number) * CENT;
}

/** A count as Kalshi writes it: a fixed-point string, or (older captures) an integer of whole contracts. */
function countUnits(value: unknown, signed: boolean): number {
  let units: number;
  if (typeof value === 'string') {
    try {
      units = parseFixedPoint(value, COUNT_DECIMALS);
    } catch (error) {
      throw new OrderBookError(`count ${JSON.stringify(value)}: ${(error as Error).message}`);
    }
  } else {
    units = (value as number) * CONTRACT;
    if (!Number.isSafeInteger(value) || !Number.isSafeInteger(units))
      throw new OrderBookError(`count ${quote(value)} is neither a fixed-point string nor a whole number of contracts`);
  }
  if (!signed && units < 0) throw new OrderBookError(`count ${String(value)} is negative`);
  return units;
}

/** The value of the first of `names` present in `fields`. */
function firstPresent(fields: Record<string, unknown>, names: readonly string[]): unknown {
  for (let i = 0; i < names.length; i++) {
    const value = fields[names[i]!];
    if (value !== undefined) return value;
  }
  return missing(names);
}

function missing(names: readonly string[]): never {
  const [first, ...rest] = names;
  throw new OrderBookError(`message has no ${first}${rest.length ? ` (or ${rest.join(', ')})` : ''}`);
}

function field(entry: BookField): Field {
  return typeof entry === 'string' ? { name: entry, cents: false } : { name: entry.name, cents: entry.cents };
}

/** Refuses a shape the book could not follow; it is data, perhaps hand-written. */
function checkShape(shape: BookShape): void {
  const [first, second] = shape.sides;
  const problem =
    typeof first !== 'string' || typeof second !== 'string' || !first || first === second
      ? 'its two sides must be distinct names'
      : shape.prices !== 'probability' && shape.prices !== 'positive'
        ? `prices must be "probability" or "positive", got ${quote(shape.prices)}`
        : shape.snapshot?.length !== 2 || !shape.delta?.side || !shape.delta.price?.length || !shape.delta.count?.length
          ? 'it needs snapshot fields for both sides and the delta side, price and count fields'
          : undefined;
  if (problem) throw new OrderBookError(`book shape: ${problem}`);
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
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
