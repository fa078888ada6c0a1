import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { loadSpec, specYaml } from '../../generator/load/index.ts';
import { startMockServer, type MockServer } from '../../templates/testing/mock-server.ts';
import { generateForTest } from '../helpers/generated.ts';
import { testKeys } from '../helpers/keys.ts';

/**
 * Nothing in the generator is tied to the trade API: a spec of the same form from another Kalshi API (the perps
 * exchange publishes its own, with the same signing) yields a working SDK with its own hosts and package name.
 * The stand-in is the trade spec moved to other servers and paths, renamed, with some operations dropped.
 */
const PERPS = {
  rest: 'https://api.perps.kalshi.example/perps-api/v1',
  demo: 'https://demo-api.perps.kalshi.example/perps-api/v1',
};

let out: string;
let cleanup: () => Promise<void>;
let server: MockServer;
type Sdk = typeof import('../../generated/src/index.ts');
let sdk: Sdk;

beforeAll(async () => {
  const dir = join(REPO_ROOT, '.test-output', `perps-specs-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const rest = structuredClone((await loadSpec(DEFAULT_OPENAPI)).document) as Record<string, any>;
  rest.info.title = 'Kalshi Perps API';
  rest.info.version = '1.0.0';
  rest.servers = [
    { url: PERPS.rest, description: 'Production' },
    { url: PERPS.demo, description: 'Demo' },
  ];
  rest.paths = Object.fromEntries(Object.entries(rest.paths).filter(([path]) => !path.startsWith('/historical')));
  const ws = structuredClone((await loadSpec(DEFAULT_ASYNCAPI)).document) as Record<string, any>;
  ws.info.title = 'Kalshi Perps WebSocket API';
  ws.servers = {
    production: { ...ws.servers.production, host: 'api.perps.kalshi.example', pathname: '/perps-api/ws/v1' },
  };
  await writeFile(join(dir, 'openapi.yaml'), specYaml(rest));
  await writeFile(join(dir, 'asyncapi.yaml'), specYaml(ws));
  ({ out, cleanup } = await generateForTest(
    'perps',
    { openapi: join(dir, 'openapi.yaml'), asyncapi: join(dir, 'asyncapi.yaml') },
    { packageName: 'kalshi-perps-sdk' },
  ));
  sdk = (await import(pathToFileURL(join(out, 'dist/index.js')).href)) as Sdk;
  server = await startMockServer({
    publicKey: testKeys.publicKeyPem,
    requireSignature: true,
    basePath: '/perps-api/v1',
  });
});
afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

describe('an SDK from another Kalshi spec of the same form', () => {
  it('takes its package name, version and environments from that spec', async () => {
    const manifest = JSON.parse(await readFile(join(out, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'kalshi-perps-sdk',
      version: expect.stringMatching(/^1\.0\.0-sdk\.h[0-9a-f]{12}$/),
    });
    expect(sdk.ENVIRONMENTS).toEqual({
      production: { rest: PERPS.rest, ws: 'wss://api.perps.kalshi.example/perps-api/ws/v1' },
      // The WebSocket spec lists no demo server and the host is not a known Kalshi one: no guess.
      demo: { rest: PERPS.demo, ws: '' },
    });
    expect(new sdk.KalshiClient({ environment: 'demo', env: {} }).baseUrl).toBe(PERPS.demo);
    expect('getHistoricalMarkets' in sdk).toBe(false);
  });

  it('signs requests over its own path prefix', async () => {
    server.route('GET', '/portfolio/balance', { json: { balance: 7 } });
    const client = new sdk.KalshiClient({
      baseUrl: server.url,
      apiKeyId: testKeys.keyId,
      privateKey: testKeys.privateKeyPem,
      env: {},
    });
    expect(await client.getBalance()).toEqual({ balance: 7 });
    expect(server.requests.at(-1)).toMatchObject({ url: '/perps-api/v1/portfolio/balance', signatureValid: true });
  });
});
