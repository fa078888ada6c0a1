import { format } from 'prettier';

/** Fixed options (not read from any config file) so output is byte-identical wherever it is generated. */
export const PRETTIER_OPTIONS = {
  parser: 'typescript',
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
