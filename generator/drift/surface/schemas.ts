import type { NamedTypeModel } from '../../model/types.ts';
import { schemaLocation } from './locations.ts';
import { schemaRoles } from './roles.ts';
import { ShapeFlattener } from './shape.ts';
import { sortedRecord } from './sorted.ts';
import type { Role, SchemaSurface } from './types.ts';

/** Surfaces of a spec's named schemas, with the roles given by what operations or messages reference directly. */
export function schemaSurfaces(
  schemas: NamedTypeModel[],
  documentation: Record<string, string>,
  directRefs: Record<Role, Set<string>>,
): Record<string, SchemaSurface> {
  const flattened = new Map<string, ShapeFlattener>();
  for (const schema of schemas) {
    const shape = new ShapeFlattener(documentation, (key) => schemaLocation(schema.specName, key));
    shape.add(schema.type, '');
    flattened.set(schema.specName, shape);
  }
  const roles = schemaRoles(directRefs, (name) => flattened.get(name)?.refs ?? []);
  const surfaces: Record<string, SchemaSurface> = {};
  for (const [name, shape] of flattened) {
    surfaces[name] = { usedIn: roles.get(name) ?? [], fields: sortedRecord(shape.fields) };
  }
  return sortedRecord(surfaces);
}
