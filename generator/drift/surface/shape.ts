import { createHash } from 'node:crypto';
import type { PropertyModel, TypeAnnotations, TypeModel } from '../../model/types.ts';
import type { FieldMap, FieldSurface } from './types.ts';

/**
 * Flattens a model type into surface nodes. A flattener collects, across calls, the nodes of one element, the
 * fingerprints of their descriptions, and the named schemas they reference (for request/response roles), by their
 * names in the spec as the model refers to them.
 */
export class ShapeFlattener {
  readonly fields: FieldMap = {};
  readonly refs = new Set<string>();

  constructor(
    /** Where fingerprints of descriptions go, keyed by location. */
    private readonly documentation: Record<string, string>,
    /** Location of the node at `key`, for the documentation map. */
    private readonly locate: (key: string) => string,
  ) {}

  /**
   * Adds the node at `key` and everything below it. `required` is the requiredness of a property, parameter or
   * body; `doc` is text documenting the node besides the type's own description (a parameter's description).
   */
  add(
    type: TypeModel,
    key: string,
    options: { required?: boolean; deprecated?: boolean; doc?: (string | undefined)[] } = {},
  ): void {
    const t = asDeclared(withoutNullVariants(type));
    const node: FieldSurface = { type: this.typeText(t) };
    if (options.required) node.required = true;
    if (t.nullable) node.nullable = true;
    if (t.kind === 'enum') node.enum = sortValues(t.values);
    if (t.deprecated || options.deprecated) node.deprecated = true;
    if (t.default !== undefined) node.default = t.default;
    this.fields[key] = node;
    this.document(key, ...(options.doc ?? []), t.description);

    switch (t.kind) {
      case 'ref':
        this.refs.add(t.schema);
        break;
      case 'array':
        this.add(t.items, `${key}[]`);
        break;
      case 'object':
        this.addProperties(t.properties, key);
        if (t.additionalProperties) this.add(t.additionalProperties, `${key}{}`);
        break;
      case 'allOf':
        this.addAllOfParts(t.parts, key);
        break;
      case 'oneOf':
        t.variants.forEach((variant, i) => {
          if (hasChildren(variant)) this.add(variant, `${key}|${i}`);
          else if (variant.kind === 'ref') this.refs.add(variant.schema);
        });
        break;
      default:
        break;
    }
  }

  /** Records a node whose content is not a JSON type (a response without a body). */
  addNone(key: string, doc: (string | undefined)[] = []): void {
    this.fields[key] = { type: 'none' };
    this.document(key, ...doc);
  }

  /** Fingerprints text documenting `key` (an operation's summary and description, a response's description). */
  document(key: string, ...texts: (string | undefined)[]): void {
    addFingerprint(this.documentation, this.locate(key), ...texts);
  }

  private addProperties(properties: PropertyModel[], key: string): void {
    for (const property of properties)
      this.add(property.type, `${key}.${property.name}`, { required: property.required });
  }

  /** Inline object parts of an allOf contribute their properties to the node itself; named parts are refs. */
  private addAllOfParts(parts: TypeModel[], key: string): void {
    const merged = new Map<string, PropertyModel>();
    parts.forEach((part, i) => {
      if (part.kind === 'object') {
        for (const p of part.properties)
          merged.set(p.name, { ...p, required: p.required || merged.get(p.name)?.required === true });
        if (part.additionalProperties) this.add(part.additionalProperties, `${key}{}`);
      } else if (part.kind === 'ref') {
        this.refs.add(part.schema);
      } else if (hasChildren(part)) {
        this.add(part, `${key}&${i}`);
      }
    });
    this.addProperties([...merged.values()], key);
  }

  private typeText(t: TypeModel): string {
    switch (t.kind) {
      case 'ref':
        return `#${t.schema}`;
      case 'string':
        return t.format ? `string(${t.format})` : 'string';
      case 'number': {
        const base = t.integer ? 'integer' : 'number';
        return t.format ? `${base}(${t.format})` : base;
      }
      case 'literal':
        return JSON.stringify(t.value);
      case 'enum':
        return `enum<${[...new Set(t.values.map((v) => typeof v))].sort().join('|')}>`;
      case 'object':
        return t.properties.length === 0 && t.additionalProperties ? 'map' : 'object';
      case 'allOf':
        return `allOf(${t.parts.map((p) => this.typeText(withoutNullVariants(p))).join(' & ')})`;
      case 'oneOf':
        return `oneOf(${t.variants
          .map((v) => this.typeText(withoutNullVariants(v)))
          .sort()
          .join(' | ')})`;
      default:
        return t.kind;
    }
  }
}

/**
 * `oneOf: [X, {type: 'null'}]` (OpenAPI 3.1 style) means the same as `X` with `nullable: true` (3.0 style);
 * both become the latter so that a change of style is not a change of API.
 */
function withoutNullVariants(type: TypeModel): TypeModel {
  if (type.kind !== 'oneOf' || !type.variants.some((v) => v.kind === 'null')) return type;
  const rest = type.variants.filter((v) => v.kind !== 'null');
  const annotations: TypeAnnotations = { ...pickAnnotations(type), nullable: true };
  if (rest.length === 0) return { ...annotations, kind: 'null' };
  if (rest.length === 1) return { ...rest[0]!, ...annotations, description: type.description ?? rest[0]!.description };
  return { ...annotations, kind: 'oneOf', variants: rest };
}

/**
 * An object the model merged from an overriding `allOf` (`allOf: [$ref Base, {type: {const: …}}]`) as the spec
 * declares it: the extended schema stays a reference, so a change of it is reported once, at that schema. The
 * diff compares it with a plain object by merging the parts again (see alignReferences).
 */
function asDeclared(type: TypeModel): TypeModel {
  if (type.kind !== 'object' || !type.mergedFrom) return type;
  const { properties: _properties, additionalProperties: _additional, mergedFrom, kind: _kind, ...annotations } = type;
  return { ...annotations, kind: 'allOf', parts: mergedFrom };
}

function pickAnnotations(type: TypeModel): TypeAnnotations {
  const picked: TypeAnnotations = {};
  if (type.description !== undefined) picked.description = type.description;
  if (type.deprecated !== undefined) picked.deprecated = type.deprecated;
  if (type.default !== undefined) picked.default = type.default;
  return picked;
}

function hasChildren(type: TypeModel): boolean {
  return type.kind === 'object' || type.kind === 'array' || type.kind === 'allOf' || type.kind === 'oneOf';
}

function sortValues(values: (string | number)[]): (string | number)[] {
  return [...values].sort((a, b) =>
    typeof a === typeof b ? (a < b ? -1 : a > b ? 1 : 0) : typeof a === 'number' ? -1 : 1,
  );
}

/**
 * A short fingerprint of documentation text, or undefined when there is none. Runs of whitespace count as one
 * space, so re-wrapping (Kalshi re-dumps its specs with folded scalars) is not a documentation change.
 */
export function documentationFingerprint(texts: (string | undefined)[]): string | undefined {
  const parts = texts.map((t) => t?.replace(/\s+/g, ' ').trim()).filter((t): t is string => !!t);
  if (parts.length === 0) return undefined;
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 12);
}

/** Records the fingerprint of the text documenting `location`, if there is any text. */
export function addFingerprint(
  documentation: Record<string, string>,
  location: string,
  ...texts: (string | undefined)[]
): void {
  const fingerprint = documentationFingerprint(texts);
  if (fingerprint) documentation[location] = fingerprint;
}
