import { CORE_SCHEMA, YAMLException, dump, load, type EventType, type State } from 'js-yaml';
import { SpecError } from '../errors.ts';
import { MAX_NESTING, TOO_DEEP } from './refs.ts';

export type JsonObject = { [key: string]: unknown };

/**
 * The most nodes YAML aliases may add to a spec, some sixty times as many as Kalshi's REST spec has. The reader
 * shares one object between an anchor and its aliases, but every later stage walks each alias's copy: nine aliases
 * nine levels deep (a "billion laughs" document) read in a blink and then took a minute of CPU to refuse.
 */
export const MAX_ALIAS_NODES = 1_000_000;

/**
 * Parses JSON or YAML. YAML is read as YAML 1.2 (core schema) so that Kalshi's `yes` / `no` property names stay
 * strings and dates stay strings; duplicate keys are errors rather than silently last-wins. js-yaml reads Kalshi's
 * specs about five times faster than the `yaml` package, to the same values (whose alias limit, `maxAliasCount`,
 * counts uses of an anchor rather than nodes and names no line). Its own nesting limit is set well above
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
      const options = {
        schema: CORE_SCHEMA,
        filename: file,
        maxDepth: 10 * MAX_NESTING,
        listener: aliasExpansionGuard(file),
      };
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

/**
 * A document as YAML text that parseSpecText reads back to the same value. It is written with the core schema it is
 * read with, so only a string the core schema would read as something else is quoted (`'1'`, `'true'`, `'null'`);
 * `yes`, `no` and dates are plain strings, as in Kalshi's specs. No anchors or aliases; no line is folded unless
 * `lineWidth` asks for it.
 */
export function specYaml(document: unknown, lineWidth = -1): string {
  return dump(document, { schema: CORE_SCHEMA, noRefs: true, noCompatMode: true, lineWidth });
}

/**
 * A js-yaml listener that refuses a mapping or sequence, as soon as it is read, when its aliases add more than
 * MAX_ALIAS_NODES nodes to it: its size with every alias expanded, less the nodes read for it (js-yaml opens a few
 * nodes it then reads again, which only loosens the limit). Sizes are kept per object, so that each node is counted
 * once however often it is aliased.
 */
function aliasExpansionGuard(file: string): (event: EventType, state: State) => void {
  const expandedSizes = new WeakMap<object, number>();
  // A node still being read (one its own alias repeats) counts as one: checkRefs refuses it, naming where.
  const sizeOf = (value: unknown) => (value !== null && typeof value === 'object' && expandedSizes.get(value)) || 1;
  /** Per node being read: where it starts, and how many nodes had been read before it. */
  const starts: { position: number; readBefore: number }[] = [];
  let read = 0;
  return (event, state) => {
    if (event === 'open') {
      starts.push({ position: state.position, readBefore: read++ });
      return;
    }
    const start = starts.pop()!;
    // An alias closes with no kind: its size is its anchor's, already known.
    if (state.kind !== 'mapping' && state.kind !== 'sequence') return;
    const node = state.result as object;
    let size = 1;
    if (Array.isArray(node)) for (const item of node) size += sizeOf(item);
    else for (const value of Object.values(node)) size += 1 + sizeOf(value); // the key and its value
    expandedSizes.set(node, size);
    const readFor = read - start.readBefore;
    if (size - readFor > MAX_ALIAS_NODES) {
      const { line, column } = nodeStart(state.input, start.position);
      const count = (n: number) => n.toLocaleString('en-US');
      throw new SpecError(
        file,
        '',
        `invalid YAML at line ${line}, column ${column}: aliases expand this node from ${count(readFor)} nodes ` +
          `to ${count(size)}, more than the ${count(MAX_ALIAS_NODES)} that aliases may add to a spec`,
      );
    }
  };
}

/** Line and column (from 1) of a node's first character; js-yaml opens a node before the space ahead of it. */
function nodeStart(text: string, position: number): { line: number; column: number } {
  const blank = /(?:\s|#[^\n]*)*/y;
  blank.lastIndex = position;
  blank.exec(text);
  const before = text.slice(0, blank.lastIndex);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: blank.lastIndex - lineStart + 1 };
}
