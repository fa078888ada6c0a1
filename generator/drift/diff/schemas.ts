import { schemaLocation } from '../surface/locations.ts';
import { unionKeys } from '../surface/sorted.ts';
import type { SchemaSurface } from '../surface/types.ts';
import type { Change } from './change.ts';
import { describe, diffFieldMaps } from './fields.ts';
import type { SchemaLookups } from './references.ts';
import { effectiveRoles } from './rules.ts';

/** Changes between the named schemas of two surfaces (REST or WebSocket), matched by their name in the spec. */
export function diffSchemas(
  from: Record<string, SchemaSurface>,
  to: Record<string, SchemaSurface>,
  schemas: SchemaLookups,
): Change[] {
  const changes: Change[] = [];
  for (const name of unionKeys(from, to)) {
    const [before, after] = [from[name], to[name]];
    const location = schemaLocation(name);
    if (!before) {
      changes.push({
        kind: 'schema.added',
        location,
        breaking: false,
        message: `schema added (${describe(after!.fields[''] ?? { type: 'unknown' })})`,
      });
    } else if (!after) {
      changes.push({ kind: 'schema.removed', location, breaking: true, message: 'schema removed' });
    } else {
      // A schema matters in every role it had before or has now.
      const roles = effectiveRoles([...before.usedIn, ...after.usedIn]);
      changes.push(
        ...diffFieldMaps(before.fields, after.fields, {
          locate: (key) => schemaLocation(name, key),
          rolesOf: () => roles,
          familyOf: () => 'schema',
          schemas,
        }),
      );
    }
  }
  return changes;
}
