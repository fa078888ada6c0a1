import { describe, expect, expectTypeOf, it } from 'vitest';
import type { KalshiCore, OperationSpec } from '../../templates/runtime/core.js';
import { ServerError } from '../../templates/runtime/errors.js';
import {
  PaginationLimitError,
  PaginationLoopError,
  paginate,
  type PageOptions,
  type PagePromise,
} from '../../templates/runtime/pagination.js';
import type { HttpRequest } from '../../templates/runtime/transport.js';
import { core, json, scriptedTransport } from './helpers.js';

// The shapes the generator emits for a list operation with two arrays (like GetPositions) ...
interface Position {
  ticker: string;
}
interface EventPosition {
  event_ticker: string;
}
interface ListPositionsResponse {
  market_positions: Position[];
  event_positions?: EventPosition[];
  cursor?: string;
}
interface ListPositionsParams {
  limit?: number;
  cursor?: string;
}
const listPositionsOperation: OperationSpec = {
  id: 'ListPositions',
  method: 'GET',
  path: '/portfolio/positions',
  auth: false,
  query: ['limit', 'cursor'],
  paginate: { cursorParam: 'cursor', cursorField: 'cursor', items: ['market_positions', 'event_positions'] },
};
// ... and the function it emits for it: the type arguments come from the declared return type.
function listPositions(
  client: KalshiCore,
  params: ListPositionsParams = {},
  options?: PageOptions,
): PagePromise<ListPositionsResponse, 'market_positions'> {
  return paginate(client, listPositionsOperation, params, options);
}

// A response whose cursor field is named differently (like GetIncentivePrograms).
const listProgramsOperation: OperationSpec = {
  id: 'ListPrograms',
  method: 'GET',
  path: '/incentive_programs',
  auth: false,
  query: ['cursor'],
  paginate: { cursorParam: 'cursor', cursorField: 'next_cursor', items: ['incentive_programs'] },
};

/** A server holding `pages`; page i is reached with cursor `c<i>`, the last page has `lastCursor`. */
function pagedServer(pages: string[][], lastCursor: unknown = '') {
  return scriptedTransport(async (request: HttpRequest) => {
    const cursor = new URL(request.url).searchParams.get('cursor');
    const index = cursor ? Number(cursor.slice(1)) : 0;
    const next = index + 1 < pages.length ? `c${index + 1}` : lastCursor;
    return json(200, {
      market_positions: pages[index]!.map((ticker) => ({ ticker })),
      event_positions: pages[index]!.map((ticker) => ({ event_ticker: `E-${ticker}` })),
      cursor: next,
    });
  });
}

