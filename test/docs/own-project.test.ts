import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../generator/defaults.ts';
import { generateForTest } from '../helpers/generated.ts';

/*
 * The README's "Use it from your own project" runs as written: its shell blocks in order (the tarball path replaced
 * by a freshly packed SDK), each file block written under the name on its first line, in a new folder outside the
 * repository, with npm's own defaults: whatever a user meets (a CommonJS package.json, a strict consumer tsconfig,
 * the testing entry's mock exchange) this meets too.
 */

const run = promisify(execFile);
const SECTION = '## Use it from your own project';

interface Block {
  lang: string;
  code: string;
}

function sectionBlocks(readme: string): Block[] {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

let scratch: string;
let tarball: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const generated = await generateForTest('own-project');
  cleanup = generated.cleanup;
  scratch = await mkdtemp(join(tmpdir(), 'kalshi-own-project-'));
  const packs = join(scratch, 'packs');
  await mkdir(packs);
  const { stdout } = await run('npm', ['pack', '--pack-destination', packs, '--loglevel=error'], {
    cwd: generated.out,
  });
  tarball = join(packs, stdout.trim().split('\n').at(-1)!);
}, 300_000);

afterAll(async () => {
  await cleanup?.();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('takes a fresh app from npm init to a strict type-check and a run against the mock exchange', async () => {
  const blocks = sectionBlocks(await readFile(join(REPO_ROOT, 'README.md'), 'utf8'));
  expect(blocks.map((b) => b.lang)).toEqual(['sh', 'jsonc', 'ts', 'sh']);
  // npm's settings for a quiet, cache-first install; the commands themselves stay as the README writes them.
  const env = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME ?? scratch,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_loglevel: 'error',
    npm_config_update_notifier: 'false',
  };
  let cwd = scratch;
  let output = '';
  for (const { lang, code } of blocks) {
    if (lang === 'sh') {
      const script = code.replace(/\S*kalshi-sdk-<version>\.tgz/g, tarball);
      // The last line of output is where the block left off, for the blocks after it (`cd my-bot`).
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', `${script}\nprintf '\\n%s' "$PWD"`], {
        cwd,
        env,
        maxBuffer: 10_000_000,
      });
      cwd = stdout.slice(stdout.lastIndexOf('\n') + 1);
      output = stdout.slice(0, stdout.lastIndexOf('\n'));
    } else {
      const file = /^\/\/ (\S+)\n/.exec(code)?.[1];
      expect(file, `a ${lang} block of the section names its file on its first line`).toBeDefined();
      await writeFile(join(cwd, file!), code);
    }
  }
  const lines = output.trim().split('\n');
  // Markets from the mock's sample data (a ticker and a price in cents), then the order it accepted.
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(0, -1)) expect(line).toMatch(/^\S+ \d+$/);
  expect(lines.at(-1)).toMatch(/^placed \S+$/);
}, 300_000);
