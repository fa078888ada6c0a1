import { resolvePointer } from '../../generator/load/index.ts';

type Schema = Record<string, unknown>;

/**
 * A value that satisfies a JSON schema of the spec, for calling every operation with valid arguments. It prefers
 * what the spec itself offers (example, default, first enum value) and otherwise picks the smallest value allowed.
 * Objects get every declared property, so query serialisation and body encoding are exercised in full; below
 * `depth` only required ones, which keeps recursive schemas finite.
 */
export function sampleValue(schema: unknown, document: unknown, depth = 0): unknown {
  const s = resolve(schema, document);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((v) => v !== null);
  if (Array.isArray(s.allOf)) {
    // allOf of objects merges them; allOf around one non-object schema (a $ref plus a description) is that schema.
    const parts = s.allOf.map((part) => sampleValue(part, document, depth));
    return parts.every(isPlainObject) ? Object.assign({}, ...parts) : parts[0];
  }
  for (const key of ['oneOf', 'anyOf'] as const)
    if (Array.isArray(s[key])) return sampleValue(s[key][0], document, depth);

  switch (s.type ?? (s.properties ? 'object' : undefined)) {
    case 'string':
      return sampleString(s);
    case 'integer':
    case 'number':
      return sampleNumber(s);
    case 'boolean':
      return true;
    case 'array': {
      const count = Math.max(1, typeof s.minItems === 'number' ? s.minItems : 1);
      return Array.from({ length: count }, () => sampleValue(s.items ?? {}, document, depth + 1));
    }
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) {
        if (depth < 3 || required.has(name)) out[name] = sampleValue(property, document, depth + 1);
      }
      return out;
    }
    default:
      return 'sample';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolve(schema: unknown, document: unknown): Schema {
  let s = (schema ?? {}) as Schema;
  for (let guard = 0; typeof s.$ref === 'string' && guard < 50; guard++)
    s = resolvePointer(document, s.$ref.slice(1)) as Schema;
  return s;
}

function sampleString(s: Schema): string {
  switch (s.format) {
    case 'date-time':
      return '2026-01-02T15:04:05Z';
    case 'date':
      return '2026-01-02';
    case 'uuid':
      return '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    default: {
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
      const fit = (text: string) => text.padEnd(min, text.at(-1)).slice(0, Math.max(min, Math.min(8, max)));
      if (typeof s.pattern !== 'string') return fit('KXSAMPLE');
      // A pattern: the first of a few usual shapes that matches it, so a spec's constraint is met, never ignored.
      const pattern = new RegExp(s.pattern, 'u');
      const match = PATTERN_CANDIDATES.map(fit).find((text) => pattern.test(text));
      if (match === undefined) throw new Error(`no sample string matches the pattern ${s.pattern}`);
      return match;
    }
  }
}

const PATTERN_CANDIDATES = ['KXSAMPLE', 'kxsample', 'KX-SAMPLE', '12345678', 'a'];

function sampleNumber(s: Schema): number {
  const min = typeof s.minimum === 'number' ? s.minimum + (s.exclusiveMinimum === true ? 1 : 0) : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum - (s.exclusiveMaximum === true ? 1 : 0) : undefined;
  return Math.min(max ?? Infinity, Math.max(min ?? 1, 1));
}
