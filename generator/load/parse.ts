import { parseDocument } from 'yaml';
import { SpecError } from '../errors.ts';

export type JsonObject = { [key: string]: unknown };

/**
 * Parses JSON or YAML. YAML is read as YAML 1.2 (core schema) so that Kalshi's `yes` / `no` property names stay
 * strings; duplicate keys are errors rather than silently last-wins.
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
    const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true });
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      throw new SpecError(file, '', `invalid YAML${where}: ${firstLine(error.message)}`);
    }
    value = doc.toJS({ maxAliasCount: -1 });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SpecError(file, '', 'expected a mapping at the top level of the spec');
  }
  return value as JsonObject;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
