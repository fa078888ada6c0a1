import { format } from 'prettier';

/**
 * Fixed options (not read from any config file) so output is byte-identical wherever it is generated. The Babel
 * parser formats TypeScript the same as the `typescript` one (same printer; the output for every published spec
 * is identical, test/generator/format.test.ts holds it there) and in about two thirds of the time.
 */
export const PRETTIER_OPTIONS = {
  parser: 'babel-ts',
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
} as const;

export async function formatTypeScript(files: Map<string, string>): Promise<Map<string, string>> {
  const entries = await Promise.all(
    [...files].map(
      async ([path, text]) => [path, path.endsWith('.ts') ? await format(text, PRETTIER_OPTIONS) : text] as const,
    ),
  );
  return new Map(entries);
}
