/**
 * Errors the generator reports to people. Each one renders as a single actionable line; the CLI prints
 * `message` and exits with `exitCode`, never a stack trace.
 */
export class CodegenError extends Error {
  readonly exitCode: number = 2;
}

/** A problem in a spec: names the file, the JSON pointer inside it and what is wrong. */
export class SpecError extends CodegenError {
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${file}${pointer ? `#${pointer}` : ''}: ${problem}`);
    this.name = 'SpecError';
  }
}

/** Wrong use of the CLI (bad flag value, conflicting options). */
export class UsageError extends CodegenError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** RFC 6901 escaping of one pointer segment. */
export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => `/${escapePointer(s)}`).join('');
}
