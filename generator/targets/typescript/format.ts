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

/**
 * An emitted file, whole or in pieces that Prettier formats one at a time. Prettier holds a file's whole syntax tree
 * and document while it formats it, over a hundred bytes per byte of source, so one file of a spec N times Kalshi's
 * would need N times the memory at once; piece by piece, memory stays at the largest piece's whatever the spec's size.
 *
 * Each piece ends with a line break, and pieces are separated by a blank line (`sourceText` joins them). Prettier
 * formats every top-level statement, and every member of a class, on its own, keeping one blank line between them
 * where the source has one, so formatting the pieces alone gives exactly what formatting the whole text would.
 */
export type Source = string | SourcePiece[];

/** Whole top-level statements, or one class given as its head and runs of its members. */
export type SourcePiece = string | ClassPiece;

export interface ClassPiece {
  /** The class up to its opening brace: doc comment, modifiers, name, heritage. */
  head: string;
  /** Runs of whole members, in order. */
  members: string[];
}

/** The whole text of a source, as Prettier would see it formatted in one go. */
export function sourceText(source: Source): string {
  if (typeof source === 'string') return source;
  return source
    .map((piece) => (typeof piece === 'string' ? piece : `${piece.head}\n${piece.members.join('\n\n')}\n}\n`))
    .join('\n');
}

/**
 * Formats the `.ts` files, one piece at a time: one after another rather than all at once, so that only one
 * piece's syntax tree is alive at any moment (Prettier's work is synchronous; running files concurrently saves no
 * time).
 */
export async function formatTypeScript(files: Map<string, Source>): Promise<Map<string, string>> {
  const formatted = new Map<string, string>();
  for (const [path, source] of files) {
    if (!path.endsWith('.ts')) formatted.set(path, sourceText(source));
    else if (typeof source === 'string') formatted.set(path, await format(source, PRETTIER_OPTIONS));
    else {
      const pieces: string[] = [];
      for (const piece of source) {
        pieces.push(typeof piece === 'string' ? await format(piece, PRETTIER_OPTIONS) : await formatClass(piece));
      }
      formatted.set(path, pieces.join('\n'));
    }
  }
  return formatted;
}

/**
 * The one member a class's head is formatted with, standing for all its members: Prettier prints it as a line of its
 * own, two spaces in. No emitted member has this name.
 */
const MEMBERS_PLACEHOLDER = '__kalshiCodegenMembers__: never;';
const BARE_CLASS = 'class _ {\n';

/**
 * The head is formatted around the placeholder, and each run of members inside a bare class, where Prettier lays
 * them out as inside the real one (the members of any top-level class sit one level deep); the runs replace the
 * placeholder.
 */
async function formatClass(piece: ClassPiece): Promise<string> {
  const shell = await format(`${piece.head}\n${MEMBERS_PLACEHOLDER}\n}`, PRETTIER_OPTIONS);
  const placeholderLine = `  ${MEMBERS_PLACEHOLDER}\n`;
  const at = shell.indexOf(placeholderLine);
  if (at < 0 || shell.indexOf(placeholderLine, at + 1) >= 0) {
    throw new Error(`formatting a class in pieces: expected its placeholder member once in ${JSON.stringify(shell)}`);
  }
  const bodies: string[] = [];
  for (const members of piece.members) {
    const wrapped = await format(`${BARE_CLASS}${members}\n}`, PRETTIER_OPTIONS);
    if (!wrapped.startsWith(BARE_CLASS) || !wrapped.endsWith('\n}\n')) {
      throw new Error(`formatting a class in pieces: unexpected shape ${JSON.stringify(wrapped.slice(0, 80))}…`);
    }
    bodies.push(wrapped.slice(BARE_CLASS.length, wrapped.length - '}\n'.length));
  }
  return shell.slice(0, at) + bodies.join('\n') + shell.slice(at + placeholderLine.length);
}
