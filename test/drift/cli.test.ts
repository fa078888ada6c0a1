/**
 * `codegen lock`, `codegen diff` and `codegen drift` as commands: output, exit codes (0 nothing at the --fail-on
 * level, 1 drift at or above it, 2 usage or input error) and one-line errors. Most run in-process through the
 * CLI's `main` (fast); two run as a real child process to pin the process exit code and stderr.
 */
import { copyFile, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../generator/cli.ts';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT, SPECS_DIR } from '../../generator/defaults.ts';
import { DEFAULT_LOCK } from '../../generator/drift/lock/index.ts';
import { upgradeSteps } from '../../generator/drift/upgrade.ts';
import { runCli } from '../helpers/cli.ts';

const OLDER_REST = join(SPECS_DIR, 'versions', 'openapi', '3.12.0_2026-04-02.yaml');
const NEWER_REST = join(SPECS_DIR, 'versions', 'openapi', '3.13.0_2026-04-13.yaml');
const REST_3_7 = join(SPECS_DIR, 'versions', 'openapi', '3.7.0_2026-02-17.yaml');
const REST_3_8 = join(SPECS_DIR, 'versions', 'openapi', '3.8.0_2026-02-25.yaml');
const REST_3_8_REPUBLISHED = join(SPECS_DIR, 'versions', 'openapi', '3.8.0_2026-03-03.yaml');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'codegen-drift-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs the CLI in this process, capturing what it prints. */
async function codegen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(console, 'log').mockImplementation((...parts) => void (stdout += `${parts.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...parts) => void (stderr += `${parts.join(' ')}\n`));
  process.exitCode = undefined;
  const code = await main(['node', 'codegen', ...args]);
  vi.restoreAllMocks();
  process.exitCode = undefined;
  return { code, stdout, stderr };
}

/**
 * A lock recorded from the specs in hand, so that these tests judge the commands, not whether Kalshi's specs still
 * match the committed lock: that is the drift step of `npm test`, reported once.
 */
let currentLock: string;
beforeAll(async () => {
  currentLock = join(dir, 'current.lock.json');
  expect((await codegen('lock', '--lock', currentLock)).code).toBe(0);
});

describe('codegen drift', () => {
  it('exits 0 when the published specs match the lock', async () => {
    const { code, stdout } = await codegen('drift', '--lock', currentLock);
    expect(code).toBe(0);
    expect(stdout).toContain('REST API (OpenAPI): no API changes');
    expect(stdout).toContain('WebSocket API (AsyncAPI): no API changes');
    expect(stdout).not.toContain('What to do');
  });

  it('writes markdown for a CI summary; --fail-on none exits 0 whatever drifted', async () => {
    const { code, stdout } = await codegen(
      'drift',
      '--openapi',
      OLDER_REST,
      '--format',
      'markdown',
      '--fail-on',
      'none',
      '--lock',
      currentLock,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^### 🔴 REST API \(OpenAPI\)/m);
    // The upgrade steps close the report, for the nightly job's summary.
    expect(stdout).toContain(`\n${upgradeSteps('### What to do')}`);
    expect(stdout).toMatch(/^### 🟢 WebSocket API \(AsyncAPI\): no API changes/m);
  });

  it('--format json: each side says where it was read from, with counts and notes per spec kind', async () => {
    const { code, stdout } = await codegen('drift', '--openapi', OLDER_REST, '--format', 'json', '--fail-on', 'none');
    expect(code).toBe(0);
    const reports = JSON.parse(stdout);
    expect(Object.keys(reports)).toEqual(['openapi', 'asyncapi']);
    const locked = JSON.parse(await readFile(DEFAULT_LOCK, 'utf8'));
    for (const kind of ['openapi', 'asyncapi'] as const) {
      const report = reports[kind];
      expect(report.from.source).toEqual({
        kind: 'lock',
        location: DEFAULT_LOCK,
        recordedFrom: { kind: 'file', location: locked[kind].source },
      });
      expect(report.to.source).toEqual({ kind: 'file', location: kind === 'openapi' ? OLDER_REST : DEFAULT_ASYNCAPI });
      const breaking = report.changes.filter((c: { breaking: boolean }) => c.breaking).length;
      expect(report.counts).toEqual({
        breaking,
        nonBreaking: report.changes.length - breaking,
        documentation: report.documentation.length,
      });
    }
    expect(reports.openapi.counts.breaking).toBeGreaterThan(0);
    // The text report still names the lock in words.
    const text = await codegen('drift', '--openapi', OLDER_REST, '--fail-on', 'none');
    expect(text.stdout).toContain(`, lock specs/kalshi.lock.json (recorded from ${locked.openapi.source})\n`);
  });

  it('refuses --live together with explicit specs (exit 2)', async () => {
    const { code, stderr } = await codegen('drift', '--live', '--openapi', DEFAULT_OPENAPI);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot be used with option/);
  });

  it('refuses a damaged lock with one line naming the file and pointer (exit 2)', async () => {
    const lock = join(dir, 'damaged.lock.json');
    await writeFile(lock, JSON.stringify({ lockVersion: 1, openapi: {} }));
    const { code, stderr } = await codegen('drift', '--lock', lock);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${lock}#/openapi/source: expected a string\n`);
  });
});

