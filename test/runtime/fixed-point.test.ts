import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centiUnitsToCount,
  centsToDollars,
  countToCentiUnits,
  dollarsToCents,
  dollarsToMicros,
  formatFixedPoint,
  microsToDollars,
  parseFixedPoint,
} from '../../templates/runtime/fixed-point.js';

describe('fixed-point conversions', () => {
  it('round-trips every integer number of units through the string form, for every scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 }), (units, decimals) => {
        const text = formatFixedPoint(units, decimals);
        expect(text).toMatch(decimals ? new RegExp(`^-?\\d+\\.\\d{${decimals}}$`) : /^-?\d+$/);
        expect(parseFixedPoint(text, decimals)).toBe(units);
      }),
    );
  });

  it('is exact where floats are not', () => {
    expect(dollarsToMicros('0.1') + dollarsToMicros('0.2')).toBe(dollarsToMicros('0.3'));
    expect(centsToDollars(dollarsToCents('0.29') + 1)).toBe('0.3000');
    expect(microsToDollars(dollarsToMicros('0.565') * 3)).toBe('1.695000');
  });

  it("reads Kalshi's forms: trailing zeros, fewer decimals than the unit, whole numbers", () => {
    expect(dollarsToCents('0.5600')).toBe(56);
    expect(dollarsToCents('1')).toBe(100);
    expect(countToCentiUnits('10.00')).toBe(1000);
    expect(countToCentiUnits('2.5')).toBe(250);
    expect(centiUnitsToCount(1050)).toBe('10.50');
    expect(centsToDollars(56)).toBe('0.5600');
  });

  it('refuses to round, to read non-decimals, or to lose precision', () => {
    expect(() => dollarsToCents('0.565')).toThrow('"0.565" has more than 2 decimal places; refusing to round');
    expect(() => parseFixedPoint('1e3', 2)).toThrow('is not a fixed-point decimal string');
    expect(() => parseFixedPoint('0x10', 2)).toThrow(RangeError);
    expect(() => parseFixedPoint('99999999999999999', 2)).toThrow('too large to represent exactly');
    expect(() => formatFixedPoint(0.5, 2)).toThrow('not a safe integer');
    expect(formatFixedPoint(10n ** 30n, 2)).toBe(`${'1'.padEnd(29, '0')}.00`);
  });
});
