import { unionKeys } from '../surface/sorted.ts';
import type { Change, ChangeKind } from './change.ts';

/** What one key of two records gives: nothing, a change, or several. */
type Reported<C> = C | C[] | undefined;

/** How to report a key present after only (`added`), before only (`removed`), or on both sides (`both`). */
export interface KeyedDiff<T, C> {
  added(key: string, after: T): Reported<C>;
  removed(key: string, before: T): Reported<C>;
  both?(key: string, before: T, after: T): Reported<C>;
}

/**
 * Changes between two records matched by key, in key order: what `report` gives for each key of either. They are API
 * changes unless `C` says otherwise.
 */
export function diffByKey<T, C = Change>(
  from: Record<string, T>,
  to: Record<string, T>,
  report: KeyedDiff<T, NoInfer<C>>,
): C[] {
  const changes: C[] = [];
  for (const key of unionKeys(from, to)) {
    const [before, after] = [from[key], to[key]];
    const reported =
      before === undefined
        ? report.added(key, after!)
        : after === undefined
          ? report.removed(key, before)
          : report.both?.(key, before, after);
    if (Array.isArray(reported)) changes.push(...reported);
    else if (reported !== undefined) changes.push(reported);
  }
  return changes;
}

/** How to report the elements of one kind (operations, schemas, messages, …): see diffElements. */
export interface ElementDiff<T> {
  /** The kinds of change of an element added and of one removed. */
  kinds: readonly [added: ChangeKind, removed: ChangeKind];
  locate(key: string, element: T): string;
  /** The messages of an element added and of one removed. */
  added(key: string, after: T): string;
  removed(key: string, before: T): string;
  /** The changes of an element on both sides. */
  both?(key: string, before: T, after: T): Reported<Change>;
}

/** Changes between two records of API elements matched by key: one removed breaks, one added does not (rules.ts). */
export function diffElements<T>(from: Record<string, T>, to: Record<string, T>, diff: ElementDiff<T>): Change[] {
  const [addedKind, removedKind] = diff.kinds;
  return diffByKey(from, to, {
    added: (key, after) => ({
      kind: addedKind,
      location: diff.locate(key, after),
      breaking: false,
      message: diff.added(key, after),
    }),
    removed: (key, before) => ({
      kind: removedKind,
      location: diff.locate(key, before),
      breaking: true,
      message: diff.removed(key, before),
    }),
    both: diff.both,
  });
}
