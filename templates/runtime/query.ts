/** How one query parameter is written: `form` + explode repeats the key for each array item (OpenAPI default). */
export interface QueryParamSpec {
  name: string;
  style?: 'form' | 'spaceDelimited' | 'pipeDelimited';
  explode?: boolean;
}

const DELIMITERS = { form: ',', spaceDelimited: ' ', pipeDelimited: '|' } as const;

/**
 * Serialises query parameters as the spec says: a plain name is `form` + explode, the default. `undefined` and
 * `null` are omitted; `0`, `false` and `''` are real values and are kept.
 */
export function buildQuery(params: Record<string, unknown>, spec: readonly (string | QueryParamSpec)[]): string {
  let query = '';
  for (const entry of spec) {
    // A plain name has no `name`, `style` or `explode` property, so it gets the defaults.
    const { name = entry as string, style = 'form', explode = style === 'form' } = entry as QueryParamSpec;
    const value = params[name];
    if (value == null) continue;
    const key = `&${encodeURIComponent(name)}=`;
    if (!Array.isArray(value)) query += key + encode(value);
    else if (explode) for (const item of value) query += key + encode(item);
    else if (value.length) query += key + value.map(encode).join(encodeURIComponent(DELIMITERS[style]));
  }
  // The first separator becomes the "?".
  return query.replace('&', '?');
}

function encode(value: unknown): string {
  // encodeURIComponent turns other values into strings itself.
  return encodeURIComponent(typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string));
}

/** Fills `{name}` placeholders with percent-encoded values. Missing values are reported by the caller first. */
export function buildPath(template: string, params: Record<string, unknown>): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] as string));
}
