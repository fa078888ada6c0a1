import { isInside } from '../surface/locations.ts';
import type { FieldMap, FieldSurface, SchemaSurface } from '../surface/types.ts';

/** The nodes of a named schema of one side of a comparison, by its name in the spec. */
export type SchemaLookup = (name: string) => FieldMap | undefined;

/** The named schemas of both sides of a comparison, made once for it. */
export interface SchemaLookups {
  from: SchemaLookup;
  to: SchemaLookup;
  /**
   * Locations of nodes below a reference that was followed: one side has them from the named schema, where their
   * descriptions are compared, so a description there is not added or removed by the node that refers to it.
   */
  readThrough: Set<string>;
}

export function schemaLookups(from: Record<string, SchemaSurface>, to: Record<string, SchemaSurface>): SchemaLookups {
  return { from: (name) => from[name]?.fields, to: (name) => to[name]?.fields, readThrough: new Set() };
}

/** Two field maps made comparable: references followed where the two sides differ. */
export interface AlignedFieldMaps {
  from: FieldMap;
  to: FieldMap;
  /** The type each side had before its reference was followed, by key (only for sides that were followed). */
  referredAs: Map<string, { from?: string; to?: string }>;
  /** Keys whose types are taken as the same: a pair of recursive schemas already being compared further up. */
  sameType: Set<string>;
}

/**
 * `$ref` vs the same thing written inline is not drift (docs/drift.md). Where the two sides of a node have
 * different types and either refers to a named schema (`#Name`, or an `allOf` with one), each side is replaced by
 * what it stands for (the named schema's nodes, laid below the node) and compared again, deeper, until the types
 * agree or no reference is left to follow. A node that keeps the same reference on both sides is left alone: a
 * change inside that schema is reported once, at the schema.
 */
export function alignReferences(from: FieldMap, to: FieldMap, schemas: SchemaLookups): AlignedFieldMaps {
  const aligned: AlignedFieldMaps = { from, to, referredAs: new Map(), sameType: new Set() };
  if (!Object.keys(from).some((key) => needsFollowing(from[key], to[key]))) return aligned;

  // A schema the new side extends through allOf is read as it was, when it existed: a change of that schema is
  // reported once, at it, not again at each schema that extends it (an older surface, like a lock, may hold the
  // extending schema as a merged copy). A schema a node names by `$ref` is read as it is now: the node's content.
  const lookups = {
    from: { refs: schemas.from, bases: schemas.from },
    to: { refs: schemas.to, bases: (name: string) => schemas.from(name) ?? schemas.to(name) },
  };
  const sides = { from: { ...from }, to: { ...to } };
  // Reference pairs followed at a key or above it: meeting one again means a recursive schema.
  const followed = new Map<string, Set<string>>();
  const done = new Set<string>();
  for (;;) {
    const key = nextKey(sides.from, sides.to, done);
    if (key === undefined) break;
    done.add(key);
    const outer = [...followed.keys()].filter((k) => isInside(key, k) || k === key);
    const seen = new Set(outer.flatMap((k) => [...followed.get(k)!]));
    for (;;) {
      const [before, after] = [sides.from[key], sides.to[key]];
      if (!needsFollowing(before, after)) break;
      const pair = `${before!.type}\n${after!.type}`;
      if (seen.has(pair)) {
        aligned.sameType.add(key);
        break;
      }
      seen.add(pair);
      const wasFrom = follow(sides.from, key, lookups.from);
      const wasTo = follow(sides.to, key, lookups.to);
      if (wasFrom === undefined && wasTo === undefined) break;
      const note = aligned.referredAs.get(key) ?? {};
      if (wasFrom !== undefined) note.from ??= wasFrom;
      if (wasTo !== undefined) note.to ??= wasTo;
      aligned.referredAs.set(key, note);
    }
    followed.set(key, seen);
  }
  aligned.from = sides.from;
  aligned.to = sides.to;
  return aligned;
}

/** The shallowest key present on both sides that has not been looked at yet. */
function nextKey(from: FieldMap, to: FieldMap, done: Set<string>): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(from)) {
    if (done.has(key) || !to[key]) continue;
    if (best === undefined || key.length < best.length || (key.length === best.length && key < best)) best = key;
  }
  return best;
}

/** Whether the two sides differ in type and following a reference may show them the same. */
function needsFollowing(before: FieldSurface | undefined, after: FieldSurface | undefined): boolean {
  if (!before || !after || before.type === after.type) return false;
  // `none` is a response without a body: no schema can be the same as that.
  if (before.type === 'none' || after.type === 'none') return false;
  return refers(before.type) || refers(after.type);
}

/** Whether a type text names a schema the node stands for: `#Name`, or an `allOf` with a `#Name` part. */
function refers(type: string): boolean {
  return refName(type) !== undefined || (allOfParts(type)?.some((part) => refName(part) !== undefined) ?? false);
}

function refName(type: string): string | undefined {
  return type.startsWith('#') ? type.slice(1) : undefined;
}

