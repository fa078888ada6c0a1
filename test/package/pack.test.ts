import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { loadSpec } from '../../generator/load/index.ts';
import type { OperationCredential } from '../../generator/model/types.ts';
import type { ProductResult } from '../../generator/pipeline.ts';
import { productOwnNames } from '../../generator/plan/product.ts';
import { foundProductSpecs, isRootProduct, type ProductConfig } from '../../generator/products.ts';
import { startMockServer, type MockServer } from '../../templates/testing/mock-server.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';

const run = promisify(execFile);
const NAME = 'kalshi-pack-test-sdk';

let out: string;
/** Every product the package was built with: all those whose specs are in the specs folder. */
let products: ProductResult[];
let specVersion: string;
let cleanup: () => Promise<void>;
let scratch: string;
let tarball: string;
let server: MockServer;

beforeAll(async () => {
  let result;
  ({ out, result, cleanup } = await generateForTest('pack', { products: foundProductSpecs() }, { packageName: NAME }));
  products = result.products;
  specVersion = ((await loadSpec(DEFAULT_OPENAPI)).document.info as { version: string }).version;
  scratch = await mkdtemp(join(tmpdir(), 'kalshi-consumer-'));
  await run('npm', ['pack', '--pack-destination', scratch, '--loglevel=error'], { cwd: out });
  tarball = join(
    scratch,
    (await readdir(scratch)).find((f) => f.endsWith('.tgz'))!,
  );
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: scratch,
  });
  server = await startMockServer({ publicKey: testKeys.publicKeyPem, basePath: '/trade-api/v2' });
  server.route('GET', '/markets', { json: { markets: [{ ticker: 'KXPACK', yes_bid_dollars: '0.4200' }], cursor: '' } });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await cleanup?.();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A product's entry in the manifest's exports (`.`, `./perps`), or an entry below it (`./perps/browser`). */
function subpath(product: ProductConfig, ...below: string[]): string {
  return ['.', ...(isRootProduct(product) ? [] : [product.entry]), ...below].join('/');
}

/** What a program imports that entry by. */
function specifier(product: ProductConfig, ...below: string[]): string {
  return posix.join(NAME, subpath(product, ...below));
}

/** A read the program can make without arguments, taking credentials where the product has such reads. */
function argumentFreeRead({ product, api, plan }: ProductResult): {
  method: string;
  fn: string;
  auth: OperationCredential | undefined;
} {
  const reads = api.operations.filter((op) => op.method === 'GET' && op.parameters.every((p) => !p.required));
  const op = reads.find((o) => o.auth !== undefined && o.auth !== 'optional') ?? reads[0];
  if (!op) throw new Error(`the ${product.title} has no GET without required parameters`);
  const names = plan.rest.operation(op.operationId);
  return { method: names.method, fn: names.function, auth: op.auth };
}

/**
 * A TypeScript program using every product's entries, its browser entry and its mock exchange from the testing
 * entry: each client (Node, browser, and the method-less core with a standalone function) makes one read against the
 * product's own mock exchange and prints what the exchange saw. `typeErrors` is only type-checked: each
 * `@ts-expect-error` fails the check if the entry's types were loose enough to accept it.
 */
