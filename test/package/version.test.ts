import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../generator/defaults.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { contentHash, packageVersion } from '../../generator/targets/typescript/manifest.ts';
import { generateForTest } from '../helpers/generated.ts';

/*
 * Kalshi republishes different specs under one info.version. The SDK's package version must still change with its
 * content, or a consumer who installs the new tarball keeps the old SDK (`npm install` says "up to date", `npm ci`
 * takes the old one from npm's cache).
 */

const run = promisify(execFile);
const NAME = 'kalshi-version-test-sdk';
const HISTORY = join(SPECS_DIR, 'versions/openapi');

describe('packageVersion', () => {
  it.each([
    ['3.22.0', '3.22.0-sdk.h0123456789ab'],
    ['v2.0.1', '2.0.1-sdk.h0123456789ab'],
    ['2.0', '2.0.0-sdk.h0123456789ab'],
    ['03.1.0', '3.1.0-sdk.h0123456789ab'],
    ['3.0.0-beta.2', '3.0.0-beta.2.sdk.h0123456789ab'],
    ['3.0.0+build.7', '3.0.0-sdk.h0123456789ab'],
    ['latest', '0.0.0-sdk.h0123456789ab'],
  ])('%s → %s', (given, want) => {
    expect(packageVersion(given, '0123456789ab')).toBe(want);
  });

  it('changes with any file, and not with the order files were added in', () => {
    const a = new Map([
      ['src/a.ts', 'x'],
      ['src/b.ts', 'y'],
    ]);
    expect(contentHash(a)).toBe(contentHash(new Map([...a].reverse())));
    expect(contentHash(a)).not.toBe(contentHash(new Map([...a, ['src/b.ts', 'y2']])));
    expect(contentHash(a)).not.toBe(contentHash(new Map([['src/a.ts', 'x']])));
  });
});

/** Two published REST captures that share an info.version but not their content. */
async function sameVersionPair(): Promise<[string, string]> {
  const byVersion = new Map<string, string[]>();
  for (const file of readdirSync(HISTORY).sort()) {
    const { document } = await loadSpec(join(HISTORY, file));
    const version = (document.info as { version: string }).version;
    byVersion.set(version, [...(byVersion.get(version) ?? []), join(HISTORY, file)]);
  }
  const pair = [...byVersion.values()].find((files) => files.length >= 2);
  if (!pair) throw new Error(`no two captures in ${HISTORY} share an info.version`);
  return [pair[0]!, pair[1]!];
}

describe('a consumer updating to an SDK generated from a spec with the same info.version', () => {
  let scratch: string;
  /** Where the consumer packs each SDK, as from `npm pack` in one generated/ folder: a same-named tarball is replaced. */
  let packs: string;
  const sdks: { out: string; sha256: string; version: string; cleanup: () => Promise<void> }[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kalshi-update-'));
    packs = join(scratch, 'packs');
    for (const spec of await sameVersionPair()) {
      const { out, result, cleanup } = await generateForTest(
        `version-${basename(spec, '.yaml')}`,
        { openapi: spec },
        {
          packageName: NAME,
        },
      );
      sdks.push({ out, sha256: result.api.spec.sha256, version: result.package!.version, cleanup });
    }
    await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(sdks.map((sdk) => sdk.cleanup()));
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const npm = (...args: string[]) =>
    run('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: scratch });

  /** Packs one SDK into the shared folder; resolves to the tarball's path. */
  async function pack(sdk: { out: string }): Promise<string> {
    const { stdout } = await run('npm', ['pack', '--pack-destination', packs, '--loglevel=error'], { cwd: sdk.out });
    return join(packs, stdout.trim().split('\n').at(-1)!);
  }

  /** The spec sha256 in the header of the SDK module the app imports. */
  async function importedSpec(): Promise<string> {
    const program = `import { readFileSync } from 'node:fs';
      const entry = new URL(import.meta.resolve('${NAME}'));
      console.log(/sha256 ([0-9a-f]{64})/.exec(readFileSync(entry, 'utf8'))[1]);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program], { cwd: scratch });
    return stdout.trim();
  }

  it('gets a different package version for different content', () => {
    const [first, second] = sdks;
    expect(first!.sha256).not.toBe(second!.sha256);
    expect(first!.version).not.toBe(second!.version);
  });

  /** The SDK's version in the app's package-lock.json: what a reviewer of the app's update sees change. */
  async function lockedVersion(): Promise<string> {
    const lock = JSON.parse(await readFile(join(scratch, 'package-lock.json'), 'utf8'));
    return lock.packages[`node_modules/${NAME}`].version;
  }

  it('imports the second SDK after installing it over the first, and after npm ci from the lockfile', async () => {
    const [first, second] = sdks;
    await run('mkdir', ['-p', packs]);
    await npm('install', await pack(first!));
    expect(await importedSpec()).toBe(first!.sha256);
    expect(await lockedVersion()).toBe(first!.version);
    await npm('install', await pack(second!));
    expect(await importedSpec()).toBe(second!.sha256);
    expect(await lockedVersion()).toBe(second!.version);
    expect(second!.version).not.toBe(first!.version);
    await rm(join(scratch, 'node_modules'), { recursive: true, force: true });
    await npm('ci');
    expect(await importedSpec()).toBe(second!.sha256);
  });
});
