import { access } from 'node:fs/promises';
import { compareSurfaces, type DriftReport } from './diff/index.ts';
import { buildLock, readLock, writeLock, type LockFile } from './lock/index.ts';
import { compareProducts, type ProductDrift } from './product-drift.ts';
import type { ProductSpecs, SpecLookup } from './product-specs.ts';
import { loadSpecSurface } from './spec.ts';
import type { ApiKind, SpecSurface } from './surface/types.ts';

/** `codegen diff`: compares two specs of the same kind. */
export async function diffSpecs(from: string, to: string): Promise<DriftReport> {
  const [before, after] = await Promise.all([loadSpecSurface(from), loadSpecSurface(to)]);
  return compareSurfaces(before, after);
}

/** `codegen drift`: compares every product's specs with the lock. */
export async function checkDrift(specs: readonly ProductSpecs[], lockPath: string): Promise<ProductDrift[]> {
  const lock = await readLock(lockPath);
  return compareProducts(lock, lockPath, await loadSurfaces(specs));
}

export interface LockResult {
  lock: LockFile;
  /**
   * Every product against the lock that was replaced (against none when there was none or it could not be read):
   * what changed, what is new and what was dropped.
   */
  sincePrevious: ProductDrift[];
  /** Why the lock that was replaced could not be read (it existed but was damaged or of an unknown version). */
  previousUnreadable?: string;
}

/** `codegen lock`: records the surfaces of every product's specs that were found in the lock file. */
export async function lockSpecs(specs: readonly ProductSpecs[], lockPath: string): Promise<LockResult> {
  const surfaces = await loadSurfaces(specs);
  const previous = await readPrevious(lockPath);
  const lock = buildLock(surfaces.map(({ product, specs: lookups }) => ({ id: product.id, surfaces: found(lookups) })));
  await writeLock(lockPath, lock);
  const sincePrevious = compareProducts(previous.lock, lockPath, surfaces);
  return { lock, sincePrevious, ...(previous.unreadable && { previousUnreadable: previous.unreadable }) };
}

async function readPrevious(lockPath: string): Promise<{ lock?: LockFile; unreadable?: string }> {
  try {
    await access(lockPath);
  } catch {
    return {};
  }
  try {
    return { lock: await readLock(lockPath) };
  } catch (err) {
    return { unreadable: (err as Error).message };
  }
}

/** Reads every spec found, all at once; one that cannot be read is an error (exit 2), as for a single spec. */
async function loadSurfaces(specs: readonly ProductSpecs[]): Promise<ProductSpecs<SpecSurface>[]> {
  return Promise.all(
    specs.map(async ({ product, specs: lookups }) => {
      const entries = await Promise.all(
        Object.entries(lookups).map(async ([kind, lookup]): Promise<[string, SpecLookup<SpecSurface>]> => [
          kind,
          'found' in lookup ? { found: await loadSpecSurface(lookup.found, kind as ApiKind) } : lookup,
        ]),
      );
      return { product, specs: Object.fromEntries(entries) };
    }),
  );
}

function found(lookups: ProductSpecs<SpecSurface>['specs']): SpecSurface[] {
  return Object.values(lookups).flatMap((lookup) => ('found' in lookup ? [lookup.found] : []));
}
