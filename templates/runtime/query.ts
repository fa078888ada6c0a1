import { QUERY_PARAM_DEFAULTS } from './defaults.js';
import { InvalidParameterError } from './errors.js';

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
    // A plain name has no `name`, `style` or `explode` property, so it gets the defaults; as in OpenAPI, a
    // parameter that gives its style but not `explode` explodes only when it is `form`.
    const {
      name = entry as string,
      style = QUERY_PARAM_DEFAULTS.style,
      explode = typeof entry === 'string' ? QUERY_PARAM_DEFAULTS.explode : style === 'form',
    } = entry as QueryParamSpec;
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
  return encodeURIComponent(paramText(value));
}

/** A parameter value as text: objects as JSON. */
function paramText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Fills `{name}` placeholders with percent-encoded values. Missing values are reported by the caller first. */
export function buildPath(template: string, params: Record<string, unknown>): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] as string));
}

/**
 * The header parameters given in `params`, under the spec's header names (`simple` style: an array is joined with
 * commas, an object sent as JSON). `undefined` and `null` are omitted. A value HTTP cannot carry (a line break, a
 * character beyond Latin-1) fails here, naming the parameter, rather than in the transport after signing.
 */
export function buildHeaders(
  operationId: string,
  params: Record<string, unknown>,
  names: readonly string[],
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = params[name];
    if (value == null) continue;
    const text = Array.isArray(value) ? value.map(paramText).join(',') : paramText(value);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(text))
      throw new InvalidParameterError(
        operationId,
        name,
        'is not a valid HTTP header value (line break or control character, or a character beyond Latin-1)',
      );
    headers[name] = text;
  }
  return headers;
}
