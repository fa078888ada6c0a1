import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.ts';
import { openapiDoc } from '../helpers/spec.ts';

const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } };

let dir: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'codegen-bad-'));
  server = createServer((_, res) => res.writeHead(404).end('not here')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

/**
 * Runs generate on a spec text against the output of an earlier generation (a package.json marked as kalshi-codegen's
 * and a file of its own), which must survive.
 */
async function generateBad(name: string, text: string | undefined, location?: string, kind = '--openapi') {
  const file = join(dir, name);
  if (text !== undefined) await writeFile(file, text);
  const out = join(dir, `out-${name}`);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'package.json'), JSON.stringify({ name: 'kalshi-sdk', kalshiCodegen: {} }));
  await writeFile(join(out, 'marker.txt'), 'previous output');
  const result = await runCli(['generate', kind, location ?? file, '--out', out]);
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(await readFile(join(out, 'marker.txt'), 'utf8')).toBe('previous output');
  return { ...result, file };
}

describe('generate rejects bad input with exit code 2, one clear line, and existing output untouched', () => {
  it('missing file', async () => {
    const { stderr, file } = await generateBad('missing.yaml', undefined);
    expect(stderr).toBe(`error: ${file}: file not found\n`);
  });

  it('unreadable URL', async () => {
    const url = `${baseUrl}/openapi.yaml`;
    const { stderr } = await generateBad('url', undefined, url);
    expect(stderr).toBe(`error: ${url}: cannot download spec: HTTP 404 Not Found\n`);
  });

  it('invalid YAML names the line', async () => {
    const { stderr, file } = await generateBad(
      'invalid.yaml',
      'openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n',
    );
    expect(stderr).toMatch(new RegExp(`^error: ${file}: invalid YAML at line \\d+, column \\d+: .+`));
  });

  it('dangling $ref names the pointer of the ref', async () => {
    const doc = openapiDoc({
      paths: {
        '/markets': {
          get: {
            operationId: 'GetMarkets',
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } },
              },
            },
          },
        },
      },
    });
    const { stderr, file } = await generateBad('dangling.yaml', stringify(doc));
    expect(stderr).toBe(
      `error: ${file}#/paths/~1markets/get/responses/200/content/application~1json/schema/$ref: dangling $ref "#/components/schemas/Nope": nothing exists at that pointer\n`,
    );
  });

  it('duplicate operationId names both places', async () => {
    const doc = openapiDoc({
      paths: {
        '/a': { get: { operationId: 'GetThing', responses: ok } },
        '/b': { get: { operationId: 'GetThing', responses: ok } },
      },
    });
    const { stderr, file } = await generateBad('duplicate.yaml', stringify(doc));
    expect(stderr).toBe(
      `error: ${file}#/paths/~1b/get/operationId: duplicate operationId "GetThing" (also at #/paths/~1a/get)\n`,
    );
  });

  it('missing operationId', async () => {
    const { stderr, file } = await generateBad(
      'no-id.json',
      JSON.stringify(openapiDoc({ paths: { '/a': { delete: { responses: ok } } } })),
    );
    expect(stderr).toBe(
      `error: ${file}#/paths/~1a/delete: missing operationId for DELETE /a: every operation needs one to name its function\n`,
    );
  });

  it('unsupported construct', async () => {
    const doc = openapiDoc({ schemas: { NotAString: { not: { type: 'string' } } } });
    const { stderr, file } = await generateBad('unsupported.yaml', stringify(doc));
    expect(stderr).toBe(`error: ${file}#/components/schemas/NotAString/not: unsupported schema construct "not"\n`);
  });

  it('external $ref', async () => {
    const doc = openapiDoc({ schemas: { Remote: { $ref: 'other.yaml#/Thing' } } });
    const { stderr, file } = await generateBad('external.yaml', stringify(doc));
    expect(stderr).toContain(`${file}#/components/schemas/Remote/$ref: unsupported external $ref "other.yaml#/Thing"`);
  });

  it('a document that is not OpenAPI 3', async () => {
    const { stderr, file } = await generateBad(
      'swagger.yaml',
      'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n',
    );
    expect(stderr).toBe(`error: ${file}#/openapi: not an OpenAPI 3.x document (found "swagger")\n`);
  });
});

// The built generator reads the WebSocket spec on a worker thread: its errors must reach the user the same way.
describe('generate rejects a bad WebSocket spec the same way', () => {
  it('missing file', async () => {
    const { stderr, file } = await generateBad('missing-ws.yaml', undefined, undefined, '--asyncapi');
    expect(stderr).toBe(`error: ${file}: file not found\n`);
  });

  it('a document that is not AsyncAPI 3', async () => {
    const text = 'asyncapi: 2.6.0\ninfo: {title: x, version: "1"}\nchannels: {}\n';
    const { stderr, file } = await generateBad('old.yaml', text, undefined, '--asyncapi');
    expect(stderr).toBe(`error: ${file}#/asyncapi: not an AsyncAPI 3.x document (found "2.6.0")\n`);
  });

  it("a document the AsyncAPI parser rejects names the parser's pointer", async () => {
    const text = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nchannels:\n  ticker: {address: 42}\n';
    const { stderr, file } = await generateBad('invalid-ws.yaml', text, undefined, '--asyncapi');
    expect(stderr).toMatch(new RegExp(`^error: ${file}#/channels/ticker/address: .+`));
  });
});

describe('CLI usage', () => {
  it('documents every command and flag in --help', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('generate');
    const gen = await runCli(['generate', '--help']);
    for (const flag of ['--openapi <file|url>', '--asyncapi <file|url>', '--out <dir>', '--check', '--quiet'])
      expect(gen.stdout).toContain(flag);
  });

  it('exits 2 on an unknown option', async () => {
    const result = await runCli(['generate', '--nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--nope'");
  });
});
