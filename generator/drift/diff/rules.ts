import type { Role } from '../surface/types.ts';

/**
 * When a change is breaking. A change is breaking when code written against the SDK generated from the old spec
 * can stop compiling or start failing against the new API. What matters is the direction of the data: the client
 * *sends* parameters, request bodies and client WebSocket commands (role `request`), and *reads* responses and
 * server messages (role `response`). A named schema has the roles of every place that reaches it; a schema no
 * operation reaches is still exported by the SDK, so it counts as both.
 *
 * The table (docs/drift.md repeats it for people):
 * - removed (operation, parameter, field, schema, message, channel, error code, security scheme, server, success
 *   response): breaking; an error (non-2xx) response removed is not;
 * - added: breaking only when it is required input (a required parameter, body or request field);
 * - became required: breaking for input; became optional: breaking for output (readers must handle absence);
 * - became nullable: breaking for output; stopped being nullable: breaking for input;
 * - type changed: breaking unless only the format changed (`string` → `string(date-time)`, `integer` →
 *   `number(double)`: the same TypeScript type) or a response gained a body where it had none;
 * - enum values removed: breaking (senders lose a value, readers comparing against it no longer compile);
 * - enum values added: not breaking (for output, exhaustive `switch`es need a new case: the message says so);
 * - security: breaking when an operation starts requiring a scheme it did not accept before, or when a scheme's
 *   header name or location changes (the runtime signs with the old header);
 * - an operation's path or method moved, pagination appeared, a default or a deprecation flag changed, a channel's
 *   address changed, an error code was renamed: not breaking (the regenerated SDK absorbs it);
 * - pagination removed or re-keyed: breaking (the SDK's paginator helpers rely on it);
 * - a WebSocket message's wire name, direction, content type or discriminator changed: breaking.
 */

/** Roles of a node; an unused schema (no roles) counts as both. */
export function effectiveRoles(roles: Iterable<Role>): ReadonlySet<Role> {
  const set = new Set(roles);
  return set.size ? set : new Set<Role>(['request', 'response']);
}

export function addedBreaks(roles: ReadonlySet<Role>, required: boolean): boolean {
  return required && roles.has('request');
}

export function requiredChangeBreaks(roles: ReadonlySet<Role>, nowRequired: boolean): boolean {
  return nowRequired ? roles.has('request') : roles.has('response');
}

export function nullableChangeBreaks(roles: ReadonlySet<Role>, nowNullable: boolean): boolean {
  return nowNullable ? roles.has('response') : roles.has('request');
}

export function typeChangeBreaks(from: string, to: string): boolean {
  if (from === 'none') return false;
  return typeScriptType(from) !== typeScriptType(to);
}

/** The part of a canonical type text that decides the TypeScript type: no format, integer is a number. */
function typeScriptType(text: string): string {
  const primitive = /^(string|integer|number)(\(.*\))?$/.exec(text);
  if (!primitive) return text;
  return primitive[1] === 'string' ? 'string' : 'number';
}

/** Security requirements as `a+b` alternatives; `''` is the anonymous alternative. */
export function securityChangeBreaks(from: string[], to: string[]): boolean {
  const wasOpen = from.length === 0 || from.includes('');
  const isOpen = to.length === 0 || to.includes('');
  if (wasOpen) return !isOpen;
  const known = new Set(from.flatMap((alternative) => alternative.split('+')));
  return to.some((alternative) => alternative !== '' && alternative.split('+').some((scheme) => !known.has(scheme)));
}

export function isSuccessStatus(status: string): boolean {
  return /^2(\d\d|XX)$/i.test(status);
}
