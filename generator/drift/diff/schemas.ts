import { schemaLocation } from '../surface/locations.ts';
import type { SchemaSurface } from '../surface/types.ts';
import type { Change } from './change.ts';
import { describe, diffFieldMaps } from './fields.ts';
import { diffElements } from './keyed.ts';
import type { SchemaLookups } from './references.ts';
import { effectiveRoles } from './rules.ts';

/** Changes between the named schemas of two surfaces (REST or WebSocket), matched by their name in the spec. */
export function diffSchemas(
  from: Record<string, SchemaSurface>,
  to: Record<string, SchemaSurface>,
  schemas: SchemaLookups,
): Change[] {
  return diffElements(from, to, {
    kinds: ['schema.added', 'schema.removed'],
    locate: (name) => schemaLocation(name),
    added: (_, after) => `schema added (${describe(after.fields[''] ?? { type: 'unknown' })})`,
    removed: () => 'schema removed',
    both: (name, before, after) => {
      // A schema matters in every role it had before or has now.
      const roles = effectiveRoles([...before.usedIn, ...after.usedIn]);
      return diffFieldMaps(before.fields, after.fields, {
        locate: (key) => schemaLocation(name, key),
        rolesOf: () => roles,
        familyOf: () => 'schema',
        schemas,
      });
    },
  });
}
