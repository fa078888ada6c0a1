/**
 * Exact conversions for Kalshi's fixed-point strings: dollars (`"0.5600"`, up to 6 decimals) and contract counts
 * (`"10.00"`, 2 decimals). Values become integers of the smallest unit, never floats, so `0.1 + 0.2` problems
 * cannot reach an order.
 */

const FIXED = /^(-)?(\d+)(?:\.(\d*))?$/;

/**
 * `"0.5650"` with 4 decimals → 5650. Throws RangeError when the string is not a plain decimal, has more non-zero
 * decimals than `decimals` (it would need rounding), or exceeds Number.MAX_SAFE_INTEGER units.
 */
export function parseFixedPoint(value: string, decimals: number): number {
  const match = FIXED.exec(value.trim());
  if (!match) throw new RangeError(`"${value}" is not a fixed-point decimal string`);
  const [, sign, whole, fraction = ''] = match;
  const kept = fraction.slice(0, decimals);
  if (/[1-9]/.test(fraction.slice(decimals))) {
    throw new RangeError(`"${value}" has more than ${decimals} decimal places; refusing to round`);
  }
  const units = Number(whole! + kept.padEnd(decimals, '0'));
  if (!Number.isSafeInteger(units)) throw new RangeError(`"${value}" is too large to represent exactly`);
  return sign && units !== 0 ? -units : units;
}

/** 5650 units with 4 decimals → `"0.5650"`. Accepts bigint for values beyond 2^53. */
export function formatFixedPoint(units: number | bigint, decimals: number): string {
  if (typeof units === 'number' && !Number.isSafeInteger(units)) {
    throw new RangeError(`${units} is not a safe integer number of units`);
  }
  const negative = units < 0;
  const digits = (negative ? -BigInt(units) : BigInt(units)).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals ? `.${fraction}` : ''}`;
}

/** `"0.56"` → 56 cents. Throws if the amount has a fraction of a cent (use dollarsToMicros for sub-penny prices). */
export function dollarsToCents(dollars: string): number {
  return parseFixedPoint(dollars, 2);
}

/** 56 → `"0.5600"`, the four-decimal form Kalshi uses in requests. */
export function centsToDollars(cents: number): string {
  return formatFixedPoint(cents * 100, 4);
}

/** `"0.565"` → 565000 millionths of a dollar: exact for every price Kalshi can send (6 decimals). */
export function dollarsToMicros(dollars: string): number {
  return parseFixedPoint(dollars, 6);
}

/** 565000 → `"0.565000"`. */
export function microsToDollars(micros: number): string {
  return formatFixedPoint(micros, 6);
}

/** `"10.50"` → 1050 hundredths of a contract. */
export function countToCentiUnits(count: string): number {
  return parseFixedPoint(count, 2);
}

/** 1050 → `"10.50"`. */
export function centiUnitsToCount(centiUnits: number): string {
  return formatFixedPoint(centiUnits, 2);
}
