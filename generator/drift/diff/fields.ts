import { isDeepStrictEqual } from 'node:util';
import { isInside } from '../surface/locations.ts';
import type { FieldMap, FieldSurface, Role } from '../surface/types.ts';
import type { Change, ChangeKind } from './change.ts';
import { alignReferences, type SchemaLookups } from './references.ts';
import { addedBreaks, isSuccessStatus, nullableChangeBreaks, requiredChangeBreaks, typeChangeBreaks } from './rules.ts';

/**
 * What a top-level node of a field map is: a parameter, the request body, a response, a schema or message
 * payload. Nodes below those are `field`s.
 */
export type NodeFamily = 'parameter' | 'request' | 'response' | 'schema' | 'payload';

export interface FieldMapContext {
  /** The location of the node at `key`. */
  locate(key: string): string;
  /** Whether the client sends or reads the node at `key` (see rules.ts). */
  rolesOf(key: string): ReadonlySet<Role>;
  /** The family of a top-level node. */
  familyOf(key: string): NodeFamily;
  /** Named schemas of both sides: a node that refers to one is compared as what it stands for. */
  schemas: SchemaLookups;
}

/**
 * Compares the nodes of one element (an operation, a schema, a message). A change is reported once, at the
 * shallowest node: nothing below a node that was added, removed or changed type is reported. Nodes are compared
 * as what they mean: a reference and the same content written inline are the same (see alignReferences).
 */
export function diffFieldMaps(fromFields: FieldMap, toFields: FieldMap, ctx: FieldMapContext): Change[] {
  const { from, to, referredAs, sameType } = alignReferences(fromFields, toFields, ctx.schemas);
  for (const followed of referredAs.keys()) {
    for (const key of [...Object.keys(from), ...Object.keys(to)])
      if (isInside(key, followed)) ctx.schemas.readThrough.add(ctx.locate(key));
  }
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort(
    (a, b) => a.length - b.length || (a < b ? -1 : 1),
  );
  const settled: string[] = [];
  const changes: Change[] = [];
  for (const key of keys) {
    if (settled.some((outer) => isInside(key, outer))) continue;
    const top = !keys.some((outer) => isInside(key, outer));
    const node: NodeInfo = {
      key,
      family: top ? ctx.familyOf(key) : 'field',
      location: ctx.locate(key),
      roles: ctx.rolesOf(key),
    };
    const [before, after] = [from[key], to[key]];
    if (!before || !after) {
      changes.push(before ? removed(node, before) : added(node, after!));
      settled.push(key);
      continue;
    }
    const nodeChanges = compareNode(node, before, after, sameType.has(key) ? undefined : (referredAs.get(key) ?? {}));
    changes.push(...nodeChanges);
    if (nodeChanges.some((c) => c.kind.endsWith('.type-changed'))) settled.push(key);
  }
  return changes;
}

interface NodeInfo {
  key: string;
  family: NodeFamily | 'field';
  location: string;
  roles: ReadonlySet<Role>;
}

const NOUNS: Record<NodeInfo['family'], string> = {
  parameter: 'parameter',
  request: 'request body',
  response: 'response',
  schema: 'schema',
  payload: 'message payload',
  field: 'field',
};

function kind(
  node: NodeInfo,
  change: 'added' | 'removed' | 'required-changed' | 'type-changed' | 'nullable-changed',
): ChangeKind {
  return `${node.family}.${change}` as ChangeKind;
}

function added(node: NodeInfo, after: FieldSurface): Change {
  const required = after.required === true;
  return {
    kind: kind(node, 'added'),
    location: node.location,
    breaking: addedBreaks(node.roles, required),
    message: `${required ? 'required ' : node.family === 'response' ? '' : 'optional '}${NOUNS[node.family]} added (${describe(after)})`,
  };
}

function removed(node: NodeInfo, before: FieldSurface): Change {
  const status = node.family === 'response' ? node.key.replace(/^response /, '') : undefined;
  return {
    kind: kind(node, 'removed'),
    location: node.location,
    breaking: status === undefined || isSuccessStatus(status),
    message: `${NOUNS[node.family]} removed (was ${describe(before)})`,
  };
}

/**
 * `referredAs` holds the types the two sides had before their references were followed (undefined when the two
 * are recursive schemas taken as the same type).
 */
function compareNode(
  node: NodeInfo,
  before: FieldSurface,
  after: FieldSurface,
  referredAs: { from?: string; to?: string } | undefined,
): Change[] {
  const changes: Change[] = [];
  const push = (k: ChangeKind, breaking: boolean, message: string) =>
    changes.push({ kind: k, location: node.location, breaking, message });
  const noun = NOUNS[node.family];

  if (referredAs && before.type !== after.type) {
    // A followed reference is named with what it stands for: `#FixedPointDollars (string)`.
    const text = (type: string, ref: string | undefined) => (ref ? `${ref} (${type})` : type);
    push(
      kind(node, 'type-changed'),
      typeChangeBreaks(before.type, after.type),
      `${noun} type changed from ${text(before.type, referredAs.from)} to ${text(after.type, referredAs.to)}`,
    );
  }
  if (!!before.required !== !!after.required) {
    const now = after.required === true;
    push(
      kind(node, 'required-changed'),
      requiredChangeBreaks(node.roles, now),
      `${noun} became ${now ? 'required' : 'optional'}`,
    );
  }
  if (!!before.nullable !== !!after.nullable) {
    const now = after.nullable === true;
    push(
      kind(node, 'nullable-changed'),
      nullableChangeBreaks(node.roles, now),
      `${noun} became ${now ? 'nullable' : 'non-nullable'}`,
    );
  }
  const [was, is] = [new Set(before.enum ?? []), new Set(after.enum ?? [])];
  const gone = [...was].filter((v) => !is.has(v));
  const fresh = [...is].filter((v) => !was.has(v));
  if (gone.length && is.size) push('enum.values-removed', true, `enum values removed: ${list(gone)}`);
  if (fresh.length && was.size) {
    const note = node.roles.has('response') ? ' (readers: handle the new values, e.g. in exhaustive switches)' : '';
    push('enum.values-added', false, `enum values added: ${list(fresh)}${note}`);
  }
  if (!isDeepStrictEqual(before.default, after.default)) {
    push('default.changed', false, `default changed from ${json(before.default)} to ${json(after.default)}`);
  }
  if (!!before.deprecated !== !!after.deprecated) {
    push('deprecation.changed', false, `${noun} ${after.deprecated ? 'deprecated' : 'no longer deprecated'}`);
  }
  return changes;
}

/** A node in a few words: `#Market`, `enum<string> [a, b]`, `string, nullable`. */
export function describe(node: FieldSurface): string {
  const parts = [node.enum ? `${node.type} [${list(node.enum)}]` : node.type];
  if (node.nullable) parts.push('nullable');
  return parts.join(', ');
}

function list(values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function json(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}
