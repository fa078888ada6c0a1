import { describe, expect, it } from 'vitest';
import { buildPath, buildQuery } from '../../templates/runtime/query.js';

describe('query serialisation', () => {
  it('omits undefined and null but keeps 0, false and the empty string', () => {
    const query = buildQuery({ a: undefined, b: null, c: 0, d: false, e: '' }, ['a', 'b', 'c', 'd', 'e']);
    expect(query).toBe('?c=0&d=false&e=');
  });

  it('repeats the key for form + explode arrays and joins the others with their delimiter', () => {
    const spec = [
      'tickers',
      { name: 'csv', explode: false },
      { name: 'space', style: 'spaceDelimited' as const },
      { name: 'pipe', style: 'pipeDelimited' as const },
    ];
    const params = { tickers: ['A B', 'C/D'], csv: ['x', 'y'], space: ['1', '2'], pipe: ['p', 'q'] };
    expect(buildQuery(params, spec)).toBe('?tickers=A%20B&tickers=C%2FD&csv=x%2Cy&space=1%202&pipe=p%7Cq');
  });

  it('sends nothing for an empty exploded array and no "?" without parameters', () => {
    expect(buildQuery({ tickers: [] }, ['tickers'])).toBe('');
    expect(buildQuery({}, ['status'])).toBe('');
  });

  it('percent-encodes keys, values and path parameters', () => {
    expect(buildQuery({ 'a&b': 'c=d' }, ['a&b'])).toBe('?a%26b=c%3Dd');
    expect(buildPath('/markets/{ticker}/orderbook', { ticker: 'KX/ODD #1?' })).toBe(
      '/markets/KX%2FODD%20%231%3F/orderbook',
    );
  });
});
