import { propertyKey } from '../../../plan/identifiers.ts';

/** An expression written as it is inside a literal: the name of a constant, a sample with its `satisfies`. */
export class Code {
  constructor(readonly text: string) {}
}

export function code(text: string): Code {
  return new Code(text);
}

/**
 * A value as a TypeScript literal, the one way every descriptor the runtime reads is written: objects and arrays on
 * one line, keys bare where they can be, strings as JSON, properties whose value is `undefined` left out.
 * `expanded` puts the entries of the outer object one per line, which Prettier then keeps (it leaves an object
 * broken where its source breaks after the `{`).
 */
export function printLiteral(value: unknown, options: { expanded?: boolean } = {}): string {
  if (value instanceof Code) return value.text;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => printLiteral(item)).join(', ')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => `${literalKey(key)}: ${printLiteral(v)}`);
    if (options.expanded) return `{\n${entries.join(',\n')}\n}`;
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  throw new Error(`printLiteral: ${typeof value} is not a literal value`);
}

/** Keys that are identifiers or array indices (an error code) are written bare. */
function literalKey(key: string): string {
  return /^(0|[1-9]\d*)$/.test(key) ? key : propertyKey(key);
}
