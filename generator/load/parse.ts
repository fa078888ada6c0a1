import { CORE_SCHEMA, YAMLException, load } from 'js-yaml';
import { SpecError } from '../errors.ts';
import { MAX_NESTING, TOO_DEEP } from './refs.ts';

export type JsonObject = { [key: string]: unknown };

/**
 * Parses JSON or YAML. YAML is read as YAML 1.2 (core schema) so that Kalshi's `yes` / `no` property names stay
 * strings and dates stay strings; duplicate keys are errors rather than silently last-wins. js-yaml reads Kalshi's
 * specs about five times faster than the `yaml` package, to the same values. Its own nesting limit is set well above
 * MAX_NESTING, so that a deep document is reported by checkRefs, which names where, and is the same error in JSON.
 */
export function parseSpecText(text: string, file: string): JsonObject {
  const trimmed = text.trimStart();
  let value: unknown;
  if (trimmed.startsWith('{')) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new SpecError(file, '', `invalid JSON: ${(err as Error).message}`);
    }
  } else {
    try {
      // maxDepth is js-yaml 4.3's, not yet in @types/js-yaml.
      const options = { schema: CORE_SCHEMA, filename: file, maxDepth: 10 * MAX_NESTING };
      value = load(text, options);
    } catch (err) {
      if (!(err instanceof YAMLException)) throw err;
      const where = err.mark ? ` at line ${err.mark.line + 1}, column ${err.mark.column + 1}` : '';
      const reason = err.reason.startsWith('nesting exceeded maxDepth') ? TOO_DEEP : err.reason;
      throw new SpecError(file, '', `invalid YAML${where}: ${reason}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SpecError(file, '', 'expected a mapping at the top level of the spec');
  }
  return value as JsonObject;
}
