/** How one query parameter is written: `form` + explode repeats the key for each array item (OpenAPI default). */
export interface QueryParamSpec {
  name: string;
  style?: 'form' | 'spaceDelimited' | 'pipeDelimited';
  explode?: boolean;
}

const DELIMITERS = { form: ',', spaceDelimited: ' ', pipeDelimited: '|' } as const;

/**
 * Serialises query parameters as the spec says. `undefined` and `null` are omitted; `0`, `false` and `''` are
 * real values and are kept.
 */
export function buildQuery(params: Record<string, unknown>, spec: readonly (string | QueryParamSpec)[]): string {
  let query = '';
  for (const entry of spec) {
    const { name, style = 'form', explode = style === 'form' } = typeof entry === 'string' ? { name: entry } : entry;
    const value = params[name];
    if (value === undefined || value === null) continue;
    const key = encodeURIComponent(name);
    if (Array.isArray(value)) {
      if (explode) {
        for (const item of value) query += `&${key}=${encodeURIComponent(scalar(item))}`;
      } else if (value.length) {
        query += `&${key}=${value.map((item) => encodeURIComponent(scalar(item))).join(encodeURIComponent(DELIMITERS[style]))}`;
      }
    } else {
      query += `&${key}=${encodeURIComponent(scalar(value))}`;
    }
  }
  return query ? `?${query.slice(1)}` : '';
}

function scalar(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Fills `{name}` placeholders with percent-encoded values. Missing values are reported by the caller first. */
export function buildPath(template: string, params: Record<string, unknown>): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
}
