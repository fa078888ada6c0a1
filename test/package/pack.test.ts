import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { startMockServer, type MockServer } from '../../templates/testing/mock-server.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';

const run = promisify(execFile);
const NAME = 'kalshi-pack-test-sdk';

let out: string;
let specVersion: string;
let cleanup: () => Promise<void>;
let scratch: string;
let tarball: string;
let server: MockServer;

beforeAll(async () => {
  ({ out, cleanup } = await generateForTest('pack', {}, { packageName: NAME }));
  specVersion = ((await loadSpec(DEFAULT_OPENAPI)).document.info as { version: string }).version;
  scratch = await mkdtemp(join(tmpdir(), 'kalshi-consumer-'));
  await run('npm', ['pack', '--pack-destination', scratch, '--loglevel=error'], { cwd: out });
  tarball = join(
    scratch,
    (await readdir(scratch)).find((f) => f.endsWith('.tgz'))!,
  );
  server = await startMockServer({
    publicKey: testKeys.publicKeyPem,
    requireSignature: true,
    basePath: '/trade-api/v2',
  });
  server.route('GET', '/markets', { json: { markets: [{ ticker: 'KXPACK', yes_bid_dollars: '0.4200' }], cursor: '' } });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await cleanup?.();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the generated SDK as an npm package', () => {
  it('has a publishable manifest: name, version from the spec, exports with types, sideEffects false, engines', async () => {
    const manifest = JSON.parse(
      await import('node:fs').then((fs) => fs.readFileSync(join(out, 'package.json'), 'utf8')),
    );
    expect(manifest).toMatchObject({
      name: NAME,
      version: expect.stringMatching(new RegExp(`^${specVersion.replaceAll('.', '\\.')}-sdk\\.h[0-9a-f]{12}$`)),
      type: 'module',
      sideEffects: false,
      engines: { node: expect.any(String) },
    });
    expect(manifest.exports['.']).toMatchObject({
      types: './dist/index.d.ts',
      browser: './dist/browser.js',
      default: './dist/index.js',
    });
  });

  it('passes publint', async () => {
    const { messages } = await publint({ pkgDir: out, level: 'warning' });
    expect(messages).toEqual([]);
  });

  it('passes arethetypeswrong for an ESM-only package', async () => {
    // esm-only ignores the CommonJS and node10 resolutions; attw exits non-zero on any other problem.
    const attw = join(REPO_ROOT, 'node_modules/.bin/attw');
    const result = await run(attw, [tarball, '--profile', 'esm-only', '--format', 'table-flipped'], {
      maxBuffer: 20_000_000,
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (err: { code: number; stdout: string }) => err,
    );
    expect(result.stdout).toContain(`"${NAME}/browser"`);
    expect(result.code, result.stdout).toBe(0);
  });

  it('installs from the tarball into a fresh project and works from a plain ESM program', async () => {
    await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: scratch,
    });
    await writeFile(join(scratch, 'key.pem'), testKeys.privateKeyPem);
    await writeFile(
      join(scratch, 'main.mjs'),
      [
        `import { KalshiClient, KalshiWebSocket, OrderBook, dollarsToCents, getMarkets, createKalshiCore } from '${NAME}';`,
        `import { startMockServer } from '${NAME}/testing';`,
        `const client = new KalshiClient();`,
        `const { markets } = await client.getMarkets({ status: 'open' });`,
        `const again = await getMarkets(createKalshiCore(), { status: 'open' });`,
        `console.log(markets[0].ticker, dollarsToCents(markets[0].yes_bid_dollars), again.markets.length);`,
        `console.log(typeof KalshiWebSocket, typeof OrderBook, typeof startMockServer);`,
      ].join('\n'),
    );
    const env = {
      PATH: process.env.PATH!,
      KALSHI_BASE_URL: server.url,
      KALSHI_API_KEY_ID: testKeys.keyId,
      KALSHI_PRIVATE_KEY_PATH: join(scratch, 'key.pem'),
    };
    const { stdout, stderr } = await run(process.execPath, ['main.mjs'], { cwd: scratch, env });
    expect(stderr).toBe('');
    expect(stdout).toBe('KXPACK 42 1\nfunction function function\n');
    expect(server.requests.every((r) => r.signatureValid)).toBe(true);
  });
});
