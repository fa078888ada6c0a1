import { lstat, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { HEADER_START } from './header.ts';
import { UsageError } from './errors.ts';

/** The field of the generated package.json that marks a folder as this tool's output. */
export const OUTPUT_MARKER = 'kalshiCodegen';

/**
 * Replaces `out` with exactly `files`. Everything is written to a sibling temporary folder first and swapped in
 * by renames, so a failure at any point leaves the previous output as it was. Only what checkOutFolder allows is
 * replaced, checked again here as the folder may have changed while the SDK was generated.
 */
export async function writeOutput(out: string, files: Map<string, string>): Promise<void> {
  const target = resolve(out);
  const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
  const previous = `${target}.old-${process.pid}-${Date.now()}`;
  try {
    for (const path of [...files.keys()].sort()) {
      const file = join(staging, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, files.get(path)!);
    }
    await checkOutFolder(out);
    const hadPrevious = await rename(target, previous).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
    try {
      await rename(staging, target);
    } catch (err) {
      if (hadPrevious) await rename(previous, target);
      throw err;
    }
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Refuses, leaving it untouched, an output folder whose replacement would lose something: only a folder that does
 * not exist, is empty, or holds an SDK this tool wrote may be replaced. Output is known by the OUTPUT_MARKER field
 * of its package.json, or, should that be gone, by the header of its src/index.ts.
 */
export async function checkOutFolder(out: string): Promise<void> {
  const target = resolve(out);
  const refuse = (why: string) => new UsageError(`refusing to replace ${out} (--out): ${why}`);
  const unreadable = (err: NodeJS.ErrnoException) => {
    throw refuse(`cannot read it (${err.code ?? err.message})`);
  };
  const stats = await lstat(target).catch((err: NodeJS.ErrnoException) =>
    err.code === 'ENOENT' ? undefined : unreadable(err),
  );
  if (!stats) return;
  if (stats.isSymbolicLink()) throw refuse('it is a symbolic link; give the folder it points to');
  if (!stats.isDirectory()) throw refuse('it is a file, not a folder');
  if ((await readdir(target).catch(unreadable)).length === 0) return;
  const marker = await readFile(join(target, 'package.json'), 'utf8')
    .then((text) => (JSON.parse(text) as Record<string, unknown> | null)?.[OUTPUT_MARKER])
    .catch(() => undefined);
  if (marker && typeof marker === 'object') return;
  const index = await readFile(join(target, 'src/index.ts'), 'utf8').catch(() => '');
  if (index.startsWith(HEADER_START)) return;
  throw refuse(
    `it is not empty and holds no SDK that kalshi-codegen wrote (no package.json with a "${OUTPUT_MARKER}" field); ` +
      'give a new or empty folder',
  );
}

/** Paths (relative, sorted) whose content in `out` differs from `files`, including files only on one side. */
export async function diffOutput(out: string, files: Map<string, string>): Promise<string[]> {
  const existing = await listFiles(resolve(out));
  const changed = new Set<string>();
  for (const [path, text] of files) {
    const current = existing.has(path) ? await readFile(join(out, path), 'utf8') : undefined;
    if (current !== text) changed.add(path);
  }
  for (const path of existing) if (!files.has(path)) changed.add(path);
  return [...changed].sort();
}

async function listFiles(root: string): Promise<Set<string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return new Set(
    entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/')),
  );
}
