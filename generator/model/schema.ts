import { SpecError, joinPointer } from '../errors.ts';
import { resolvePointer, type JsonObject } from '../load/index.ts';
import type { NamedTypeModel, TypeAnnotations, TypeModel } from './types.ts';

/** What schema conversion needs to know about the document it reads. */
export interface SchemaContext {
  file: string;
  document: JsonObject;
  /** `#/components/schemas/X` (or any pointer of a named schema) → its name in the spec (`X`). */
  namedSchemas: Map<string, string>;
}

const SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** Converts one JSON Schema (OpenAPI 3.0 / 3.1 flavour) into the model. */
export function toTypeModel(
  schema: unknown,
  pointer: string,
  ctx: SchemaContext,
  expanding = new Set<string>(),
): TypeModel {
  if (schema === true || schema === undefined) return { kind: 'unknown' };
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new SpecError(ctx.file, pointer, 'expected a schema object');
  }
  const s = schema as JsonObject;
  const annotations = readAnnotations(s);
  const withAnnotations = (t: TypeModel): TypeModel => {
    const merged = { ...t, ...annotations };
    if (t.nullable) merged.nullable = true;
    return merged;
  };

  if (typeof s.$ref === 'string') {
    const named = ctx.namedSchemas.get(s.$ref);
    if (named !== undefined) return withAnnotations({ kind: 'ref', schema: named });
    // A ref to an unnamed schema (e.g. a parameter's schema) is inlined; a cycle through such refs cannot be named.
    if (expanding.has(s.$ref)) {
      throw new SpecError(
        ctx.file,
        joinPointer(pointer, '$ref'),
        `unsupported recursive $ref "${s.$ref}" outside components/schemas`,
      );
    }
    if (!isSchemaPointer(s.$ref.slice(1))) {
      throw new SpecError(
        ctx.file,
        joinPointer(pointer, '$ref'),
        `$ref "${s.$ref}" does not point at a schema (schemas are under #/components/schemas, or a "schema" or "payload")`,
      );
    }
    const target = resolvePointer(ctx.document, s.$ref.slice(1));
    return withAnnotations(toTypeModel(target, s.$ref.slice(1), ctx, new Set([...expanding, s.$ref])));
  }
  if ('not' in s) throw new SpecError(ctx.file, joinPointer(pointer, 'not'), 'unsupported schema construct "not"');

  const sub = (value: unknown, ...segments: (string | number)[]) =>
    toTypeModel(value, joinPointer(pointer, ...segments), ctx, expanding);
  const list = (key: 'allOf' | 'oneOf' | 'anyOf'): TypeModel[] => {
    const value = s[key];
    if (!Array.isArray(value) || value.length === 0) {
      throw new SpecError(ctx.file, joinPointer(pointer, key), `${key} must be a non-empty array of schemas`);
    }
    return value.map((v, i) => sub(v, key, i));
  };

  if (s.allOf !== undefined) {
    const parts = list('allOf');
    // Sibling properties next to allOf are one more part of the intersection.
    if (s.properties !== undefined || s.additionalProperties !== undefined)
      parts.push(objectType(s, pointer, sub, ctx));
    return withAnnotations(parts.length === 1 ? { ...parts[0]! } : { kind: 'allOf', parts });
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (s[key] !== undefined) {
      const variants = list(key);
      return withAnnotations(variants.length === 1 ? { ...variants[0]! } : { kind: 'oneOf', variants });
    }
  }

  const { types, nullable } = readTypes(s, pointer, ctx);
  if (nullable) annotations.nullable = true;

  if (s.const !== undefined) return withAnnotations(literal(s.const, joinPointer(pointer, 'const'), ctx));
  if (s.enum !== undefined) {
    if (!Array.isArray(s.enum) || s.enum.length === 0) {
      throw new SpecError(ctx.file, joinPointer(pointer, 'enum'), 'enum must be a non-empty array');
    }
    const values: (string | number)[] = [];
    s.enum.forEach((v, i) => {
      if (v === null) annotations.nullable = true;
      else if (typeof v === 'string' || typeof v === 'number') values.push(v);
      else if (typeof v === 'boolean') values.push(String(v));
      else throw new SpecError(ctx.file, joinPointer(pointer, 'enum', i), 'enum values must be strings or numbers');
    });
    return withAnnotations(values.length ? { kind: 'enum', values: [...new Set(values)] } : { kind: 'null' });
  }

  const variants = types.map((type): TypeModel => {
    switch (type) {
      case 'string': {
        const plain: TypeModel =
          typeof s.format === 'string' ? { kind: 'string', format: s.format } : { kind: 'string' };
        return isDecimalStringSchema(s) ? { ...plain, decimal: true } : plain;
      }
      case 'integer':
      case 'number':
        return typeof s.format === 'string'
          ? { kind: 'number', integer: type === 'integer', format: s.format }
          : { kind: 'number', integer: type === 'integer' };
      case 'boolean':
        return { kind: 'boolean' };
      case 'null':
        return { kind: 'null' };
      case 'array':
        return { kind: 'array', items: s.items === undefined ? { kind: 'unknown' } : sub(s.items, 'items') };
      default:
        return objectType(s, pointer, sub, ctx);
    }
  });
  if (variants.length === 0) return withAnnotations({ kind: 'unknown' });
  return withAnnotations(variants.length === 1 ? variants[0]! : { kind: 'oneOf', variants });
}

