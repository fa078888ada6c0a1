/**
 * Runs a Node program as a child process and measures what its user waits for and what it costs: wall time from
 * spawn to exit (process start-up included, as on the command line), CPU time (bench/usage.cjs) and peak resident
 * memory: the Node process's own peak (bench/usage.cjs), or more when processes it starts (codegen's compiler) add
 * to it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../generator/defaults.ts';

export interface ChildRun {
  wallMs: number;
  /** User + system CPU time of the process's threads and of the child processes it waited for. */
  cpuMs: number;
  peakRssBytes: number;
  stdout: string;
  stderr: string;
}

const USAGE = join(REPO_ROOT, 'bench/usage.cjs');

/**
 * Runs `node [nodeOptions] <script> ...args`; throws with the child's output when it exits non-zero. `nodeOptions`
 * e.g. `['--import', 'tsx']` for a TypeScript script.
 */
export async function runNode(
  script: string,
  args: string[],
  options: { cwd?: string; nodeOptions?: string[] } = {},
): Promise<ChildRun> {
  const dir = await mkdtemp(join(tmpdir(), 'kalshi-bench-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), '--require', USAGE, script, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, BENCH_USAGE_FILE: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let treePeak = 0;
    const sampler = setInterval(() => (treePeak = Math.max(treePeak, treeRss(child.pid!))), TREE_SAMPLE_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve, reject) =>
      child.once('error', reject).once('close', resolve),
    );
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    if (code !== 0) throw new Error(`node ${script} ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`);
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { peakRssBytes: number; cpuMs: number };
    return { wallMs, cpuMs: usage.cpuMs, peakRssBytes: Math.max(usage.peakRssBytes, treePeak), stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * How often the process tree's memory is sampled. getrusage gives the child's exact peak but says nothing of the
 * processes it starts; their resident memory is summed with the child's at each sample.
 */
const TREE_SAMPLE_MS = 20;

/** Resident bytes of `pid` and every process below it, from /proc; 0 where /proc is unavailable. */
function treeRss(pid: number): number {
  try {
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
    return children.reduce((sum, child) => sum + treeRss(Number(child)), rss);
  } catch {
    return 0; // the process ended between listing and reading
  }
}

/** The file of an installed package's command-line tool, e.g. `binPath('typescript', 'tsc')`. */
export function binPath(pkg: string, bin: string): string {
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!relative) throw new Error(`${pkg} has no "${bin}" command`);
  return join(dirname(manifestPath), relative);
}