function productsProgram(): string {
  const imports = [`import { readFileSync } from 'node:fs';`, `import * as testing from '${NAME}/testing';`];
  const blocks: string[] = [];
  const typeErrors: string[] = [];
  products.forEach((result, i) => {
    const own = productOwnNames(result.product);
    const read = argumentFreeRead(result);
    imports.push(
      `import { ${own.client} as Client${i}, ${own.createCore} as createCore${i}, ${read.fn} as read${i}, type Environment as Environment${i} } from '${specifier(result.product)}';`,
      `import { ${own.client} as BrowserClient${i} } from '${specifier(result.product, 'browser')}';`,
    );
    const exchange = isRootProduct(result.product) ? 'testing' : `testing.${own.testingNamespace}`;
    blocks.push(
      `{`,
      `  const exchange = await ${exchange}.startMockExchange({ publicKey, bearer: { adminUserId: 'pack-admin', accessToken: 'pack-token' } });`,
      `  const environment: Environment${i} = 'production';`,
      `  const options = { ...credentials, environment, baseUrl: exchange.restUrl };`,
      `  // The Node client from the environment alone: the product's own URL variable, the shared credentials.`,
      `  process.env.${result.product.envPrefix}_BASE_URL = exchange.restUrl;`,
      `  const clients = [`,
      `    ['node', () => new Client${i}({ maxRetries: 0 }).${read.method}().withResponse()],`,
      `    ['browser', () => new BrowserClient${i}({ ...options, privateKey: pkcs8 }).${read.method}().withResponse()],`,
      `    ['core', () => read${i}(createCore${i}(options)).withResponse()],`,
      `  ] as const;`,
      `  for (const [platform, call] of clients) {`,
      `    const { status } = await call();`,
      `    const seen = exchange.rest.requests.at(-1)!;`,
      `    report(${JSON.stringify(result.product.id)}, platform, status, seen.signatureValid, seen.headers.authorization === undefined ? null : seen.bearerValid);`,
      `  }`,
      `  await exchange.close();`,
      `}`,
    );
    typeErrors.push(
      `  // @ts-expect-error: not an environment of the ${result.product.title}`,
      `  new Client${i}({ environment: 'nowhere' });`,
      `  // @ts-expect-error: no such operation`,
      `  new BrowserClient${i}().noSuchOperation();`,
    );
  });
  return [
    ...imports,
    ``,
    `const publicKey = readFileSync('public.pem', 'utf8');`,
    `const pkcs8 = readFileSync('key-pkcs8.pem', 'utf8');`,
    `const credentials = {`,
    `  apiKeyId: '${testKeys.keyId}',`,
    `  privateKey: readFileSync('key.pem', 'utf8'),`,
    `  adminUserId: 'pack-admin',`,
    `  accessToken: 'pack-token',`,
    `  env: {},`,
    `  maxRetries: 0,`,
    `};`,
    `function report(...fields: unknown[]): void {`,
    `  console.log(JSON.stringify(fields));`,
    `}`,
    ``,
    ...blocks,
    ``,
    `export function typeErrors(): void {`,
    ...typeErrors,
    `}`,
    ``,
  ].join('\n');
}

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
    for (const { product } of products) {
      const dir = isRootProduct(product) ? '' : `${product.entry}/`;
      expect(manifest.exports[subpath(product)], product.id).toEqual({
        types: `./dist/${dir}index.d.ts`,
        browser: `./dist/${dir}browser.js`,
        default: `./dist/${dir}index.js`,
      });
      expect(manifest.exports[subpath(product, 'browser')], product.id).toEqual({
        types: `./dist/${dir}browser.d.ts`,
        default: `./dist/${dir}browser.js`,
      });
    }
  });

  it('is built from every product whose specs are in the specs folder', async () => {
    const manifest = JSON.parse(await readFile(join(out, 'package.json'), 'utf8'));
    const found = foundProductSpecs().map((p) => p.product.id);
    expect(manifest.kalshiCodegen.products.map((p: { id: string }) => p.id)).toEqual(found);
    expect(found.length).toBeGreaterThan(1);
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
    for (const { product } of products)
      for (const entry of [specifier(product), specifier(product, 'browser')])
        expect(result.stdout).toContain(`"${entry}"`);
    expect(result.stdout).toContain(`"${NAME}/testing"`);
    expect(result.code, result.stdout).toBe(0);
  });

  it('installs from the tarball into a fresh project and works from a plain ESM program', async () => {
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
    // A public read: with credentials configured, still nothing is signed.
    expect(server.requests.map((r) => r.signatureValid)).toEqual([false, false]);
  });

  it('every product’s entry, browser entry and mock exchange: type-checked under NodeNext, run under plain Node', async () => {
    const dir = join(scratch, 'products');
    await mkdir(dir);
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'products-consumer', private: true, type: 'module' }),
    );
    await writeFile(join(dir, 'key.pem'), testKeys.privateKeyPem);
    await writeFile(join(dir, 'key-pkcs8.pem'), testKeys.privateKeyPkcs8Pem);
    await writeFile(join(dir, 'public.pem'), testKeys.publicKeyPem);
    await writeFile(join(dir, 'main.ts'), productsProgram());
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          // Node's types from the repository: the scratch project installed the SDK alone.
          typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
          types: ['node'],
          outDir: 'dist',
        },
        files: ['main.ts'],
      }),
    );
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir }).catch((err: { stdout: string }) => {
      throw new Error(`the program does not type-check:\n${err.stdout}\n${productsProgram()}`);
    });
    const { stdout, stderr } = await run(process.execPath, ['dist/main.js'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH!,
        KALSHI_API_KEY_ID: testKeys.keyId,
        KALSHI_PRIVATE_KEY_PATH: join(dir, 'key.pem'),
        KALSHI_ADMIN_USER_ID: 'pack-admin',
        KALSHI_ACCESS_TOKEN: 'pack-token',
      },
    });
    expect(stderr).toBe('');
    // What each product's exchange saw: a signature where its read is signed, the bearer token where it takes one.
    const expected = products.flatMap((result) => {
      const { auth } = argumentFreeRead(result);
      const signed = auth === 'signed' || auth === 'optional';
      // The mock logs no token: whether the one sent was the right one.
      const authorization = auth === 'bearer' ? true : null;
      return ['node', 'browser', 'core'].map((platform) =>
        JSON.stringify([result.product.id, platform, 200, signed, authorization]),
      );
    });
    expect(stdout.trimEnd().split('\n')).toEqual(expected);
    expect(
      new Set(products.map((r) => argumentFreeRead(r).auth)).size,
      'reads with different credentials',
    ).toBeGreaterThan(1);
  });
});
