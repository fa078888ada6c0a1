import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  centiUnitsToCount,
  centicentsToDollars,
  centsToDollars,
  countToCentiUnits,
  dollarsToCenticents,
  dollarsToCenticentsBigInt,
  dollarsToCents,
  dollarsToMicros,
  formatFixedPoint,
  microsToDollars,
  parseFixedPoint,
  parseFixedPointBigInt,
  toDecimalString,
  type DecimalString,
} from '../../templates/runtime/fixed-point.js';

/*
 * What the DecimalString type admits, checked by `npm run typecheck` (each @ts-expect-error fails it if the line
 * compiles): Kalshi's forms compile, a typo'd literal or a plain string does not.
 */
export const decimals: DecimalString[] = ['0.5600', '10', '10.00', '-1.50', '0.0001', '0', '0.565000'];
// @ts-expect-error a currency sign
export const withDollarSign: DecimalString = '$0.015';
// @ts-expect-error a word
export const word: DecimalString = 'lots';
// @ts-expect-error exponent notation
export const exponent: DecimalString = '1e5';
// @ts-expect-error leading space
export const leadingSpace: DecimalString = ' 1';
// @ts-expect-error trailing space
export const trailingSpace: DecimalString = '0.5 ';
// @ts-expect-error explicit plus sign
export const plus: DecimalString = '+1';
// @ts-expect-error no whole part
export const noWhole: DecimalString = '.5';
// @ts-expect-error no fraction digits
export const noFraction: DecimalString = '5.';
// @ts-expect-error trailing letters
export const trailingLetters: DecimalString = '1.5abc';
// @ts-expect-error a sign inside the fraction
export const signedFraction: DecimalString = '1.-5';
export function unchecked(text: string): DecimalString {
  // @ts-expect-error a string of unknown form must be checked first (toDecimalString)
  return text;
}

describe('fixed-point conversions', () => {
  it('round-trips every integer number of units through the string form, for every scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 }), (units, decimals) => {
        const text = formatFixedPoint(units, decimals);
        expect(text).toMatch(decimals ? new RegExp(`^-?\\d+\\.\\d{${decimals}}$`) : /^-?\d+$/);
        expect(parseFixedPoint(text, decimals)).toBe(units);
        expect(toDecimalString(text)).toBe(text);
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

  it('gives DecimalStrings, which requests take as they are', () => {
    expectTypeOf(centsToDollars(56)).toEqualTypeOf<DecimalString>();
    expectTypeOf(microsToDollars(565000)).toEqualTypeOf<DecimalString>();
    expectTypeOf(centiUnitsToCount(1050)).toEqualTypeOf<DecimalString>();
    expectTypeOf(formatFixedPoint(1n, 2)).toEqualTypeOf<DecimalString>();
  });
});

describe('centicents (1 USD = 10,000)', () => {
  const INT64_MIN = -(2n ** 63n);
  const INT64_MAX = 2n ** 63n - 1n;

  it('round-trips every int64 amount exactly, as a bigint, in the four-decimal dollar form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), (centicents) => {
        const dollars = centicentsToDollars(centicents);
        expect(dollars).toMatch(/^-?\d+\.\d{4}$/);
        expect(dollarsToCenticentsBigInt(dollars)).toBe(centicents);
        // Scaling by 10^4 is moving the point: the digits are the integer's own.
        expect(dollars.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1')).toBe(String(centicents));
      }),
    );
    expect(centicentsToDollars(INT64_MAX)).toBe('922337203685477.5807');
    expect(centicentsToDollars(INT64_MIN)).toBe('-922337203685477.5808');
  });

  it('round-trips every safe integer as a number, and agrees with the millionths of dollarsToMicros', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (centicents) => {
        const dollars = centicentsToDollars(centicents);
        expect(dollars).toBe(centicentsToDollars(BigInt(centicents)));
        expect(dollarsToCenticents(dollars)).toBe(centicents);
        if (Math.abs(centicents) <= Number.MAX_SAFE_INTEGER / 100)
          expect(dollarsToMicros(dollars)).toBe(centicents * 100);
      }),
    );
    expect(centicentsToDollars(12345)).toBe('1.2345');
    expect(centicentsToDollars(-5)).toBe('-0.0005');
    expect(dollarsToCenticents('1.2345')).toBe(12345);
    expect(dollarsToCenticents('100')).toBe(1_000_000);
    expect(dollarsToCenticents('0.50000000')).toBe(5000);
  });

  it('refuses what it would have to round: a fifth decimal, a fractional or unsafe number, a non-decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: INT64_MAX }), fc.integer({ min: 1, max: 9 }), (centicents, extra) => {
        const dollars = `${centicentsToDollars(centicents)}${extra}`;
        expect(() => dollarsToCenticentsBigInt(dollars)).toThrow('refusing to round');
        expect(() => dollarsToCenticents(dollars)).toThrow('refusing to round');
      }),
    );
    expect(() => centicentsToDollars(0.5)).toThrow('not a safe integer');
    expect(() => centicentsToDollars(2 ** 53)).toThrow('not a safe integer');
    expect(() => dollarsToCenticents('922337203685477.5807')).toThrow('too large to represent exactly');
    expect(() => dollarsToCenticents('$1.00')).toThrow('not a fixed-point decimal string');
    expect(() => parseFixedPointBigInt('1e3', 4)).toThrow('not a fixed-point decimal string');
    expect(parseFixedPointBigInt('-0.00', 4)).toBe(0n);
    expectTypeOf(centicentsToDollars(1n)).toEqualTypeOf<DecimalString>();
  });
});

describe('toDecimalString', () => {
  it('returns a decimal string unchanged, typed as one', () => {
    for (const value of ['0.5600', '10', '10.00', '-1.50', '0.0001', '0', '123456789012345678901234567890.5']) {
      expect(toDecimalString(value)).toBe(value);
    }
    expectTypeOf(toDecimalString('0.56')).toEqualTypeOf<DecimalString>();
  });

  it.each(['$0.015', 'lots', '1e5', ' 1', '1 ', '+1', '.5', '5.', '-', '', '0x10', '1.5abc', '1.5a5', '007', '1,5'])(
    'refuses %j, naming the value',
    (value) => {
      expect(() => toDecimalString(value)).toThrow(RangeError);
      expect(() => toDecimalString(value)).toThrow(`not a decimal string: ${JSON.stringify(value)}`);
    },
  );

  it('refuses a value that is not a string at all (from untyped JSON or JavaScript)', () => {
    expect(() => toDecimalString(0.5 as unknown as string)).toThrow('not a decimal string: 0.5');
    expect(() => toDecimalString(undefined as unknown as string)).toThrow('not a decimal string: undefined');
  });

  it('refuses more decimal places than allowed instead of rounding, trailing zeros included', () => {
    expect(toDecimalString('0.01', { maxDecimals: 2 })).toBe('0.01');
    expect(toDecimalString('10', { maxDecimals: 0 })).toBe('10');
    expect(() => toDecimalString('0.015', { maxDecimals: 2 })).toThrow(
      '"0.015" has 3 decimal places, more than the 2 allowed; refusing to round',
    );
    expect(() => toDecimalString('10.000', { maxDecimals: 2 })).toThrow('has 3 decimal places');
    expect(() => toDecimalString('1.5', { maxDecimals: 0 })).toThrow(RangeError);
  });
});
