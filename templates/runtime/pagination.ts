import { ApiPromise, type ApiResponse, type KalshiCore, type OperationSpec, type RequestOptions } from './core.js';
import { KalshiError } from './errors.js';

/**
 * Auto-paging for Kalshi's cursor-paginated list operations. The generated code declares where the cursor goes in
 * and comes out and which arrays hold the items (`OperationSpec.paginate`); this module walks the pages.
 */

export interface PageOptions extends RequestOptions {
  /** Stop after this many pages (the first page counts). */
  maxPages?: number;
  /**
   * Stop after this many items. Item iteration never yields more; `pages()` counts the default item field and stops
   * after the page that reaches the limit (pages are never cut).
   */
  maxItems?: number;
  /** Throw a PaginationLimitError instead of ending quietly when a limit stops the walk while more data exists. */
  throwOnLimit?: boolean;
}

/** The element type of the array field `K` of a page. */
export type ItemOf<Page, K extends keyof Page> = NonNullable<Page[K]> extends readonly (infer Item)[] ? Item : never;

/** The names of a page's array fields. */
export type ArrayField<Page> = {
  [K in keyof Page]-?: NonNullable<Page[K]> extends readonly unknown[] ? K : never;
}[keyof Page];

/** The server returned a cursor it had already returned: following it would loop forever. */
export class PaginationLoopError extends KalshiError {
  override name = 'PaginationLoopError';
  constructor(
    readonly operationId: string,
    readonly cursor: string,
    /** Pages received before the repeat was seen. */
    readonly pageCount: number,
  ) {
    super(`${operationId}: page ${pageCount} returned cursor "${cursor}" again; stopping instead of looping forever`);
  }
}

/** A maxPages/maxItems limit stopped the walk while the server had more data (only with `throwOnLimit`). */
export class PaginationLimitError extends KalshiError {
  override name = 'PaginationLimitError';
  constructor(
    readonly operationId: string,
    readonly limit: 'maxPages' | 'maxItems',
    readonly pageCount: number,
    readonly itemCount: number,
  ) {
    super(`${operationId}: stopped at ${limit} after ${pageCount} pages and ${itemCount} items; the server has more`);
  }
}

/** An iteration over pages or items that can tell how it ended. */
export interface PageIterator<T> extends AsyncIterableIterator<T> {
  /** Pages received so far. */
  readonly pageCount: number;
  /** Items yielded so far (for `pages()`: items in the default field of the pages yielded). */
  readonly itemCount: number;
  /** True when maxPages/maxItems ended the iteration while the server still had data. */
  readonly truncated: boolean;
}

/**
 * The result of a paginated operation. `await` it for the first page (`.withResponse()` works as for any call);
 * `for await` over it for every item of the default array across all pages; `.pages()` for whole pages;
 * `.items(field)` for another array of the page (e.g. `event_positions`).
 */
export class PagePromise<Page, K extends keyof Page>
  extends ApiPromise<Page>
  implements AsyncIterable<ItemOf<Page, K>>
{
  readonly #walk: Walk;
  #last: PageIterator<unknown> | undefined;

  constructor(walk: Walk, first: Promise<ApiResponse<Page>>) {
    super(first);
    this.#walk = walk;
  }

  [Symbol.asyncIterator](): PageIterator<ItemOf<Page, K>> {
    return this.#start<ItemOf<Page, K>>(this.#walk.op.paginate!.items[0]!);
  }

  pages(): PageIterator<Page> {
    return this.#start<Page>(null);
  }

  items<F extends ArrayField<Page>>(field: F): PageIterator<ItemOf<Page, F>> {
    return this.#start<ItemOf<Page, F>>(field as string);
  }

  /** Whether the most recent iteration started from this object was cut short by maxPages/maxItems. */
  get truncated(): boolean {
    return this.#last?.truncated ?? false;
  }

  #start<T>(field: string | null): PageIterator<T> {
    // The first iteration uses the request that was sent when the operation was called; later ones start afresh.
    const first = this.#walk.first;
    this.#walk.first = undefined;
    const iterator = new Iteration<T>(this.#walk, field, first ?? this.#walk.fetch(this.#walk.params));
    this.#last = iterator;
    return iterator;
  }
}