/** The part texts of `allOf(a & b & …)` (parts may nest parentheses), or undefined for another type. */
function allOfParts(type: string): string[] | undefined {
  if (!type.startsWith('allOf(') || !type.endsWith(')')) return undefined;
  const inner = type.slice('allOf('.length, -1);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '(') depth++;
    else if (inner[i] === ')') depth--;
    else if (depth === 0 && inner.startsWith(' & ', i)) {
      parts.push(inner.slice(start, i));
      start = i + 3;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

/**
 * Replaces the node at `key` by what its reference stands for. Returns the node's type as it was, or undefined
 * when there is nothing to follow (an inline type, a dangling reference, an allOf that is not all objects).
 * `expanding` lists the schemas being followed already, so that a schema built on itself cannot loop.
 */
function follow(fields: FieldMap, key: string, lookup: SideLookups, expanding: string[] = []): string | undefined {
  const node = fields[key]!;
  const expanded = expansion(node, key, fields, lookup, expanding);
  if (!expanded) return undefined;
  for (const k of Object.keys(fields)) if (k === key || isInside(k, key)) delete fields[k];
  Object.assign(fields, expanded);
  return node.type;
}

/** How one side reads named schemas: those a node names (`refs`), those an allOf extends (`bases`). */
interface SideLookups {
  refs: SchemaLookup;
  bases: SchemaLookup;
}

/** The nodes that replace `node` (at `key`) and everything below it, or undefined. */
function expansion(
  node: FieldSurface,
  key: string,
  fields: FieldMap,
  lookup: SideLookups,
  expanding: string[],
): FieldMap | undefined {
  const name = refName(node.type);
  if (name !== undefined) {
    const target = lookup.refs(name);
    if (!target?.['']) return undefined;
    return { ...rebase(target, key), [key]: overlay(node, target['']) };
  }
  const parts = allOfParts(node.type);
  return parts && mergedAllOf(node, key, parts, fields, lookup.bases, expanding);
}

/**
 * An `allOf` of objects as the one object it means (what the generator emits): the named parts' fields, then the
 * node's own inline fields, a later declaration replacing an earlier one, required if any part requires it.
 */
function mergedAllOf(
  node: FieldSurface,
  key: string,
  parts: string[],
  fields: FieldMap,
  lookup: SchemaLookup,
  expanding: string[],
): FieldMap | undefined {
  const merged: FieldMap = {};
  for (const part of parts) {
    if (part === 'object' || part === 'map') continue; // inline object parts: their fields are the node's own
    const target = objectFields(part, lookup, expanding);
    if (!target) return undefined;
    for (const [k, v] of Object.entries(rebase(target, key))) if (k !== key) merged[k] = v;
  }
  const own = Object.keys(fields).filter((k) => isInside(k, key));
  // An inline part that is not an object (`&i`) leaves no single object to compare.
  if (own.some((k) => k.startsWith(`${key}&`))) return undefined;
  const direct = own.filter((k) => !own.some((outer) => isInside(k, outer)));
  for (const k of direct) {
    const inherited = merged[k];
    for (const inner of Object.keys(merged)) if (inner === k || isInside(inner, k)) delete merged[inner];
    merged[k] = inherited?.required && !fields[k]!.required ? { ...fields[k]!, required: true } : fields[k]!;
  }
  for (const k of own) if (!direct.includes(k)) merged[k] = fields[k]!;
  const root: FieldSurface = { ...node, type: 'object' };
  const children = Object.keys(merged);
  if (!children.some((k) => k.startsWith(`${key}.`)) && children.includes(`${key}{}`)) root.type = 'map';
  merged[key] = root;
  return merged;
}

/** A named object schema's nodes, its own references and allOfs followed; undefined when it is no object. */
function objectFields(part: string, lookup: SchemaLookup, expanding: string[]): FieldMap | undefined {
  const name = refName(part);
  if (name === undefined || expanding.includes(name)) return undefined;
  const target = lookup(name);
  if (!target?.['']) return undefined;
  const fields = { ...target };
  const seen = new Set<string>();
  while (refers(fields['']!.type)) {
    const type = fields['']!.type;
    const within = { refs: lookup, bases: lookup };
    if (seen.has(type) || follow(fields, '', within, [...expanding, name]) === undefined) return undefined;
    seen.add(type);
  }
  return fields['']!.type === 'object' || fields['']!.type === 'map' ? fields : undefined;
}

/** A named schema's nodes moved below `key`. */
function rebase(target: FieldMap, key: string): FieldMap {
  return Object.fromEntries(Object.entries(target).map(([k, v]) => [key + k, v]));
}

/**
 * A reference node read as the schema it names: the schema's type and values, with what the referring node says
 * of itself (required, and nullable, deprecated or a default given beside the `$ref`).
 */
function overlay(node: FieldSurface, target: FieldSurface): FieldSurface {
  const merged: FieldSurface = { ...target };
  if (node.required) merged.required = true;
  if (node.nullable) merged.nullable = true;
  if (node.deprecated) merged.deprecated = true;
  if (node.default !== undefined) merged.default = node.default;
  return merged;
}