const threePages = [['A', 'B'], ['C', 'D'], ['E']];

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('paginate', () => {
  it('awaiting gives the first page, with the response details', async () => {
    const { transport, calls } = pagedServer(threePages);
    const client = core({ transport });
    const first = await listPositions(client, { limit: 2 });
    expectTypeOf(first).toEqualTypeOf<ListPositionsResponse>();
    expect(first.market_positions).toEqual([{ ticker: 'A' }, { ticker: 'B' }]);
    expect(first.cursor).toBe('c1');
    const response = await listPositions(client).withResponse();
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it('for await walks every item of the default array across pages without awaiting first', async () => {
    const { transport, calls } = pagedServer(threePages);
    const items = [];
    for await (const position of listPositions(core({ transport }), { limit: 2 })) {
      expectTypeOf(position).toEqualTypeOf<Position>();
      items.push(position.ticker);
    }
    expect(items).toEqual(['A', 'B', 'C', 'D', 'E']);
    // The request sent when the operation was called is the first page: nothing is fetched twice.
    expect(calls.map((c) => new URL(c.url).search)).toEqual(['?limit=2', '?limit=2&cursor=c1', '?limit=2&cursor=c2']);
  });

  it('pages() yields whole pages; items(field) walks another array', async () => {
    const { transport } = pagedServer(threePages);
    const client = core({ transport });
    const pages = await collect(listPositions(client).pages());
    expectTypeOf(pages).toEqualTypeOf<ListPositionsResponse[]>();
    expect(pages.map((p) => p.market_positions.length)).toEqual([2, 2, 1]);

    const events = await collect(listPositions(client).items('event_positions'));
    expectTypeOf(events).toEqualTypeOf<EventPosition[]>();
    expect(events.map((e) => e.event_ticker)).toEqual(['E-A', 'E-B', 'E-C', 'E-D', 'E-E']);
    // @ts-expect-error `cursor` is not an array field
    expect(() => listPositions(client).items('cursor')).toBeDefined();
  });

  it.each([
    ['empty', ''],
    ['absent', undefined],
    ['null', null],
  ])('an %s cursor ends the walk', async (_, last) => {
    const { transport, calls } = pagedServer(threePages, last);
    expect(await collect(listPositions(core({ transport })))).toHaveLength(5);
    expect(calls).toHaveLength(3);
  });

  it('follows a cursor field with another name', async () => {
    const { transport, calls } = scriptedTransport(async (request: HttpRequest) => {
      const cursor = new URL(request.url).searchParams.get('cursor');
      return json(
        200,
        cursor
          ? { incentive_programs: [{ id: 2 }], next_cursor: '' }
          : { incentive_programs: [{ id: 1 }], next_cursor: 'n1' },
      );
    });
    const programs = await collect(
      paginate<{ incentive_programs: { id: number }[] }, 'incentive_programs'>(
        core({ transport }),
        listProgramsOperation,
      ),
    );
    expect(programs).toEqual([{ id: 1 }, { id: 2 }]);
    expect(calls[1]!.url).toMatch(/\?cursor=n1$/);
  });

  it('throws PaginationLoopError when the server repeats a cursor', async () => {
    const { transport, calls } = scriptedTransport(async (request: HttpRequest) => {
      const cursor = new URL(request.url).searchParams.get('cursor');
      return json(200, { market_positions: [{ ticker: cursor ?? 'first' }], cursor: cursor === 'c1' ? 'c2' : 'c1' });
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const p of listPositions(core({ transport }))) seen.push(p.ticker);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(error).toMatchObject({ operationId: 'ListPositions', cursor: 'c1', pageCount: 3 });
    expect((error as Error).message).toContain('returned cursor "c1" again');
    expect(seen).toEqual(['first', 'c1']);
    expect(calls).toHaveLength(3);
  });

  it('treats the cursor the caller started from as seen', async () => {
    const { transport } = scriptedTransport(json(200, { market_positions: [], cursor: 'resume' }));
    await expect(collect(listPositions(core({ transport }), { cursor: 'resume' }))).rejects.toBeInstanceOf(
      PaginationLoopError,
    );
  });

  describe('limits are visible', () => {
    it('maxPages stops early and marks the walk truncated', async () => {
      const { transport, calls } = pagedServer(threePages);
      const positions = listPositions(core({ transport }), {}, { maxPages: 2 });
      expect((await collect(positions)).map((p) => p.ticker)).toEqual(['A', 'B', 'C', 'D']);
      expect(positions.truncated).toBe(true);
      expect(calls).toHaveLength(2);
    });

    it('maxPages equal to the number of pages is not a truncation', async () => {
      const { transport } = pagedServer(threePages);
      const positions = listPositions(core({ transport }), {}, { maxPages: 3 });
      await collect(positions);
      expect(positions.truncated).toBe(false);
    });

    it('maxItems cuts inside a page without fetching more', async () => {
      const { transport, calls } = pagedServer(threePages);
      const iterator = listPositions(core({ transport }), {}, { maxItems: 3 })[Symbol.asyncIterator]();
      expect((await collect(iterator)).map((p) => p.ticker)).toEqual(['A', 'B', 'C']);
      expect(iterator).toMatchObject({ truncated: true, itemCount: 3, pageCount: 2 });
      expect(calls).toHaveLength(2);
    });

    it('maxItems at a page boundary with more pages is a truncation, and fetches nothing more', async () => {
      const { transport, calls } = pagedServer(threePages);
      const positions = listPositions(core({ transport }), {}, { maxItems: 4 });
      expect(await collect(positions)).toHaveLength(4);
      expect(positions.truncated).toBe(true);
      expect(calls).toHaveLength(2);
    });

    it('maxItems reached by the very last item is not a truncation', async () => {
      const { transport } = pagedServer(threePages);
      const positions = listPositions(core({ transport }), {}, { maxItems: 5 });
      expect(await collect(positions)).toHaveLength(5);
      expect(positions.truncated).toBe(false);
    });

    it('pages() stops after the page that reaches maxItems, never cutting a page', async () => {
      const { transport } = pagedServer(threePages);
      const pages = listPositions(core({ transport }), {}, { maxItems: 3 }).pages();
      expect((await collect(pages)).map((p) => p.market_positions.length)).toEqual([2, 2]);
      expect(pages).toMatchObject({ truncated: true, itemCount: 4, pageCount: 2 });
    });

    it('throwOnLimit turns a truncation into a PaginationLimitError after the allowed items', async () => {
      const { transport } = pagedServer(threePages);
      const seen: string[] = [];
      const error = await (async () => {
        for await (const p of listPositions(core({ transport }), {}, { maxItems: 3, throwOnLimit: true }))
          seen.push(p.ticker);
      })().catch((e: unknown) => e);
      expect(seen).toEqual(['A', 'B', 'C']);
      expect(error).toBeInstanceOf(PaginationLimitError);
      expect(error).toMatchObject({ limit: 'maxItems', itemCount: 3, pageCount: 2 });
    });

    it('throwOnLimit stays quiet when the limit was not needed', async () => {
      const { transport } = pagedServer(threePages);
      await expect(
        collect(listPositions(core({ transport }), {}, { maxPages: 3, throwOnLimit: true })),
      ).resolves.toHaveLength(5);
    });

    it('rejects limits that are not positive integers', () => {
      const { transport } = pagedServer(threePages);
      expect(() => listPositions(core({ transport }), {}, { maxPages: 0 })).toThrow(RangeError);
      expect(() => listPositions(core({ transport }), {}, { maxItems: 2.5 })).toThrow(RangeError);
    });
  });

  it('break stops fetching', async () => {
    const { transport, calls } = pagedServer(threePages);
    for await (const p of listPositions(core({ transport }))) if (p.ticker === 'C') break;
    expect(calls).toHaveLength(2);
  });

  it('a failing later page rejects the iteration with the API error', async () => {
    const { transport, calls } = scriptedTransport(
      json(200, { market_positions: [{ ticker: 'A' }], cursor: 'c1' }),
      json(500, { error: { code: 'boom' } }),
    );
    const error = await collect(listPositions(core({ transport, maxRetries: 1, retry: { baseDelayMs: 1 } }))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).attempts).toBe(2);
    expect(calls).toHaveLength(3);
  });

  it('passes request options to every page', async () => {
    const { transport, calls } = pagedServer(threePages);
    await collect(listPositions(core({ transport }), {}, { headers: { 'x-trace': 't1' } }));
    expect(calls.map((c) => c.headers['x-trace'])).toEqual(['t1', 't1', 't1']);
  });

  it('a second iteration starts again from the first page', async () => {
    const { transport, calls } = pagedServer(threePages);
    const positions = listPositions(core({ transport }));
    expect(await collect(positions)).toHaveLength(5);
    expect(await collect(positions)).toHaveLength(5);
    expect(calls).toHaveLength(6);
  });
});
