import type { PropertyModel, TypeModel } from './types.ts';

/**
 * Questions asked of converted types: which constant values a field can take, which fields are always present.
 * `types` maps the spec names of named schemas to their types so `ref`s can be followed.
 */
export type TypeTable = ReadonlyMap<string, TypeModel>;

/** Follows `ref`s to the type they name (a dangling or cyclic ref gives `unknown`). */
export function resolveRef(t: TypeModel, types: TypeTable, seen = new Set<string>()): TypeModel {
  while (t.kind === 'ref') {
    if (seen.has(t.schema)) return { kind: 'unknown' };
    seen.add(t.schema);
    t = types.get(t.schema) ?? { kind: 'unknown' };
  }
  return t;
}

/**
 * The constant values `field` of an object type can hold (`const` or `enum`), or undefined when the field is not
 * constant. In an `allOf` the last part that fixes the field wins (the override reading, see flattenOverridingAllOf);
 * a `oneOf` can hold the values of any variant.
 */
export function constValues(t: TypeModel, field: string, types: TypeTable): string[] | undefined {
  const resolved = resolveRef(t, types);
  switch (resolved.kind) {
    case 'object': {
      const property = resolved.properties.find((p) => p.name === field);
      return property ? literalValues(property.type, types) : undefined;
    }
    case 'allOf':
      for (const part of [...resolved.parts].reverse()) {
        const values = constValues(part, field, types);
        if (values) return values;
      }
      return undefined;
    case 'oneOf': {
      const all = resolved.variants.map((v) => constValues(v, field, types));
      return all.every((v) => v) ? [...new Set(all.flat() as string[])] : undefined;
    }
    default:
      return undefined;
  }
}

function literalValues(t: TypeModel, types: TypeTable): string[] | undefined {
  const resolved = resolveRef(t, types);
  if (resolved.kind === 'literal') return [String(resolved.value)];
  if (resolved.kind === 'enum') return resolved.values.map(String);
  if (resolved.kind === 'oneOf') {
    const all = resolved.variants.map((v) => literalValues(v, types));
    return all.every((v) => v) ? [...new Set(all.flat() as string[])] : undefined;
  }
  return undefined;
}

/** Fields every value of the type has: an object's required properties, all parts' for allOf, shared ones for oneOf. */
export function requiredFields(t: TypeModel, types: TypeTable): Set<string> {
  const resolved = resolveRef(t, types);
  switch (resolved.kind) {
    case 'object':
      return new Set(resolved.properties.filter((p) => p.required).map((p) => p.name));
    case 'allOf':
      return new Set(resolved.parts.flatMap((p) => [...requiredFields(p, types)]));
    case 'oneOf': {
      const [first, ...rest] = resolved.variants.map((v) => requiredFields(v, types));
      return new Set([...(first ?? [])].filter((name) => rest.every((r) => r.has(name))));
    }
    default:
      return new Set();
  }
}

/**
 * The properties of an object type, an `allOf`'s being those of all its parts (required if any part requires them);
 * undefined for any other type, whose properties cannot be listed.
 */
export function objectProperties(t: TypeModel, types: TypeTable): PropertyModel[] | undefined {
  const resolved = resolveRef(t, types);
  if (resolved.kind === 'object') return resolved.properties;
  if (resolved.kind !== 'allOf') return undefined;
  const merged = new Map<string, PropertyModel>();
  for (const part of resolved.parts) {
    const properties = objectProperties(part, types);
    if (!properties) return undefined;
    for (const p of properties) {
      const previous = merged.get(p.name);
      merged.set(p.name, previous ? { ...previous, required: previous.required || p.required } : p);
    }
  }
  return [...merged.values()];
}

/**
 * Specs extend a message by `allOf: [$ref Base, {properties: {type: {const: other}}}]`, meaning "Base, with `type`
 * replaced". Read literally that is an intersection whose `type` is `never`. When the object parts of an allOf
 * declare the same property more than once, the parts are merged into one object instead: properties in order of
 * first appearance, a later declaration replacing an earlier one, required if any part requires it. Allofs without
 * such a clash are left as intersections. Applied at every depth.
 */
export function flattenOverridingAllOf(t: TypeModel, types: TypeTable): TypeModel {
  const walk = (node: TypeModel): TypeModel => {
    switch (node.kind) {
      case 'array':
        return { ...node, items: walk(node.items) };
      case 'object':
        return {
          ...node,
          properties: node.properties.map((p) => ({ ...p, type: walk(p.type) })),
          ...(node.additionalProperties ? { additionalProperties: walk(node.additionalProperties) } : {}),
        };
      case 'oneOf':
        return { ...node, variants: node.variants.map(walk) };
      case 'allOf': {
        const parts = node.parts.map(walk);
        return mergeIfOverriding({ ...node, parts }, types) ?? { ...node, parts };
      }
      default:
        return node;
    }
  };
  return walk(t);
}

function mergeIfOverriding(node: TypeModel & { kind: 'allOf' }, types: TypeTable): TypeModel | undefined {
  const objects = node.parts.map((p) => resolveRef(p, types));
  if (!objects.every((o) => o.kind === 'object' && !o.nullable)) return undefined;
  const declared = objects.flatMap((o) => (o as TypeModel & { kind: 'object' }).properties.map((p) => p.name));
  if (new Set(declared).size === declared.length) return undefined;

  const merged = new Map<string, PropertyModel>();
  let additionalProperties: TypeModel | undefined;
  for (const o of objects as (TypeModel & { kind: 'object' })[]) {
    for (const p of o.properties) {
      const previous = merged.get(p.name);
      merged.set(p.name, { ...p, required: p.required || (previous?.required ?? false) });
    }
    if (o.additionalProperties) additionalProperties = o.additionalProperties;
  }
  const { parts: _parts, kind: _kind, ...annotations } = node;
  const result: TypeModel = {
    ...annotations,
    kind: 'object',
    properties: [...merged.values()],
    mergedFrom: node.parts,
  };
  if (additionalProperties) result.additionalProperties = additionalProperties;
  return result;
}
