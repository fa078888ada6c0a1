/**
 * `codegen lock`, `codegen diff` and `codegen drift` as commands: every product's specs, output, exit codes (0
 * nothing at the --fail-on level, 1 drift at or above it, 2 usage or input error) and one-line errors. Most run
 * in-process through the CLI's `main` (fast); some run as a real child process to pin the process exit code and
 * stderr, or to point the specs folder elsewhere.
 */
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT, SPECS_DIR } from '../../generator/defaults.ts';
import { DEFAULT_LOCK, parseLock } from '../../generator/drift/lock/index.ts';
import { compareProducts } from '../../generator/drift/product-drift.ts';
import { lookUpSpecs, productKinds, specFlag } from '../../generator/drift/product-specs.ts';
import { upgradeSteps } from '../../generator/drift/upgrade.ts';
import {
  defaultSpecs,
  hasDefaultSpecs,
  isRootProduct,
  loadProducts,
  rootProduct,
  type ProductConfig,
} from '../../generator/products.ts';
import { runCli } from '../helpers/cli.ts';
import { codegenInProcess } from '../helpers/cli-in-process.ts';

const OLDER_REST = join(SPECS_DIR, 'versions', 'openapi', '3.12.0_2026-04-02.yaml');
const NEWER_REST = join(SPECS_DIR, 'versions', 'openapi', '3.13.0_2026-04-13.yaml');
const REST_3_7 = join(SPECS_DIR, 'versions', 'openapi', '3.7.0_2026-02-17.yaml');
const REST_3_8 = join(SPECS_DIR, 'versions', 'openapi', '3.8.0_2026-02-25.yaml');
const REST_3_8_REPUBLISHED = join(SPECS_DIR, 'versions', 'openapi', '3.8.0_2026-03-03.yaml');

const products = loadProducts();
const root = rootProduct(products);
/** The products whose specs are in the folder; the tests need one besides the root product. */
const found = products.filter((p) => hasDefaultSpecs(p));
const other = found.filter((p) => !isRootProduct(p)).at(-1)!;

