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
  return compareWithLock(lock, lockPath, await loadBoth(specs));
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
  const surfaces = await loadBoth(specs);
  const previous = await readPrevious(lockPath);
  const lock = buildLock(surfaces.openapi, surfaces.asyncapi);
  await writeLock(lockPath, lock);
  if (!previous) return { lock };
  if ('unreadable' in previous) return { lock, previousUnreadable: previous.unreadable };
  return { lock, sincePrevious: compareWithLock(previous, lockPath, surfaces) };
}

/** The lock's REST and WebSocket sides compared with the specs' surfaces, REST first. */
function compareWithLock(lock: LockFile, lockPath: string, surfaces: LoadedSurfaces): DriftReport[] {
  return [
    compareSurfaces(lockedSurface(lock, 'openapi', lockPath), surfaces.openapi),
    compareSurfaces(lockedSurface(lock, 'asyncapi', lockPath), surfaces.asyncapi),
  ];
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

interface LoadedSurfaces {
  openapi: RestSpecSurface;
  asyncapi: WsSpecSurface;
}

async function loadBoth(specs: SpecLocations): Promise<LoadedSurfaces> {
  const [openapi, asyncapi] = await Promise.all([
    loadSpecSurface(specs.openapi, 'openapi'),
    loadSpecSurface(specs.asyncapi, 'asyncapi'),
  ]);
  return { openapi, asyncapi };
}
