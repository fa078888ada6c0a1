import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Replaces `out` with exactly `files`. Everything is written to a sibling temporary folder first and swapped in
 * by renames, so a failure at any point leaves the previous output as it was.
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
