/**
 * How elements of a spec are named in the lock's documentation map and in change reports. One place, so that a
 * location reads the same everywhere: `GET /markets query.status`, `schema Market.yes_bid`,
 * `message orderbookDelta`, `channel ticker`.
 */

export function operationLocation(method: string, path: string): string {
  return `${method} ${path}`;
}

/** A part of an operation: `GET /markets` + `query.status` → `GET /markets query.status`. */
export function operationPartLocation(operation: string, key: string): string {
  return `${operation} ${key}`;
}

/** A node of a named schema; `key` is its path below the schema (`''`, `.status`, `.ranges[]`). */
export function schemaLocation(name: string, key = ''): string {
  return `schema ${name}${key}`;
}

export function messageLocation(key: string, path = ''): string {
  return `message ${key}${path}`;
}

export function channelLocation(name: string): string {
  return `channel ${name}`;
}

export function errorCodeLocation(code: string | number): string {
  return `error code ${code}`;
}

export function securitySchemeLocation(name: string): string {
  return `security scheme ${name}`;
}

export function serverLocation(url: string): string {
  return `server ${url}`;
}

export const INFO_LOCATION = 'info';

/** Characters that start the path of a node below another node (property, array item, map value, variant). */
const CHILD_START = new Set(['.', '[', '{', '|', '&', ' ']);

/** Whether `inner` names something inside `outer` (`schema Market.status` is inside `schema Market`). */
export function isInside(inner: string, outer: string): boolean {
  return inner.length > outer.length && inner.startsWith(outer) && CHILD_START.has(inner[outer.length]!);
}
