import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { runCli } from '../helpers/cli.ts';

// Stands in for docs.kalshi.com: the published specs served over HTTP from 127.0.0.1.
let server: Server;
let base: string;

beforeAll(async () => {
  const files: Record<string, Buffer> = {
    '/openapi.yaml': await readFile(DEFAULT_OPENAPI),
    '/asyncapi.yaml': await readFile(DEFAULT_ASYNCAPI),
  };
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(file);
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('generate from URLs', () => {
  it('reads both specs over HTTP and reports them by URL and sha256', async () => {
    const out = join(REPO_ROOT, '.test-output', `from-url-${process.pid}`);
    const result = await runCli([
      'generate',
      '--openapi',
      `${base}/openapi.yaml`,
      '--asyncapi',
      `${base}/asyncapi.yaml`,
      '--out',
      out,
      '--check',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    // --check against a folder that does not exist: everything would be written, so it is stale (exit 1).
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.openapi).toMatchObject({
      location: `${base}/openapi.yaml`,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(summary.asyncapi.location).toBe(`${base}/asyncapi.yaml`);
    expect(summary.openapi.operations).toBeGreaterThan(50);
    expect(summary.stale).toBe(true);
  });
});
