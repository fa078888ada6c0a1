import { isInside } from '../surface/locations.ts';
import { isAppearance, type Change, type DocumentationChange } from './change.ts';
import { diffByKey } from './keyed.ts';

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
  const reported = (location: string) =>
    !readThrough.has(location) && !appearedOrVanished.some((l) => l === location || isInside(location, l));
  return diffByKey<string, DocumentationChange>(from, to, {
    added: (location) =>
      reported(location) ? { kind: 'documentation.added', location, message: 'description added' } : undefined,
    removed: (location) =>
      reported(location) ? { kind: 'documentation.removed', location, message: 'description removed' } : undefined,
    both: (location, before, after) =>
      before === after ? undefined : { kind: 'documentation.changed', location, message: 'description changed' },
  });
}
