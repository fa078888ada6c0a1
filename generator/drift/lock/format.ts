/**
 * JSON for review: objects and arrays of plain values that fit on a line stay on one line (one field of the API
 * surface per line), everything else is indented. Key order is the order the surface was built in, which is
 * sorted, so a spec change shows up in the lock's diff as the few lines it touches.
 */
export function formatJson(value: unknown): string {
  return `${render(value, '')}\n`;
}

const MAX_INLINE = 120;
const STEP = '  ';

function render(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries: [string | undefined, unknown][] = Array.isArray(value)
    ? value.map((v) => [undefined, v])
    : Object.entries(value).filter(([, v]) => v !== undefined);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return `${open}${close}`;
  const item = ([key, v]: [string | undefined, unknown], inner: string) =>
    `${key === undefined ? '' : `${JSON.stringify(key)}: `}${render(v, inner)}`;
  if (entries.every(([, v]) => isFlat(v))) {
    const inline = `${open} ${entries.map((e) => item(e, '')).join(', ')} ${close}`;
    if (indent.length + inline.length <= MAX_INLINE) return inline;
  }
  const inner = indent + STEP;
  return `${open}\n${entries.map((e) => inner + item(e, inner)).join(',\n')}\n${indent}${close}`;
}

/** A value that can sit inside a one-line object: a primitive or an array of primitives. */
function isFlat(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
}