describe('codegen diff', () => {
  it('compares two specs; json output parses and --fail-on any exits 1', async () => {
    const { code, stdout } = await codegen('diff', '--from', OLDER_REST, '--to', NEWER_REST, '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.from.version).toBe('3.12.0');
    expect(report.to.version).toBe('3.13.0');
    expect(report.changes.length).toBeGreaterThan(0);
  });

  it('--format json has the shape of drift: a spec republished under its version is flagged, a URL is a url', async () => {
    const spec = await readFile(REST_3_8);
    const server = createServer((_, res) => res.end(spec)).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.yaml`;
      const args = ['diff', '--from', url, '--to', REST_3_8_REPUBLISHED, '--format', 'json', '--fail-on', 'none'];
      const report = JSON.parse((await codegen(...args)).stdout);
      expect(report.from.source).toEqual({ kind: 'url', location: url });
      expect(report.to.source).toEqual({ kind: 'file', location: REST_3_8_REPUBLISHED });
      expect(report.sameVersionDifferentContent).toBe(true);
      expect(report.notes[0]).toBe('same info.version 3.8.0 but different content (sha256 differs)');
      expect(report.counts.documentation).toBe(report.documentation.length);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('--fail-on decides whether changes exit 1', async () => {
    const run = (failOn: string) => codegen('diff', '--from', OLDER_REST, '--to', NEWER_REST, '--fail-on', failOn);
    expect((await run('breaking')).code).toBe(1);
    expect((await run('any')).code).toBe(1);
    expect((await run('none')).code).toBe(0);
    // Kalshi's 3.7.0 → 3.8.0 only added API: any change fails, breaking ones do not exist.
    const additive = (failOn: string) => codegen('diff', '--from', REST_3_7, '--to', REST_3_8, '--fail-on', failOn);
    expect((await additive('breaking')).code).toBe(0);
    expect((await additive('any')).code).toBe(1);
  });

  it('a spec against itself has nothing to report (exit 0)', async () => {
    const { code, stdout } = await codegen('diff', '--from', DEFAULT_ASYNCAPI, '--to', DEFAULT_ASYNCAPI);
    expect(code).toBe(0);
    expect(stdout).toContain('WebSocket API (AsyncAPI): no API changes');
  });

  it('usage errors exit 2: a missing option, an unknown format, specs of different kinds, a missing file', async () => {
    expect((await codegen('diff', '--from', OLDER_REST)).code).toBe(2);
    expect((await codegen('diff', '--from', OLDER_REST, '--to', NEWER_REST, '--format', 'xml')).code).toBe(2);
    const mixed = await codegen('diff', '--from', OLDER_REST, '--to', DEFAULT_ASYNCAPI);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(
      /^error: cannot compare an OpenAPI \(REST\) spec .* with an AsyncAPI \(WebSocket\) spec .*: both must be the same kind of spec\n$/,
    );
    const missing = join(dir, 'nope.yaml');
    expect(await codegen('diff', '--from', missing, '--to', NEWER_REST)).toMatchObject({
      code: 2,
      stderr: `error: ${missing}: file not found\n`,
    });
  });
});

describe('codegen lock', () => {
  it('writes a lock that drift then accepts, and reports what changed since the previous lock', async () => {
    const lock = join(dir, 'kalshi.lock.json');
    await copyFile(DEFAULT_LOCK, lock);
    const older = await codegen('lock', '--openapi', OLDER_REST, '--lock', lock);
    expect(older.code).toBe(0);
    expect(older.stdout).toMatch(
      /^wrote .*kalshi\.lock\.json: REST 3\.12\.0 \(sha256 [0-9a-f]{12}\), WebSocket 2\.0\.0/,
    );
    expect(older.stdout).toMatch(
      /REST API \(OpenAPI\): \d+ API changes?, \d+ breaking, \d+ documentation change\(s\) since the previous lock/,
    );
    expect(JSON.parse(await readFile(lock, 'utf8')).openapi.version).toBe('3.12.0');
    expect((await codegen('drift', '--openapi', OLDER_REST, '--lock', lock)).code).toBe(0);
    expect((await codegen('drift', '--lock', lock)).code).toBe(1);
  });
});

describe('as a process', () => {
  it('lock, drift and diff --help show their defaults', async () => {
    const help = async (command: string) =>
      (await runCli([command, '--help'], {}, { cwd: REPO_ROOT })).stdout.replace(/\s+/g, ' ');
    const specs = [
      `--openapi <file|url> REST spec (OpenAPI) (default: ${DEFAULT_OPENAPI})`,
      `--asyncapi <file|url> WebSocket spec (AsyncAPI) (default: ${DEFAULT_ASYNCAPI})`,
      '--lock <file> lock file (default: specs/kalshi.lock.json)',
    ];
    const report = ['"text", "json", "markdown", default: "text")', '"breaking", "any", "none", default: "any")'];
    const [lock, drift, diff] = await Promise.all(['lock', 'drift', 'diff'].map(help));
    for (const text of specs) expect(lock).toContain(text);
    for (const text of [...specs, ...report]) expect(drift).toContain(text);
    for (const text of report) expect(diff).toContain(text);
  });

  it('exits 1 on breaking drift, with the report on stdout', async () => {
    const { code, stdout, stderr } = await runCli([
      'drift',
      '--openapi',
      OLDER_REST,
      '--fail-on',
      'breaking',
      '--lock',
      currentLock,
    ]);
    expect(stderr.replace(/^npm warn .*\n/gm, '')).toBe('');
    expect(stdout).toContain('Breaking (');
    expect(code).toBe(1);
  });

  it('drift and lock say where a missing default spec was looked for, and how to point elsewhere (exit 2)', async () => {
    const specs = await mkdtemp(join(dir, 'specs-'));
    await symlink(DEFAULT_OPENAPI, join(specs, 'openapi.yaml'));
    const missing =
      `error: ${join(specs, 'asyncapi.yaml')}: file not found (the default WebSocket spec: specs are read from ` +
      `KALSHI_SPECS_DIR=${specs} instead of ../shared/specs beside the checkout; or pass --asyncapi <file|url>)\n`;
    const lock = join(dir, 'never-written.lock.json');
    for (const args of [['drift'], ['lock', '--lock', lock]]) {
      expect(await runCli(args, { KALSHI_SPECS_DIR: specs })).toMatchObject({ code: 2, stderr: missing });
    }
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exits 2 on a bad spec with one line and no stack trace', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'openapi: 3.0.0\ninfo: [');
    const { code, stderr } = await runCli(['diff', '--from', bad, '--to', NEWER_REST]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid YAML`));
  });
});
