import { describe, expect, it } from 'vitest';
import { applySubscriptionUpdate } from '../../templates/ws/params.ts';

describe('applySubscriptionUpdate', () => {
  const markets = { channels: ['ticker'], market_tickers: ['A', 'B'], send_initial_snapshot: true };

  it('adds and removes markets named one at a time or in a list', () => {
    expect(applySubscriptionUpdate(markets, { action: 'add_markets', market_tickers: ['C', 'A'] }, undefined)).toEqual({
      ...markets,
      market_tickers: ['A', 'B', 'C'],
    });
    expect(applySubscriptionUpdate(markets, { action: 'delete_markets', market_ticker: 'A' }, undefined)).toEqual({
      ...markets,
      market_tickers: ['B'],
    });
  });

  it('follows any list the update names: CF Benchmarks indices subscribe and unsubscribe the same way', () => {
    const indices = { channels: ['cfbenchmarks_value'], index_ids: ['BRTI'] };
    const added = applySubscriptionUpdate(
      indices,
      { action: 'subscribe_indices', index_ids: ['ETHUSD_RR'] },
      undefined,
    );
    expect(added).toEqual({ ...indices, index_ids: ['BRTI', 'ETHUSD_RR'] });
    expect(applySubscriptionUpdate(added, { action: 'unsubscribe_indices', index_ids: ['BRTI'] }, undefined)).toEqual({
      ...indices,
      index_ids: ['ETHUSD_RR'],
    });
  });

  it('changes nothing for an action that only asks for something', () => {
    for (const update of [
      { action: 'get_snapshot', market_tickers: ['Z'] },
      { action: 'indexlist' },
      { action: 'add_markets', send_initial_snapshot: false },
    ])
      expect(applySubscriptionUpdate(markets, update, undefined)).toEqual(markets);
  });

  it("takes the reply's full list when it gives one", () => {
    const reply = { type: 'ok', msg: { market_tickers: ['B', 'C', 'D'] } };
    expect(applySubscriptionUpdate(markets, { action: 'add_markets', market_ticker: 'C' }, reply)).toEqual({
      ...markets,
      market_tickers: ['B', 'C', 'D'],
    });
  });
});
