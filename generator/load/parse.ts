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

/** How spec YAML is read (maxDepth is js-yaml 4.3's, not yet in @types/js-yaml): see parseSpecText. */
const READING = { schema: CORE_SCHEMA, maxDepth: 10 * MAX_NESTING };

/**
 * Parses JSON or YAML. YAML is read as YAML 1.2 (core schema) so that Kalshi's `yes` / `no` property names stay
 * strings and dates stay strings; duplicate keys are errors rather than silently last-wins. js-yaml reads Kalshi's
 * specs about five times faster than the `yaml` package, to the same values (whose alias limit, `maxAliasCount`,
 * counts uses of an anchor rather than nodes and names no line). Its own nesting limit is set well above
 * MAX_NESTING, so that a deep document is reported by checkRefs, which names where, and is the same error in JSON.
 */
export function parseSpecText(text: string, file: string): JsonObject {
  let value: unknown;
  if (isJsonText(text)) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new SpecError(file, '', `invalid JSON: ${(err as Error).message}`);
    }
  } else {
    try {
      value = load(text, { ...READING, filename: file, listener: aliasExpansionGuard(file) });
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

/** Whether a spec text is JSON (read as such) rather than YAML. */
export function isJsonText(text: string): boolean {
  return text.trimStart().startsWith('{');
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

/** Where a node of a YAML text was read, from js-yaml's listener: its text span, its value, the nodes read inside. */
interface ReadNode {
  start: number;
  end: number;
  value: unknown;
  children: ReadNode[];
}

/**
 * The line (from 1) of the node a JSON pointer names in a YAML text: the line of its key, or of the item itself;
 * undefined when the text holds no such node. It reads the whole text again, noting where each node was read, so it
 * is for an error about to be reported, never for loading.
 */
export function yamlPointerLine(text: string, pointer: string): number | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const top: ReadNode = { start: 0, end: 0, value: undefined, children: [] };
  const reading = [top];
  // The node each mapping or sequence was written as; an alias is read as its anchor's value, with no nodes inside.
  const readAs = new WeakMap<object, ReadNode>();
  try {
    load(text, {
      ...READING,
      listener: (event, state) => {
        if (event === 'open') {
          const node: ReadNode = { start: state.position, end: 0, value: undefined, children: [] };
          reading.at(-1)!.children.push(node);
          reading.push(node);
          return;
        }
        const node = reading.pop()!;
        node.end = state.position;
        node.value = state.result;
        // Where a value was written: the first node read as it, unless that was an alias inside the value's own
        // anchor, read before it and with nothing inside.
        if (isCollection(node.value) && !readAs.get(node.value)?.children.length) readAs.set(node.value, node);
      },
    });
  } catch {
    return undefined;
  }
  let value = top.children[0]?.value;
  let at: number | undefined;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const node = isCollection(value) ? readAs.get(value) : undefined;
    if (!node || !Object.hasOwn(value as object, key)) return undefined;
    at = Array.isArray(value) ? itemStart(node, value, key) : keyStart(text, node, key);
    if (at === undefined) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return at === undefined ? undefined : nodeStart(text, at).line;
}

function isCollection(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

/** Where the key `key` of the mapping read as `node` starts: the node read inside it that a `:` follows. */
function keyStart(text: string, node: ReadNode, key: string): number | undefined {
  const colon = /[ \t]*:/y;
  const isKey = (n: ReadNode) => ((colon.lastIndex = n.end), colon.test(text));
  return node.children.find((n) => String(n.value) === key && isKey(n))?.start;
}

/** Where item `index` of the sequence read as `node` starts, when each item was read as one node. */
function itemStart(node: ReadNode, items: unknown[], index: string): number | undefined {
  return node.children.length === items.length ? node.children[Number(index)]?.start : undefined;
}
