import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { SpecError, joinPointer } from '../../errors.ts';
import { REPO_ROOT } from '../../defaults.ts';
import { isUrl } from '../../load/index.ts';
import type {
  RestSpecSurface,
  RestSurface,
  SpecStamp,
  SpecSurface,
  WsSpecSurface,
  WsSurface,
} from '../surface/types.ts';
import { formatJson } from './format.ts';
import { LockChecker } from './validate.ts';

/** The committed lock: the reviewed API surface the SDK was generated from. */
export const DEFAULT_LOCK = resolve(REPO_ROOT, 'specs/kalshi.lock.json');

export const LOCK_VERSION = 1;

export interface LockedSpec<S> extends Omit<SpecStamp, 'lock'> {
  surface: S;
}

export interface LockFile {
  lockVersion: typeof LOCK_VERSION;
  comment: string;
  openapi: LockedSpec<RestSurface>;
  asyncapi: LockedSpec<WsSurface>;
}

const COMMENT =
  "Reviewed API surface of Kalshi's REST and WebSocket specs. Written by `npx codegen lock`; never edit by hand. " +
  'See docs/drift.md.';

export function buildLock(openapi: RestSpecSurface, asyncapi: WsSpecSurface): LockFile {
  const locked = <S>(s: { stamp: SpecStamp; surface: S }): LockedSpec<S> => ({
    source: portableSource(s.stamp.source),
    version: s.stamp.version,
    sha256: s.stamp.sha256,
    surface: s.surface,
  });
  return { lockVersion: LOCK_VERSION, comment: COMMENT, openapi: locked(openapi), asyncapi: locked(asyncapi) };
}

/** Writes the lock atomically (a reader never sees half a file). */
export async function writeLock(path: string, lock: LockFile): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, formatJson(lock));
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw new SpecError(
      path,
      '',
      `cannot write lock file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

export async function readLock(path: string): Promise<LockFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpecError(
      path,
      '',
      code === 'ENOENT' ? 'lock file not found (create it with `npx codegen lock`)' : `cannot read lock file (${code})`,
    );
  }
  return parseLock(text, path);
}

export function parseLock(text: string, file: string): LockFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SpecError(file, '', `invalid JSON in lock file: ${(err as Error).message}`);
  }
  const check = new LockChecker(file);
  const lock = check.object(value, '');
  if (lock.lockVersion !== LOCK_VERSION) {
    check.fail(
      '/lockVersion',
      `unsupported lock version ${JSON.stringify(lock.lockVersion)} (this codegen writes ${LOCK_VERSION}); run \`npx codegen lock\``,
    );
  }
  for (const kind of ['openapi', 'asyncapi'] as const) {
    const pointer = joinPointer('', kind);
    const entry = check.object(lock[kind], pointer);
    for (const key of ['source', 'version', 'sha256'] as const) check.string(entry[key], joinPointer(pointer, key));
    if (kind === 'openapi') check.restSurface(entry.surface, joinPointer(pointer, 'surface'));
    else check.wsSurface(entry.surface, joinPointer(pointer, 'surface'));
  }
  return value as LockFile;
}

/** One side of a lock as a surface to compare; its stamp names the lock it was read from. */
export function lockedSurface(lock: LockFile, kind: 'openapi', lockPath: string): RestSpecSurface;
export function lockedSurface(lock: LockFile, kind: 'asyncapi', lockPath: string): WsSpecSurface;
export function lockedSurface(lock: LockFile, kind: 'openapi' | 'asyncapi', lockPath: string): SpecSurface {
  const entry = lock[kind];
  const stamp = { source: entry.source, version: entry.version, sha256: entry.sha256, lock: lockPath };
  return kind === 'openapi'
    ? { kind, stamp, surface: (entry as LockedSpec<RestSurface>).surface }
    : { kind, stamp, surface: (entry as LockedSpec<WsSurface>).surface };
}

/** URLs as they are; files relative to the repository, so the lock does not depend on where it was checked out. */
function portableSource(source: string): string {
  if (isUrl(source)) return source;
  return relative(REPO_ROOT, resolve(source)).split('\\').join('/');
}

/** A path as people want to read it: relative to the current folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
