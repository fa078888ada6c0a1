import { isInside } from '../surface/locations.ts';
import { unionKeys } from '../surface/sorted.ts';
import { isAppearance, type Change, type DocumentationChange } from './change.ts';

/**
 * Documentation changes between two fingerprint maps. Text that appears or disappears with the element it
 * documents is part of that API change, not a documentation change of its own; nor is text at a node one side
 * has from a named schema it refers to (`readThrough`): that text is compared at the schema.
 */
export function diffDocumentation(
  from: Record<string, string>,
  to: Record<string, string>,
  apiChanges: Change[],
  readThrough: ReadonlySet<string> = new Set(),
): DocumentationChange[] {
  const appearedOrVanished = apiChanges.filter((c) => isAppearance(c.kind)).map((c) => c.location);
  const covered = (location: string) => appearedOrVanished.some((l) => l === location || isInside(location, l));
  const changes: DocumentationChange[] = [];
  for (const location of unionKeys(from, to)) {
    const [before, after] = [from[location], to[location]];
    if (before === after) continue;
    if (before && after) changes.push({ kind: 'documentation.changed', location, message: 'description changed' });
    else if (!covered(location) && !readThrough.has(location)) {
      changes.push(
        before
          ? { kind: 'documentation.removed', location, message: 'description removed' }
          : { kind: 'documentation.added', location, message: 'description added' },
      );
    }
  }
  return changes;
}
