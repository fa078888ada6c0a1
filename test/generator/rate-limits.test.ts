import { describe, expect, it } from 'vitest';
import { rateLimitCost } from '../../generator/model/rate-limits.ts';

describe('rateLimitCost', () => {
  it("reads the cost Kalshi documents in an operation's description or docs note", () => {
    expect(rateLimitCost('GetOrder', ['Gets one order.', '**Rate limit:** 2 tokens per request.'], [])).toEqual({
      cost: 2,
    });
    expect(rateLimitCost('Upgrade', ['Rate limit: 30 tokens per request, from the write bucket.'], [])).toEqual({
      cost: 30,
    });
    // The first text that states a cost wins; other numbers of tokens are not a cost.
    expect(rateLimitCost('X', ['**Rate limit:** 5 tokens per request', '**Rate limit:** 7 tokens'], []).cost).toBe(5);
    expect(rateLimitCost('X', ['Costs 10 tokens less than before.', undefined, 42], [])).toEqual({});
  });

  it('bills a Batch operation per item of every array in its body, and nothing else per item', () => {
    expect(
      rateLimitCost('BatchCancelOrders', ['**Rate limit:** 2 tokens per order in the batch'], ['ids', 'orders']),
    ).toEqual({ cost: 2, perItem: ['ids', 'orders'] });
    expect(rateLimitCost('BatchGetMarketCandlesticks', [], ['market_tickers'])).toEqual({
      perItem: ['market_tickers'],
    });
    expect(rateLimitCost('BatchSomething', [], [])).toEqual({});
    expect(rateLimitCost('CreateMarketInCollection', [], ['selected_markets'])).toEqual({});
  });
});
