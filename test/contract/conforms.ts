import type { NamedTypeModel, TypeModel } from '../../generator/model/types.ts';

/**
 * Where `value` departs from a type of the generator's model, the same model the SDK's TypeScript types are
 * rendered from: an empty list means the JSON parses into the generated type. Properties the type does not
 * declare are allowed, as they are for TypeScript's structural types.
 */
export function typeViolations(
  value: unknown,
  type: TypeModel,
  schemas: readonly NamedTypeModel[],
  path = '$',
): string[] {
  if (value === null && (type.nullable || type.kind === 'null' || type.kind === 'unknown')) return [];
  const fail = (expected: string) => [`${path}: expected ${expected}, got ${JSON.stringify(value)?.slice(0, 80)}`];
  switch (type.kind) {
    case 'ref': {
      const named = schemas.find((s) => s.specName === type.schema);
      return named ? typeViolations(value, named.type, schemas, path) : [`${path}: unknown type ${type.schema}`];
    }
    case 'unknown':
      return [];
    case 'null':
      return fail('null');
    case 'string':
      return typeof value === 'string' ? [] : fail('a string');
    case 'boolean':
      return typeof value === 'boolean' ? [] : fail('a boolean');
    case 'number':
      return typeof value === 'number' && (!type.integer || Number.isInteger(value))
        ? []
        : fail(type.integer ? 'an integer' : 'a number');
    case 'literal':
      return value === type.value ? [] : fail(JSON.stringify(type.value));
    case 'enum':
      return type.values.includes(value as string | number) ? [] : fail(`one of ${JSON.stringify(type.values)}`);
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, i) => typeViolations(item, type.items, schemas, `${path}[${i}]`))
        : fail('an array');
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('an object');
      const record = value as Record<string, unknown>;
      const problems: string[] = [];
      const declared = new Set<string>();
      for (const property of type.properties) {
        declared.add(property.name);
        const at = `${path}.${property.name}`;
        if (record[property.name] === undefined) {
          if (property.required) problems.push(`${at}: required property missing`);
        } else {
          problems.push(...typeViolations(record[property.name], property.type, schemas, at));
        }
      }
      if (type.additionalProperties) {
        for (const key of Object.keys(record)) {
          if (!declared.has(key))
            problems.push(...typeViolations(record[key], type.additionalProperties, schemas, `${path}.${key}`));
        }
      }
      return problems;
    }
    case 'allOf':
      return type.parts.flatMap((part) => typeViolations(value, part, schemas, path));
    case 'oneOf': {
      const results = type.variants.map((variant) => typeViolations(value, variant, schemas, path));
      return results.some((r) => r.length === 0)
        ? []
        : [`${path}: matches none of ${type.variants.length} variants (${results.map((r) => r[0]).join('; ')})`];
    }
  }
}