/** The text report's section of one product: its underlined heading and what follows, up to the next one. */
function section(text: string, title: string): string {
  return text.split(/^(?=.+\n=+\n)/m).find((s) => s.startsWith(`${title}: `)) ?? '';
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'codegen-drift-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const codegen = codegenInProcess;

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
  it('finds a product besides the root one in the specs folder', () => {
    expect(other).toBeDefined();
  });

  it("exits 0 when every product's published specs match the lock, each under its own heading", async () => {
    const { code, stdout } = await codegen('drift', '--lock', currentLock);
    expect(code).toBe(0);
    for (const product of found) {
      const text = section(stdout, product.title);
      expect(text, product.title).toMatch(/^.+: no API changes\n=+\n/);
      for (const kind of productKinds(product))
        expect(text).toContain(
          `${kind === 'openapi' ? 'REST API (OpenAPI)' : 'WebSocket API (AsyncAPI)'}: no API changes`,
        );
    }
    expect(stdout).not.toContain('What to do');
  });

  it("reports a change in one product's spec under that product's heading only", async () => {
    const spec = join(dir, 'renamed.yaml');
    const text = await readFile(defaultSpecs(other).openapi, 'utf8');
    const [, operationId] = /operationId: (\S+)/.exec(text)!;
    await writeFile(spec, text.replace(`operationId: ${operationId}`, `operationId: ${operationId}Renamed`));
    const { code, stdout } = await codegen('drift', `--${specFlag(other, 'openapi')}`, spec, '--lock', currentLock);
    expect(code).toBe(1);
    const changed = section(stdout, other.title);
    expect(changed).toMatch(/^.+: 2 API changes, 1 breaking\n/);
    expect(changed).toMatch(new RegExp(`^  to   .*, ${spec}$`, 'm'));
    expect(changed).toContain(`[operation.removed]`);
    for (const product of found.filter((p) => p !== other))
      expect(section(stdout, product.title), product.title).not.toContain(operationId);
    // The upgrade steps come once, after every product's report.
    expect(stdout.endsWith(`\n${upgradeSteps('What to do:')}`)).toBe(true);
    expect(stdout.split('What to do:')).toHaveLength(2);
  });

  it("reads a version 1 lock as the root product's, and reports the other products as not in the lock", async () => {
    const { openapi, asyncapi } = JSON.parse(await readFile(currentLock, 'utf8')).products[root.id];
    const lock = join(dir, 'v1.lock.json');
    await writeFile(lock, JSON.stringify({ lockVersion: 1, comment: '', openapi, asyncapi }));
    const { code, stdout } = await codegen('drift', '--lock', lock);
    expect(code).toBe(1);
    expect(section(stdout, root.title)).toMatch(/^.+: no API changes\n/);
    const unlocked = section(stdout, other.title);
    expect(unlocked).toMatch(/^.+: (REST|REST and WebSocket) specs? not in the lock\n/);
    expect(unlocked).toMatch(/^REST API \(OpenAPI\): not in the lock\n {2}found .*: \d+ operations?, \d+ schemas?$/m);
    // Unreviewed API is an addition: not breaking.
    expect((await codegen('drift', '--lock', lock, '--fail-on', 'breaking')).code).toBe(0);
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
    expect(stdout).toMatch(
      new RegExp(`^### 🔴 ${root.title}: \\d+ API changes, \\d+ breaking\n\n#### 🔴 REST API \\(OpenAPI\\)`, 'm'),
    );
    // The upgrade steps close the report, for the nightly job's summary.
    expect(stdout).toContain(`\n${upgradeSteps('### What to do')}`);
    expect(stdout).toMatch(/^#### 🟢 WebSocket API \(AsyncAPI\): no API changes/m);
    expect(stdout).toContain(`### 🟢 ${other.title}: no API changes\n`);
  });

  it('--format json: products by id; each side says where it was read from, with counts and notes per spec', async () => {
    const { code, stdout } = await codegen('drift', '--openapi', OLDER_REST, '--format', 'json', '--fail-on', 'none');
    expect(code).toBe(0);
    const { products: reports } = JSON.parse(stdout);
    expect(Object.keys(reports)).toEqual(found.map((p) => p.id));
    expect(Object.keys(reports[root.id].specs)).toEqual(['openapi', 'asyncapi']);
    const locked = JSON.parse(await readFile(DEFAULT_LOCK, 'utf8')).products[root.id];
    for (const kind of ['openapi', 'asyncapi'] as const) {
      const report = reports[root.id].specs[kind];
      expect(report.status).toBe('compared');
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
    expect(reports[root.id].specs.openapi.counts.breaking).toBeGreaterThan(0);
    expect(reports[root.id].counts).toEqual(reports[root.id].specs.openapi.counts);
    expect(reports[other.id]).toMatchObject({ title: other.title, summary: 'no API changes' });
    // The text report still names the lock in words.
    const text = await codegen('drift', '--openapi', OLDER_REST, '--fail-on', 'none');
    expect(text.stdout).toContain(`, lock specs/kalshi.lock.json (recorded from ${locked.openapi.source})\n`);
  });

  it("refuses --live together with explicit specs, any product's (exit 2)", async () => {
    for (const flag of ['--openapi', `--${specFlag(other, 'openapi')}`]) {
      const { code, stderr } = await codegen('drift', '--live', flag, DEFAULT_OPENAPI);
      expect(code).toBe(2);
      expect(stderr).toContain(`error: option '--live' cannot be used with option '${flag} <file|url>'`);
    }
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
    const lines = older.stdout.split('\n');
    expect(lines[0]).toMatch(/^wrote .*kalshi\.lock\.json$/);
    expect(lines[1]).toBe(`  ${root.title}:`);
    expect(lines[2]).toMatch(
      /^ {4}REST API \(OpenAPI\) 3\.12\.0, sha256 [0-9a-f]{12}, .*: \d+ API changes?, \d+ breaking, \d+ documentation change\(s\) since the previous lock$/,
    );
    expect(lines).toContain(`  ${other.title}:`);
    expect(JSON.parse(await readFile(lock, 'utf8')).products[root.id].openapi.version).toBe('3.12.0');
    expect((await codegen('drift', '--openapi', OLDER_REST, '--lock', lock)).code).toBe(0);
    expect((await codegen('drift', '--lock', lock)).code).toBe(1);
  });

  it('writes a version 2 lock over a version 1 one, saying which products are new in it', async () => {
    const lock = join(dir, 'upgraded.lock.json');
    const { openapi, asyncapi } = JSON.parse(await readFile(currentLock, 'utf8')).products[root.id];
    await writeFile(lock, JSON.stringify({ lockVersion: 1, comment: '', openapi, asyncapi }));
    const { code, stdout } = await codegen('lock', '--lock', lock);
    expect(code).toBe(0);
    // Each product's line, then one line per spec.
    const lines = stdout.split('\n');
    const below = (product: ProductConfig) => lines[lines.indexOf(`  ${product.title}:`) + 1];
    expect(below(root)).toMatch(
      /^ {4}REST API \(OpenAPI\) .*: no API changes, 0 documentation change\(s\) since the previous lock$/,
    );
    expect(below(other)).toMatch(/^ {4}REST API \(OpenAPI\) .*: new in the lock$/);
    expect(await readFile(lock, 'utf8')).toBe(await readFile(currentLock, 'utf8'));
  });
});

describe("where each product's specs are read from", () => {
  const product = (id: string, entry: string, live?: ProductConfig['live']): ProductConfig => ({
    id,
    title: `Product ${id}`,
    name: 'P',
    entry,
    envPrefix: 'P',
    specs: { openapi: `${id}/openapi.yaml`, asyncapi: `${id}/asyncapi.yaml` },
    ...(live && { live }),
  });
  const configured = [
    product('main', '.'),
    product('present', 'present'),
    product('absent', 'absent', { openapi: 'https://x.test/a.yaml' }),
  ];
  let specsDir: string;
  beforeAll(async () => {
    specsDir = await mkdtemp(join(dir, 'lookup-'));
    await mkdir(join(specsDir, 'present'));
    await writeFile(join(specsDir, 'present', 'openapi.yaml'), '');
  });

  it('from the folder: the root product always, another when its REST spec is there; a flag wins', () => {
    const given = (p: ProductConfig, kind: string) =>
      p.id === 'main' && kind === 'asyncapi' ? 'given.yaml' : undefined;
    const [main, present, absent] = lookUpSpecs(configured, { given, specsDir });
    expect(main!.specs).toEqual({
      openapi: { found: join(specsDir, 'main/openapi.yaml') },
      asyncapi: { found: 'given.yaml' },
    });
    expect(present!.specs).toEqual({
      openapi: { found: join(specsDir, 'present/openapi.yaml') },
      asyncapi: { found: join(specsDir, 'present/asyncapi.yaml') },
    });
    const notFound = `not in the specs folder (no ${join(specsDir, 'absent/openapi.yaml')}); pass --absent-openapi <file|url> and --absent-asyncapi <file|url>`;
    expect(absent).toEqual({
      product: { id: 'absent', title: 'Product absent' },
      specs: { openapi: { notFound }, asyncapi: { notFound } },
    });
  });

  it('a product only the lock has is reported as missing, titled by its id', async () => {
    const lock = parseLock(await readFile(DEFAULT_LOCK, 'utf8'), DEFAULT_LOCK);
    const [retired] = compareProducts({ ...lock, products: { retired: lock.products[root.id]! } }, DEFAULT_LOCK, []);
    expect(retired!.product).toEqual({ id: 'retired', title: 'retired' });
    expect(retired!.specs.map((s) => s.status === 'missing' && s.reason)).toEqual([
      'no longer a product of specs/products.json',
      'no longer a product of specs/products.json',
    ]);
  });

  it('--live: the live URLs of the configuration; a spec without one is not checked', () => {
    const [main, , absent] = lookUpSpecs(configured, { given: () => undefined, live: true, specsDir });
    const notChecked = 'no live URL for it in specs/products.json';
    expect(main!.specs).toEqual({ openapi: { notChecked }, asyncapi: { notChecked } });
    expect(absent!.specs).toEqual({ openapi: { found: 'https://x.test/a.yaml' }, asyncapi: { notChecked } });
  });
});

describe('as a process', () => {
  it("lock, drift and diff --help show their defaults, and a flag for each product's specs", async () => {
    const help = async (command: string) =>
      (await runCli([command, '--help'], {}, { cwd: REPO_ROOT })).stdout.replace(/\s+/g, ' ');
    const specs = [
      `--openapi <file|url> REST spec (OpenAPI) (default: ${DEFAULT_OPENAPI})`,
      `--asyncapi <file|url> WebSocket spec (AsyncAPI) (default: ${DEFAULT_ASYNCAPI})`,
      '--lock <file> lock file (default: specs/kalshi.lock.json)',
      ...products
        .filter((p) => !isRootProduct(p))
        .flatMap((p) =>
          productKinds(p).map(
            (kind) =>
              `--${specFlag(p, kind)} <file|url> ${p.title}: ${kind === 'openapi' ? 'REST spec (OpenAPI)' : 'WebSocket spec (AsyncAPI)'} (default: ${defaultSpecs(p)[kind]} if there)`,
          ),
        ),
    ];
    const report = ['"text", "json", "markdown", default: "text")', '"breaking", "any", "none", default: "any")'];
    const [lock, drift, diff] = await Promise.all(['lock', 'drift', 'diff'].map(help));
    for (const text of specs) expect(lock).toContain(text);
    for (const text of [...specs, ...report]) expect(drift).toContain(text);
    for (const text of report) expect(diff).toContain(text);
    // Only the kinds of spec a product has get a flag.
    for (const p of products.filter((p) => !p.specs.asyncapi)) expect(drift).not.toContain(`--${p.id}-asyncapi`);
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

  it('reports a locked product whose specs are not in the folder, and fails as on a removal (exit 1)', async () => {
    const specs = await mkdtemp(join(dir, 'root-only-'));
    for (const [kind, location] of Object.entries(defaultSpecs(root)))
      await symlink(location, join(specs, `${kind}.yaml`));
    const { code, stdout, stderr } = await runCli(['drift', '--lock', currentLock, '--fail-on', 'breaking'], {
      KALSHI_SPECS_DIR: specs,
    });
    expect(stderr.replace(/^npm warn .*\n/gm, '')).toBe('');
    expect(code).toBe(1);
    expect(section(stdout, root.title)).toMatch(/^.+: no API changes\n/);
    const missing = section(stdout, other.title);
    expect(missing).toMatch(/^.+: (REST|REST and WebSocket) specs? in the lock, but not found\n/);
    expect(missing).toContain(
      `REST API (OpenAPI): in the lock, but not found\n  locked ${JSON.parse(await readFile(currentLock, 'utf8')).products[other.id].openapi.version}, sha256 `,
    );
    expect(missing).toContain(
      `  not in the specs folder (no ${join(specs, other.specs.openapi)}); pass --${specFlag(other, 'openapi')} <file|url>`,
    );
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
