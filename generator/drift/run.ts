import { access } from 'node:fs/promises';
import { compareSurfaces, type DriftReport } from './diff/index.ts';
import { buildLock, lockedSurface, readLock, writeLock, type LockFile } from './lock/index.ts';
import { loadSpecSurface } from './spec.ts';
import type { RestSpecSurface, WsSpecSurface } from './surface/types.ts';

/** The published specs to check or lock: files or URLs. */
export interface SpecLocations {
  openapi: string;
  asyncapi: string;
}

/** `codegen diff`: compares two specs of the same kind. */
export async function diffSpecs(from: string, to: string): Promise<DriftReport> {
  const [before, after] = await Promise.all([loadSpecSurface(from), loadSpecSurface(to)]);
  return compareSurfaces(before, after);
}

/** `codegen drift`: compares the published specs with the lock, REST first. */
export async function checkDrift(specs: SpecLocations, lockPath: string): Promise<DriftReport[]> {
  const lock = await readLock(lockPath);
  const { openapi, asyncapi } = await loadBoth(specs);
  return [
    compareSurfaces(lockedSurface(lock, 'openapi', lockPath), openapi),
    compareSurfaces(lockedSurface(lock, 'asyncapi', lockPath), asyncapi),
  ];
}

export interface LockResult {
  lock: LockFile;
  /** What changed since the lock that was replaced; undefined when there was none or it could not be read. */
  sincePrevious?: DriftReport[];
  /** Why the lock that was replaced could not be read (it existed but was damaged or of another version). */
  previousUnreadable?: string;
}

/** `codegen lock`: records the specs' surfaces in the lock file. */
export async function lockSpecs(specs: SpecLocations, lockPath: string): Promise<LockResult> {
  const { openapi, asyncapi } = await loadBoth(specs);
  const previous = await readPrevious(lockPath);
  const lock = buildLock(openapi, asyncapi);
  await writeLock(lockPath, lock);
  if (!previous) return { lock };
  if ('unreadable' in previous) return { lock, previousUnreadable: previous.unreadable };
  return {
    lock,
    sincePrevious: [
      compareSurfaces(lockedSurface(previous, 'openapi', lockPath), openapi),
      compareSurfaces(lockedSurface(previous, 'asyncapi', lockPath), asyncapi),
    ],
  };
}

async function readPrevious(lockPath: string): Promise<LockFile | { unreadable: string } | undefined> {
  try {
    await access(lockPath);
  } catch {
    return undefined;
  }
  try {
    return await readLock(lockPath);
  } catch (err) {
    return { unreadable: (err as Error).message };
  }
}

async function loadBoth(specs: SpecLocations): Promise<{ openapi: RestSpecSurface; asyncapi: WsSpecSurface }> {
  const [openapi, asyncapi] = await Promise.all([
    loadSpecSurface(specs.openapi, 'openapi'),
    loadSpecSurface(specs.asyncapi, 'asyncapi'),
  ]);
  return { openapi, asyncapi };
}