/** A decimal number with a fractional part, as an example of a decimal string schema must be written. */
const DECIMAL_EXAMPLE = /^-?\d+\.\d+$/;

/** Formats that leave a string schema's text a decimal number (OpenAPI's format registry has both). */
const DECIMAL_FORMATS = new Set(['decimal', 'number']);

/** Decimals of the forms money and counts take; a decimal pattern accepts at least one of them. */
const DECIMAL_SAMPLES = ['0.5', '0.56', '0.5600', '0.015', '1.25', '10.00', '100.0000', '-1.50'];

/**
 * Strings a decimal pattern must refuse: non-numbers, numbers in other notations, and decimals the SDK's
 * `DecimalString` type refuses (`.5`, `5.`, `+1`), so that the type never refuses a value the pattern allows.
 */
const NOT_DECIMAL_SAMPLES = [
  ...['', 'abc', 'lots', 'NaN', 'Infinity', '-', '.', 'a.5', 'x1.5', 'v1.2', '1.2.3', '1,5', '1.-5', '--1'],
  ...['$0.015', '1.5abc', '1e5', '0x10', '.5', '5.', '-.5', '+1', ' 1', '1 ', '1_000'],
];

/**
 * Whether a string schema holds a decimal number (Kalshi's fixed-point dollars and counts), which the SDK types
 * as `DecimalString` instead of `string`. The rule reads the schema's constructs, never its name:
 * - a string schema (nullable allowed), without `enum` or `const`, whose `format`, if any, is `decimal` or `number`;
 * - with a `pattern`, the pattern decides: it must accept a decimal with a fractional part and refuse every
 *   non-decimal sampled above (an id or ticker pattern refuses `0.56`; `.*` accepts `abc`). A pattern that is
 *   not a valid regular expression selects nothing;
 * - without one, its examples decide: `example` and every `examples` entry (at least one) must be a decimal
 *   string with a fractional part (`"0.5600"`, `"10.00"`); an integer example (`"10"`) could be an id.
 */
export function isDecimalStringSchema(s: JsonObject): boolean {
  const declared = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null') : [s.type];
  if (declared.length !== 1 || declared[0] !== 'string' || s.enum !== undefined || s.const !== undefined) return false;
  if (s.format !== undefined && !DECIMAL_FORMATS.has(s.format as string)) return false;
  if (s.pattern !== undefined) return typeof s.pattern === 'string' && isDecimalPattern(s.pattern);
  const examples = [...(s.example === undefined ? [] : [s.example]), ...(Array.isArray(s.examples) ? s.examples : [])];
  return examples.length > 0 && examples.every((e) => typeof e === 'string' && DECIMAL_EXAMPLE.test(e));
}

function isDecimalPattern(pattern: string): boolean {
  let regex: RegExp;
  try {
    // JSON Schema patterns are ECMA-262 regular expressions; most are valid with and without the `u` flag.
    regex = new RegExp(pattern, 'u');
  } catch {
    try {
      regex = new RegExp(pattern);
    } catch {
      return false;
    }
  }
  return DECIMAL_SAMPLES.some((d) => regex.test(d)) && !NOT_DECIMAL_SAMPLES.some((d) => regex.test(d));
}

/**
 * Rejects named schemas that are, round a loop, each other's whole type (by `$ref`, `allOf`, `oneOf` or `anyOf`, with
 * no property or array item in between): `type A = B | string; type B = A` is not a type TypeScript, or any value,
 * can have. Recursion through a property or array items (a tree) is fine. Run before anything follows refs.
 */
