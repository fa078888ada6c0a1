/**
 * Exact conversions for Kalshi's fixed-point strings: dollars (`"0.5600"`, up to 6 decimals), contract counts
 * (`"10.00"`, 2 decimals) and integer centicents (`12345` = `"1.2345"` dollars). Values become integers of the
 * smallest unit, never floats, so `0.1 + 0.2` problems cannot reach an order.
 */

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

/**
 * A decimal number written as a string: `"0.5600"`, `"10"`, `"-1.50"`. The spec's decimal string schemas (its
 * fixed-point dollars and counts) are aliases of this type, so a literal is checked where it is written: `"$0.015"`,
 * `"lots"`, `"1e5"`, `".5"`, `"+1"`, `" 1"` and `"0.5 "` do not compile. A `string` from elsewhere (input, a file) does
 * not compile either: pass it through `toDecimalString`, which checks it at run time. It costs nothing at run time.
 *
 * The type is as close as TypeScript's template literal types get: `"0x10"` and `"1.5a5"` compile (a `${bigint}`
 * may be hexadecimal; the middle of a fraction is any text), and `"007"` does not (a `${bigint}` has no leading
 * zeros). `toDecimalString` refuses the first two.
 */
export type DecimalString = `${bigint}` | `${bigint}.${Digit}` | `${bigint}.${Digit}${string}${Digit}`;

const FIXED = /^(-)?(\d+)(?:\.(\d*))?$/;

/** The decimals `DecimalString` describes, without its gaps: an optional minus, a whole number, a fraction. */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * `value`, checked to be a decimal string, typed as one (the same string: nothing is rounded or reformatted).
 * Throws RangeError naming the problem when it is not (`not a decimal string: "$0.015"`) or when it has more
 * decimal places than `maxDecimals` (`"0.015" has 3 decimal places, more than the 2 allowed`).
 */
export function toDecimalString(value: string, options: { maxDecimals?: number } = {}): DecimalString {
  const match = typeof value === 'string' ? DECIMAL.exec(value) : null;
  if (!match) {
    throw new RangeError(
      `not a decimal string: ${JSON.stringify(value) ?? String(value)} (expected digits with an optional "-" and fraction, e.g. "0.5600")`,
    );
  }
  const places = match[1]?.length ?? 0;
  const { maxDecimals } = options;
  if (maxDecimals !== undefined && places > maxDecimals) {
    throw new RangeError(
      `${JSON.stringify(value)} has ${places} decimal places, more than the ${maxDecimals} allowed; refusing to round`,
    );
  }
  return value as DecimalString;
}

/**
 * `"0.5650"` with 4 decimals → 5650. Throws RangeError when the string is not a plain decimal, has more non-zero
 * decimals than `decimals` (it would need rounding), or exceeds Number.MAX_SAFE_INTEGER units (use
 * parseFixedPointBigInt beyond that).
 */
export function parseFixedPoint(value: string, decimals: number): number {
  const units = Number(scaledDigits(value, decimals));
  if (!Number.isSafeInteger(units)) throw new RangeError(`"${value}" is too large to represent exactly`);
  // No -0 for "-0.00".
  return units || 0;
}

/** parseFixedPoint without an upper bound: `"922337203685477.5807"` with 4 decimals → 9223372036854775807n. */
export function parseFixedPointBigInt(value: string, decimals: number): bigint {
  return BigInt(scaledDigits(value, decimals));
}

/** `value` in units of 10^-decimals, as an integer's digits with its sign; throws when that would need rounding. */
function scaledDigits(value: string, decimals: number): string {
  const match = FIXED.exec(value.trim());
  if (!match) throw new RangeError(`"${value}" is not a fixed-point decimal string`);
  const [, sign, whole, fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(decimals))) {
    throw new RangeError(`"${value}" has more than ${decimals} decimal places; refusing to round`);
  }
  return (sign ?? '') + whole! + fraction.slice(0, decimals).padEnd(decimals, '0');
}

/** 5650 units with 4 decimals → `"0.5650"`. Accepts bigint for values beyond 2^53. */
export function formatFixedPoint(units: number | bigint, decimals: number): DecimalString {
  if (typeof units === 'number' && !Number.isSafeInteger(units)) {
    throw new RangeError(`${units} is not a safe integer number of units`);
  }
  const negative = units < 0;
  const digits = (negative ? -BigInt(units) : BigInt(units)).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals ? `.${fraction}` : ''}` as DecimalString;
}

/** `"0.56"` → 56 cents. Throws if the amount has a fraction of a cent (use dollarsToMicros for sub-penny prices). */
export function dollarsToCents(dollars: string): number {
  return parseFixedPoint(dollars, 2);
}

/** 56 → `"0.5600"`, the four-decimal form Kalshi uses in requests. */
export function centsToDollars(cents: number): DecimalString {
  return formatFixedPoint(cents * 100, 4);
}

/** `"0.565"` → 565000 millionths of a dollar: exact for every price Kalshi can send (6 decimals). */
export function dollarsToMicros(dollars: string): number {
  return parseFixedPoint(dollars, 6);
}

/** 565000 → `"0.565000"`. */
export function microsToDollars(micros: number): DecimalString {
  return formatFixedPoint(micros, 6);
}

/** `"10.50"` → 1050 hundredths of a contract. */
export function countToCentiUnits(count: string): number {
  return parseFixedPoint(count, 2);
}

/** 1050 → `"10.50"`. */
export function centiUnitsToCount(centiUnits: number): DecimalString {
  return formatFixedPoint(centiUnits, 2);
}

/**
 * Centicents: ten-thousandths of a dollar (1 USD = 10,000 centicents), the integer money unit of some Kalshi APIs
 * (int64 fields named `*_centicents`). Past 2^53 a JSON number has already lost digits when it is parsed, so such
 * amounts need a bigint-aware JSON reader; the bigint forms below keep them exact.
 */
const CENTICENT_DECIMALS = 4;

/** 12345 → `"1.2345"`; a bigint past Number.MAX_SAFE_INTEGER. Throws for an unsafe or fractional number. */
export function centicentsToDollars(centicents: number | bigint): DecimalString {
  return formatFixedPoint(centicents, CENTICENT_DECIMALS);
}

/** `"1.2345"` → 12345. Throws rather than round (`"0.00001"`), and beyond Number.MAX_SAFE_INTEGER centicents. */
export function dollarsToCenticents(dollars: string): number {
  return parseFixedPoint(dollars, CENTICENT_DECIMALS);
}

/** dollarsToCenticents as a bigint, exact for every int64 amount and beyond. */
export function dollarsToCenticentsBigInt(dollars: string): bigint {
  return parseFixedPointBigInt(dollars, CENTICENT_DECIMALS);
}