/** What one paginated call needs to fetch its pages. */
interface Walk {
  op: OperationSpec;
  params: Record<string, unknown>;
  options: PageOptions;
  fetch(params: Record<string, unknown>): Promise<ApiResponse<unknown>>;
  /** The already-sent first request, until an iteration takes it. */
  first: Promise<ApiResponse<unknown>> | undefined;
}

/** Sends the first page request now (like any operation call) and returns the page promise. */
export function paginate<Page, K extends keyof Page>(
  client: KalshiCore,
  op: OperationSpec,
  params: object = {},
  options: PageOptions = {},
): PagePromise<Page, K> {
  if (!op.paginate) throw new TypeError(`${op.id} is not a paginated operation`);
  const { maxPages, maxItems, throwOnLimit, ...requestOptions } = options;
  for (const [name, value] of [
    ['maxPages', maxPages],
    ['maxItems', maxItems],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1))
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  const fetch = (p: Record<string, unknown>) => client.request<unknown>(op, p, requestOptions).withResponse();
  const first = fetch(params as Record<string, unknown>);
  const walk: Walk = {
    op,
    params: params as Record<string, unknown>,
    options: { maxPages, maxItems, throwOnLimit },
    fetch,
    first,
  };
  return new PagePromise<Page, K>(walk, first as Promise<ApiResponse<Page>>);
}

/** One pass over the pages; `field` null yields pages, otherwise the items of that array field. */
class Iteration<T> implements PageIterator<T> {
  pageCount = 0;
  itemCount = 0;
  truncated = false;
  readonly #generator: AsyncGenerator<T, undefined>;
  readonly #throwOnLimit: boolean;

  constructor(walk: Walk, field: string | null, first: Promise<ApiResponse<unknown>>) {
    this.#throwOnLimit = walk.options.throwOnLimit === true;
    this.#generator = this.#run(walk, field, first);
  }

  next(): Promise<IteratorResult<T, undefined>> {
    return this.#generator.next();
  }

  return(): Promise<IteratorResult<T, undefined>> {
    return this.#generator.return(undefined);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async *#run(walk: Walk, field: string | null, first: Promise<ApiResponse<unknown>>): AsyncGenerator<T, undefined> {
    const { op, params, options } = walk;
    const { cursorParam = 'cursor', cursorField = 'cursor', items } = op.paginate!;
    const maxPages = options.maxPages ?? Infinity;
    const maxItems = options.maxItems ?? Infinity;
    const seen = new Set<string>();
    if (typeof params[cursorParam] === 'string' && params[cursorParam]) seen.add(params[cursorParam]);
    let pending = first;

    for (;;) {
      const page = (await pending).data as Record<string, unknown> | undefined;
      this.pageCount++;
      const cursor = page?.[cursorField];
      const next = typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
      if (next !== undefined && seen.has(next)) throw new PaginationLoopError(op.id, next, this.pageCount);
      if (next !== undefined) seen.add(next);

      const list = asArray(page?.[field ?? items[0]!]);
      if (field === null) {
        this.itemCount += list.length;
        yield page as T;
        if (this.itemCount >= maxItems) return this.#stop(op, 'maxItems', next !== undefined);
      } else {
        for (let i = 0; i < list.length; i++) {
          this.itemCount++;
          yield list[i] as T;
          if (this.itemCount >= maxItems) return this.#stop(op, 'maxItems', i + 1 < list.length || next !== undefined);
        }
      }
      if (next === undefined) return undefined;
      if (this.pageCount >= maxPages) return this.#stop(op, 'maxPages', true);
      pending = walk.fetch({ ...params, [cursorParam]: next });
    }
  }

  #stop(op: OperationSpec, limit: 'maxPages' | 'maxItems', more: boolean): undefined {
    this.truncated = more;
    if (more && this.#throwOnLimit) throw new PaginationLimitError(op.id, limit, this.pageCount, this.itemCount);
    return undefined;
  }
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