export function checkSchemaCycles(schemas: NamedTypeModel[], file: string): void {
  const byName = new Map(schemas.map((s) => [s.specName, s]));
  const whole = (t: TypeModel): string[] =>
    t.kind === 'ref'
      ? [t.schema]
      : t.kind === 'allOf'
        ? t.parts.flatMap(whole)
        : t.kind === 'oneOf'
          ? t.variants.flatMap(whole)
          : [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): void => {
    if (!byName.has(name) || done.has(name)) return;
    if (path.includes(name)) {
      const loop = [...path.slice(path.indexOf(name)), name];
      throw new SpecError(
        file,
        joinPointer('/components/schemas', loop[0]!),
        `circular schema ${loop.join(' → ')}: each is the whole of the next (by $ref, allOf, oneOf or anyOf), ` +
          'which no TypeScript type can express; a recursive schema must recurse through a property or array items',
      );
    }
    path.push(name);
    for (const next of whole(byName.get(name)!.type)) visit(next);
    path.pop();
    done.add(name);
  };
  for (const { specName } of schemas) visit(specName);
}

/** JSON Schema keywords whose value is a schema, and those whose value maps or lists schemas. */
const SUBSCHEMA = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else']);
const SUBSCHEMAS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'allOf', 'oneOf', 'anyOf']);

/**
 * Whether a pointer (as written in a `$ref`) lands where a document keeps a schema: a named schema under
 * `/components/schemas`, or the value of a `schema` (OpenAPI parameters, headers, media types) or `payload`
 * (AsyncAPI messages), or anywhere inside one of those through schema keywords (`properties/x`, `items`, `allOf/0`).
 */
export function isSchemaPointer(pointer: string): boolean {
  const segments = pointer.split('/').slice(1);
  const insideSchema = (from: number): boolean => {
    for (let i = from; i < segments.length; i += SUBSCHEMAS.has(segments[i]!) ? 2 : 1) {
      if (!SUBSCHEMA.has(segments[i]!) && !(SUBSCHEMAS.has(segments[i]!) && i + 1 < segments.length)) return false;
    }
    return true;
  };
  if (segments[0] === 'components' && segments[1] === 'schemas' && segments.length > 2 && insideSchema(3)) return true;
  return segments.some((s, i) => (s === 'schema' || s === 'payload') && insideSchema(i + 1));
}

function readAnnotations(s: JsonObject): TypeAnnotations {
  const a: TypeAnnotations = {};
  if (typeof s.description === 'string' && s.description.trim()) a.description = s.description.trim();
  if (s.deprecated === true) a.deprecated = true;
  if (s.nullable === true) a.nullable = true;
  if (s.default !== undefined) a.default = s.default;
  const example = s.example ?? (Array.isArray(s.examples) ? s.examples[0] : undefined);
  if (example !== undefined) a.example = example;
  return a;
}

/** The schema's JSON types: explicit `type` (string or 3.1 array), else inferred from the keywords present. */
function readTypes(s: JsonObject, pointer: string, ctx: SchemaContext): { types: string[]; nullable: boolean } {
  const declared = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  for (const t of declared) {
    if (typeof t !== 'string' || !SCHEMA_TYPES.has(t)) {
      throw new SpecError(ctx.file, joinPointer(pointer, 'type'), `unsupported schema type ${JSON.stringify(t)}`);
    }
  }
  let types = declared as string[];
  const nullable = types.includes('null') && types.length > 1;
  if (nullable) types = types.filter((t) => t !== 'null');
  if (types.length === 0) {
    if (s.properties !== undefined || s.additionalProperties !== undefined) types = ['object'];
    else if (s.items !== undefined) types = ['array'];
  }
  return { types, nullable };
}

function literal(value: unknown, pointer: string, ctx: SchemaContext): TypeModel {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return { kind: 'literal', value };
  throw new SpecError(ctx.file, pointer, 'const must be a string, number, boolean or null');
}

function objectType(
  s: JsonObject,
  pointer: string,
  sub: (value: unknown, ...segments: (string | number)[]) => TypeModel,
  ctx: SchemaContext,
): TypeModel {
  const props = s.properties ?? {};
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new SpecError(ctx.file, joinPointer(pointer, 'properties'), 'properties must be a mapping');
  }
  if (s.required !== undefined && !Array.isArray(s.required)) {
    throw new SpecError(ctx.file, joinPointer(pointer, 'required'), 'required must be an array of property names');
  }
  const required = new Set((s.required as unknown[] | undefined) ?? []);
  const properties = Object.entries(props).map(([name, value]) => ({
    name,
    required: required.has(name),
    type: sub(value, 'properties', name),
  }));
  const extra = s.additionalProperties;
  const result: TypeModel = { kind: 'object', properties };
  if (extra === true || (extra !== undefined && extra !== false && typeof extra === 'object')) {
    result.additionalProperties = extra === true ? { kind: 'unknown' } : sub(extra, 'additionalProperties');
  } else if (extra === undefined && properties.length === 0) {
    // A bare `type: object` is an open map.
    result.additionalProperties = { kind: 'unknown' };
  }
  return result;
}
