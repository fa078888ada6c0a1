/** Helpers that give the lock a stable, reviewable order whatever order the spec was written in. */

/** A record with its keys in sorted order (integer-like keys still come first in JavaScript objects). */
export function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareKeys(a, b)));
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareKeys);
}

/** The keys of two records, each once, sorted. */
export function unionKeys(a: object, b: object): string[] {
  return sortedUnique([...Object.keys(a), ...Object.keys(b)]);
}
