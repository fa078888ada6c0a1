import { ApiPromise, type ApiResponse, type KalshiCore, type OperationSpec, type RequestOptions } from './core.js';
import { PAGINATION_DEFAULTS } from './defaults.js';
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
  declare readonly operationId: string;
  declare readonly cursor: string;
  /** Pages received before the repeat was seen. */
  declare readonly pageCount: number;

  constructor(operationId: string, cursor: string, pageCount: number) {
    super(`${operationId}: page ${pageCount} returned cursor "${cursor}" again, which would loop`);
    Object.assign(this, { operationId, cursor, pageCount });
  }
}

/** A maxPages/maxItems limit stopped the walk while the server had more data (only with `throwOnLimit`). */
export class PaginationLimitError extends KalshiError {
  override name = 'PaginationLimitError';
  declare readonly operationId: string;
  declare readonly limit: 'maxPages' | 'maxItems';
  declare readonly pageCount: number;
  declare readonly itemCount: number;

  constructor(operationId: string, limit: 'maxPages' | 'maxItems', pageCount: number, itemCount: number) {
    super(`${operationId}: stopped at ${limit} (${pageCount} pages, ${itemCount} items); the server has more`);
    Object.assign(this, { operationId, limit, pageCount, itemCount });
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

/** Starts one pass over the pages: `null` yields pages, a field name the items of that array, undefined the default. */
type Walk = (field: string | null | undefined) => PageIterator<unknown>;

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

  // items() also takes the walk's `undefined` (the default array) and `null` (whole pages), which its public
  // signature does not offer.
  [Symbol.asyncIterator](): PageIterator<ItemOf<Page, K>> {
    return this.items(undefined as never);
  }

  pages(): PageIterator<Page> {
    return this.items(null as never) as PageIterator<never>;
  }

  items<F extends ArrayField<Page>>(field: F): PageIterator<ItemOf<Page, F>> {
    return (this.#last = this.#walk(field as string)) as PageIterator<ItemOf<Page, F>>;
  }

  /** Whether the most recent iteration started from this object was cut short by maxPages/maxItems. */
  get truncated(): boolean {
    return !!this.#last?.truncated;
  }
}

/** Sends the first page request now (like any operation call) and returns the page promise. */
export function paginate<Page, K extends keyof Page>(
  client: KalshiCore,
  op: OperationSpec,
  params: object = {},
  options: PageOptions = {},
): PagePromise<Page, K> {
  const { maxPages = Infinity, maxItems = Infinity, throwOnLimit, ...requestOptions } = options;
  if (![maxPages, maxItems].every((n) => n === Infinity || (Number.isInteger(n) && n > 0)))
    throw new RangeError(`${op.id}: maxPages and maxItems must be positive integers`);
  const {
    cursorParam = PAGINATION_DEFAULTS.cursorParam,
    cursorField = PAGINATION_DEFAULTS.cursorField,
    items,
  } = op.paginate!;
  const start = params as Record<string, unknown>;
  const fetch = (cursor?: string) =>
    client.request(op, cursor ? { ...start, [cursorParam]: cursor } : start, requestOptions).withResponse();
  // The first iteration uses the request sent now; later ones start afresh.
  let first: Promise<ApiResponse<unknown>> | undefined = fetch();

  const walk: Walk = (field) => {
    let pending = first ?? fetch();
    first = undefined;
    const iterator = Object.assign(pages(), { pageCount: 0, itemCount: 0, truncated: false });
    // The cursor the walk started from counts as seen: the server returning it again would be a loop.
    const seen = new Set([start[cursorParam]]);
    const stop = (limit: 'maxPages' | 'maxItems', more: boolean) => {
      iterator.truncated = more;
      if (more && throwOnLimit) throw new PaginationLimitError(op.id, limit, iterator.pageCount, iterator.itemCount);
    };

    async function* pages(): AsyncGenerator<unknown, void> {
      for (;;) {
        const page = (await pending).data as Record<string, unknown> | undefined;
        iterator.pageCount++;
        const cursor = page?.[cursorField];
        const next = typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
        if (next !== undefined && seen.has(next)) throw new PaginationLoopError(op.id, next, iterator.pageCount);
        seen.add(next);
        const found = page?.[field ?? items[0]!];
        const list: unknown[] = Array.isArray(found) ? found : [];
        // Pages count the items of the default array; a page is never cut.
        const out = field === null ? [page] : list;
        for (let i = 0; i < out.length;) {
          iterator.itemCount += field === null ? list.length : 1;
          yield out[i++];
          if (iterator.itemCount >= maxItems) return stop('maxItems', i < out.length || next !== undefined);
        }
        if (next === undefined) return;
        if (iterator.pageCount >= maxPages) return stop('maxPages', true);
        pending = fetch(next);
      }
    }
    return iterator;
  };
  return new PagePromise<Page, K>(walk, first as Promise<ApiResponse<Page>>);
}
