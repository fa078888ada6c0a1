import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASYNCAPI, SPECS_DIR } from '../../generator/defaults.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import type { WsBookModel, WsModel } from '../../generator/model/types.ts';
import type { BookShape } from '../../templates/ws/orderbook.ts';
import { bookSpec, type BookSpecPatch } from './synthetic-spec.ts';

/** The book of every channel the model gives one (buildWsModel derives them with deriveBook). */
function books(model: WsModel): Record<string, WsBookModel> {
  return Object.fromEntries(
    model.channels.flatMap((c) => (c.subscription?.book ? [[c.name, c.subscription.book]] : [])),
  );
}

/** The book the event-contract specs' orderbook_delta channel carries in `msg`, of the given shape. */
const binaryBook = (shape: BookShape): Record<string, WsBookModel> => ({
  orderbook_delta: { shape, body: 'msg', messages: ['orderbookSnapshot', 'orderbookDelta'] },
});

describe('deriveBook on published specs', () => {
  // given a spec, want the book of each book channel (and no other channel counted as a book)
  it.each<[string, string, Record<string, WsBookModel>]>([
    [
      'the event-contract spec of today',
      DEFAULT_ASYNCAPI,
      binaryBook({
        sides: ['yes', 'no'],
        prices: 'probability',
        snapshot: [['yes_dollars_fp'], ['no_dollars_fp']],
        delta: { side: 'side', price: ['price_dollars'], count: ['delta_fp'] },
      }),
    ],
    [
      'the perps spec',
      join(SPECS_DIR, 'perps/asyncapi.yaml'),
      {
        orderbook_delta: {
          shape: {
            sides: ['bid', 'ask'],
            prices: 'positive',
            snapshot: [['bid'], ['ask']],
            delta: { side: 'side', price: ['price'], count: ['delta'] },
          },
          body: 'msg',
          messages: ['orderbookSnapshot', 'orderbookDelta'],
        },
      },
    ],
    [
      // Three snapshot formats side by side: fixed-point strings first, then mixed; integer cents are left out.
      'an event-contract capture in transition (2026-01-22)',
      join(SPECS_DIR, 'versions/asyncapi/2026-01-22.yaml'),
      binaryBook({
        sides: ['yes', 'no'],
        prices: 'probability',
        snapshot: [
          ['yes_dollars_fp', 'yes_dollars'],
          ['no_dollars_fp', 'no_dollars'],
        ],
        delta: { side: 'side', price: ['price_dollars'], count: ['delta_fp', 'delta'] },
      }),
    ],
    [
      'the oldest event-contract capture (2026-01-16)',
      join(SPECS_DIR, 'versions/asyncapi/2026-01-16.yaml'),
      binaryBook({
        sides: ['yes', 'no'],
        prices: 'probability',
        snapshot: [['yes_dollars'], ['no_dollars']],
        delta: { side: 'side', price: ['price_dollars'], count: ['delta'] },
      }),
    ],
  ])('%s', async (_, path, want) => {
    expect(books(await buildWsModel(await loadSpec(path)))).toEqual(want);
  });
});

const LADDER: BookShape = {
  sides: ['buy', 'sell'],
  prices: 'positive',
  snapshot: [['buy_levels'], ['sell_levels']],
  delta: { side: 'direction', price: ['price_usd'], count: ['count_change'] },
};

describe('deriveBook on a synthetic spec: the rule, not the names of one spec', () => {
  // given an edit of the ladder spec, want its shape (undefined: not a book)
  it.each<[string, BookSpecPatch, BookShape | undefined]>([
    // The bid side comes first whatever the enum's order; the side is found by its values, not its name.
    ['as written: a bid/ask book in another body and other names', () => {}, LADDER],
    [
      'sides that are not bid and ask: the outcomes of a binary contract',
      (s) => {
        s.direction.enum = ['over', 'under'];
        const body = s.snapshot.properties.body.properties;
        body.over_levels = body.buy_levels;
        body.under_levels = body.sell_levels;
      },
      { ...LADDER, sides: ['over', 'under'], prices: 'probability', snapshot: [['over_levels'], ['under_levels']] },
    ],
    [
      'levels of strings or integers next to all-string ones: the all-string field first',
      (s) => {
        // Written before the all-string fields, so the order is the rank's, not the spec's.
        const mixed = {
          type: 'array',
          items: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
        };
        const cents = { type: 'array', items: { type: 'array', items: { type: 'integer' } } };
        const body = s.snapshot.properties.body;
        body.properties = { buy: mixed, sell_cents: cents, ...body.properties };
        const change = s.change.properties.body;
        change.properties = {
          count_whole: { type: 'integer' },
          price_cents: { type: 'integer' },
          ...change.properties,
        };
      },
      {
        ...LADDER,
        snapshot: [['buy_levels', 'buy'], ['sell_levels']],
        delta: { ...LADDER.delta, count: ['count_change', 'count_whole'] },
      },
    ],
    [
      'no snapshot message',
      (s, m) => {
        s.snapshot.properties.type.const = 'ladder_full';
        m.ladderSnapshot.name = 'ladder_full';
      },
      undefined,
    ],
    ['a side without levels', (s) => delete s.snapshot.properties.body.properties.sell_levels, undefined],
    ['a side enum of three', (s) => s.direction.enum.push('hold'), undefined],
    ['no price field', (s) => delete s.change.properties.body.properties.price_usd, undefined],
    [
      'an integer price only, of no stated unit',
      (s) => (s.change.properties.body.properties.price_usd = { type: 'integer' }),
      undefined,
    ],
    ['no count field', (s) => delete s.change.properties.body.properties.count_change, undefined],
    [
      'snapshot and delta in different bodies',
      (s) => {
        s.change.properties.data = s.change.properties.body;
        delete s.change.properties.body;
      },
      undefined,
    ],
  ])('%s', async (_, patch, want) => {
    const model = await buildWsModel(bookSpec(patch));
    expect(books(model).ladder).toEqual(
      want && { shape: want, body: 'body', messages: ['ladderSnapshot', 'ladderChange'] },
    );
  });
});
