import type { Role } from './types.ts';

/**
 * Which named schemas are reachable from what the client sends and from what it reads, following references
 * between schemas. `direct` lists the schemas each role references directly; `refsOf` the schemas a schema
 * references.
 */
export function schemaRoles(
  direct: Record<Role, Iterable<string>>,
  refsOf: (schema: string) => Iterable<string>,
): Map<string, Role[]> {
  const roles = new Map<string, Role[]>();
  for (const role of ['request', 'response'] as const) {
    const pending = [...direct[role]];
    const seen = new Set<string>();
    while (pending.length) {
      const name = pending.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      roles.set(name, [...(roles.get(name) ?? []), role]);
      pending.push(...refsOf(name));
    }
  }
  return roles;
}
