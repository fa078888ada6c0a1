#!/usr/bin/env node
// The generator is TypeScript. It runs from a bundle in dist/, rebuilt with esbuild whenever a source under
// generator/ is newer than it: compiling the sources on the fly (tsx) costs about half a second on every run, and
// only built JavaScript can start the worker thread that reads the WebSocket spec (generator/ws-job.ts).
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const entries = { codegen: 'generator/cli.ts', 'ws-worker': 'generator/ws-worker.ts' };

const main = await loadGenerator();
process.exitCode = await main(process.argv);

async function loadGenerator() {
  try {
    if (isStale()) await build();
    return (await import(join(dist, 'codegen.mjs'))).main;
  } catch (error) {
    // A read-only install, or no esbuild: run from the sources instead, slower but the same program.
    if (process.env.CODEGEN_DEBUG) console.error(error);
    const { register } = await import('tsx/esm/api');
    register();
    return (await import('../generator/cli.ts')).main;
  }
}

function isStale() {
  let built;
  try {
    built = Math.min(...Object.keys(entries).map((name) => statSync(join(dist, `${name}.mjs`)).mtimeMs));
  } catch {
    return true;
  }
  const sources = readdirSync(join(root, 'generator'), { recursive: true })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(root, 'generator', file));
  return [fileURLToPath(import.meta.url), ...sources].some((file) => statSync(file).mtimeMs > built);
}

async function build() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: dist,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Modules the pipeline imports lazily stay out of the start-up path (the worker starts before ts-morph loads).
    splitting: true,
    // Chunks sit beside the entries: modules find the repository as their folder's parent (generator/defaults.ts).
    chunkNames: '[name]-[hash]',
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(dist, { recursive: true });
  // Written aside and renamed into place, so a generator started meanwhile never imports half a file. Chunks are
  // named by content hash: the entries are renamed last, once every chunk they import is in place.
  const entryFiles = Object.keys(entries).map((name) => join(dist, `${name}.mjs`));
  const ordered = [...result.outputFiles].sort((a, b) => entryFiles.includes(a.path) - entryFiles.includes(b.path));
  for (const file of ordered) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  const current = new Set(result.outputFiles.map((file) => file.path));
  for (const name of readdirSync(dist)) {
    if (name.endsWith('.mjs') && !current.has(join(dist, name))) rmSync(join(dist, name), { force: true });
  }
}
