import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { SpecError } from '../../errors.ts';
import { REPO_ROOT } from '../../defaults.ts';
import { isUrl } from '../../load/index.ts';
import { rootProduct } from '../../products.ts';
import {
  API_KINDS,
  type ApiKind,
  type RestSpecSurface,
  type RestSurface,
  type SpecStamp,
  type SpecSurface,
  type WsSpecSurface,
  type WsSurface,
} from '../surface/types.ts';
import { formatJson } from './format.ts';
import { LockChecker } from './validate.ts';

/** The committed lock: the reviewed API surface the SDK was generated from. */
export const DEFAULT_LOCK = resolve(REPO_ROOT, 'specs/kalshi.lock.json');

export const LOCK_VERSION = 2;

export interface LockedSpec<S> extends Omit<SpecStamp, 'lock'> {
  surface: S;
}

/** One product's locked specs: the kinds it has. */
export interface LockedProduct {
  openapi?: LockedSpec<RestSurface>;
  asyncapi?: LockedSpec<WsSurface>;
}

export interface LockFile {
  /** As read. A version 1 lock (one REST and one WebSocket spec, at the top level) is read as the root product's. */
  lockVersion: 1 | typeof LOCK_VERSION;
  comment: string;
  /** Keyed by product id (specs/products.json), in the order `codegen lock` found them. */
  products: Record<string, LockedProduct>;
}

const COMMENT =
  "Reviewed API surface of each Kalshi product's REST and WebSocket specs, keyed by product id (specs/products.json). " +
  'Written by `npx codegen lock`; never edit by hand. See docs/drift.md.';

/** A lock of each product's surfaces, keyed by kind of spec, REST first; a product with none found is left out. */
export function buildLock(products: readonly { id: string; surfaces: readonly SpecSurface[] }[]): LockFile {
  const locked = ({ stamp, surface }: SpecSurface): LockedSpec<RestSurface | WsSurface> => ({
    source: portableSource(stamp.source),
    version: stamp.version,
    sha256: stamp.sha256,
    surface,
  });
  const entries = products
    .filter(({ surfaces }) => surfaces.length > 0)
    .map(({ id, surfaces }) => {
      const byKind = API_KINDS.flatMap((kind) => surfaces.filter((s) => s.kind === kind).map((s) => [kind, locked(s)]));
      return [id, Object.fromEntries(byKind) as LockedProduct];
    });
  return { lockVersion: LOCK_VERSION, comment: COMMENT, products: Object.fromEntries(entries) };
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

/** Reads and checks a lock; `rootId` is the product a version 1 lock is read as. */
export async function readLock(path: string, rootId = rootProduct().id): Promise<LockFile> {
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
  return parseLock(text, path, rootId);
}

export function parseLock(text: string, file: string, rootId = rootProduct().id): LockFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SpecError(file, '', `invalid JSON in lock file: ${(err as Error).message}`);
  }
  const check = new LockChecker(file);
  const lock = check.object(value, '');
  const comment = typeof lock.comment === 'string' ? lock.comment : '';
  if (lock.lockVersion === 1) {
    const product = { openapi: lock.openapi, asyncapi: lock.asyncapi };
    check.lockedProduct(product, '', ['openapi', 'asyncapi']);
    return { lockVersion: 1, comment, products: { [rootId]: product as LockedProduct } };
  }
  if (lock.lockVersion !== LOCK_VERSION) {
    check.fail(
      '/lockVersion',
      `unsupported lock version ${JSON.stringify(lock.lockVersion)} (this codegen reads 1 and ${LOCK_VERSION}, and writes ${LOCK_VERSION}); run \`npx codegen lock\``,
    );
  }
  check.map(lock.products, '/products', (product, at) => check.lockedProduct(product, at, ['openapi']));
  return value as LockFile;
}

/** One locked spec as a surface to compare; its stamp names the lock it was read from. */
export function lockedSurface(kind: 'openapi', entry: LockedSpec<RestSurface>, lockPath: string): RestSpecSurface;
export function lockedSurface(kind: 'asyncapi', entry: LockedSpec<WsSurface>, lockPath: string): WsSpecSurface;
export function lockedSurface(kind: ApiKind, entry: LockedSpec<RestSurface | WsSurface>, lockPath: string): SpecSurface;
export function lockedSurface(
  kind: ApiKind,
  entry: LockedSpec<RestSurface | WsSurface>,
  lockPath: string,
): SpecSurface {
  const stamp = { source: entry.source, version: entry.version, sha256: entry.sha256, lock: lockPath };
  return kind === 'openapi'
    ? { kind, stamp, surface: entry.surface as RestSurface }
    : { kind, stamp, surface: entry.surface as WsSurface };
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
