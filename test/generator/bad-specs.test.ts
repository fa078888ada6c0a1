import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specYaml } from '../../generator/load/index.ts';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, defaultSpecHint } from '../../generator/defaults.ts';
import { defaultSpecs, isRootProduct, loadProducts, productSpecFlags } from '../../generator/products.ts';
import { runCli } from '../helpers/cli.ts';
import { laughs, openapiDoc } from '../helpers/spec.ts';

/** Far longer than a bad spec takes to be refused (about two seconds), far shorter than the test timeout. */
const HANG_MS = 45_000;
/** What refusing at once means: a "billion laughs" spec read to the end took a minute. */
const AT_ONCE_MS = 15_000;

/** A REST spec with nine aliases nine levels deep, and the error naming level 6, the first past the limit. */
const laughingRest = `openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\n${laughs(10)}`;
const laughsRefused = (file: string, text: string) =>
  `error: ${file}: invalid YAML at line ${text.split('\n').findIndex((l) => l.startsWith('  l6:')) + 1}, column 7: ` +
  'aliases expand this node from 10 nodes to 5,380,840, more than the 1,000,000 that aliases may add to a spec\n';

const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const returning = (schema: object) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
const LOOP = '#/components/schemas/LoopA → #/components/schemas/LoopB → #/components/schemas/LoopA';

/**
 * ` (line N)`, as an error names the line of a YAML spec's node: N is the first line of `text` that reads `line`
 * (indentation aside), after the first that reads `after` when given.
 */
function lineOf(text: string, line: string, after?: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const start = after === undefined ? 0 : lines.indexOf(after) + 1;
  const index = lines.indexOf(line, start);
  if (index < 0 || (after !== undefined && start === 0)) throw new Error(`the spec has no line "${line}" to look for`);
  return ` (line ${index + 1})`;
}

/** An AsyncAPI document with one message, its payload and the schemas given (YAML lines indented by four). */
const wsDoc = (payload: string, schemas: string) =>
  `asyncapi: 3.0.0
info: {title: x, version: "1"}
channels:
  root:
    address: /
    messages:
      m: {$ref: "#/components/messages/m"}
operations:
  op: {action: send, channel: {$ref: "#/channels/root"}}
components:
  messages:
    m:
      payload: ${payload}
  schemas:
${schemas}
`;
const loopingWs = wsDoc(
  '{$ref: "#/components/schemas/LoopA"}',
  '    LoopA: {$ref: "#/components/schemas/LoopB"}\n    LoopB: {$ref: "#/components/schemas/LoopA"}',
);
const loopingWsLine = lineOf(loopingWs, 'LoopB: {$ref: "#/components/schemas/LoopA"}');

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
 * and a file of its own), which must survive. A run that hangs is stopped and fails.
 */
async function generateBad(
  name: string,
  text: string | undefined,
  location?: string,
  kind = '--openapi',
  timeoutMs = HANG_MS,
) {
  const file = join(dir, name);
  if (text !== undefined) await writeFile(file, text);
  const out = join(dir, `out-${name}`);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'package.json'), JSON.stringify({ name: 'kalshi-sdk', kalshiCodegen: {} }));
  await writeFile(join(out, 'marker.txt'), 'previous output');
  const result = await runCli(['generate', kind, location ?? file, '--out', out], {}, { timeoutMs });
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

  it('a missing default spec, saying where specs are looked for and how to point elsewhere', async () => {
    const specs = await mkdtemp(join(dir, 'no-specs-'));
    const out = join(dir, 'out-no-specs');
    const result = await runCli(['generate', '--out', out], { KALSHI_SPECS_DIR: specs }, { timeoutMs: HANG_MS });
    expect(result).toMatchObject({
      code: 2,
      stderr:
        `error: ${join(specs, 'openapi.yaml')}: file not found (the default REST spec: specs are read from ` +
        `KALSHI_SPECS_DIR=${specs} instead of ../shared/specs beside the checkout; or pass --openapi <file|url>)\n`,
    });
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
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('dangling.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/paths/~1markets/get/responses/200/content/application~1json/schema/$ref: dangling $ref "#/components/schemas/Nope": nothing exists at that pointer${lineOf(text, "$ref: '#/components/schemas/Nope'")}\n`,
    );
  });

  it('duplicate operationId names both places', async () => {
    const doc = openapiDoc({
      paths: {
        '/a': { get: { operationId: 'GetThing', responses: ok } },
        '/b': { get: { operationId: 'GetThing', responses: ok } },
      },
    });
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('duplicate.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/paths/~1b/get/operationId: duplicate operationId "GetThing" (also at #/paths/~1a/get)${lineOf(text, 'operationId: GetThing', '/b:')}\n`,
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
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('unsupported.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/components/schemas/NotAString/not: unsupported schema construct "not"${lineOf(text, 'not:')}\n`,
    );
  });

  it('external $ref', async () => {
    const doc = openapiDoc({ schemas: { Remote: { $ref: 'other.yaml#/Thing' } } });
    const { stderr, file } = await generateBad('external.yaml', specYaml(doc));
    expect(stderr).toContain(`${file}#/components/schemas/Remote/$ref: unsupported external $ref "other.yaml#/Thing"`);
  });

  it('a document that is not OpenAPI 3', async () => {
    const { stderr, file } = await generateBad(
      'swagger.yaml',
      'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n',
    );
    expect(stderr).toBe(`error: ${file}#/openapi: not an OpenAPI 3.x document (found "swagger")\n`);
  });

  it('a circular $ref names the ref that closes the loop', async () => {
    const doc = openapiDoc({
      paths: { '/a': { get: { operationId: 'GetA', responses: returning(ref('LoopA')) } } },
      schemas: { LoopA: ref('LoopB'), LoopB: ref('LoopA') },
    });
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('circular.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/components/schemas/LoopB/$ref: circular $ref: ${LOOP}, each only a $ref to the next, never reaches a definition${lineOf(text, "$ref: '#/components/schemas/LoopA'", 'LoopB:')}\n`,
    );
  });

  it('schemas that are each other through allOf / oneOf, which no type can be, are circular too', async () => {
    const doc = openapiDoc({
      paths: { '/a': { get: { operationId: 'GetA', responses: returning(ref('A')) } } },
      schemas: {
        A: { allOf: [ref('B'), { type: 'object', properties: { x: { type: 'string' } } }] },
        B: { oneOf: [ref('A'), { type: 'string' }] },
      },
    });
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('circular-allof.yaml', text);
    expect(stderr).toMatch(
      new RegExp(`^error: ${file}#/components/schemas/A: circular schema A → B → A: .*a recursive schema must recurse`),
    );
    expect(stderr).toContain(`through a property or array items${lineOf(text, 'A:')}\n`);
  });

  it('a $ref with a stray % names the ref', async () => {
    const doc = openapiDoc({
      paths: { '/a': { get: { operationId: 'GetA', responses: returning({ $ref: '#/components/schemas/100%' }) } } },
      schemas: { '100%': { type: 'string' } },
    });
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('percent.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/paths/~1a/get/responses/200/content/application~1json/schema/$ref: invalid $ref "#/components/schemas/100%": malformed %-escape (a literal % is written %25)${lineOf(text, "$ref: '#/components/schemas/100%'")}\n`,
    );
  });

  it('a schema 3,000 levels deep names where it gets too deep', async () => {
    const deep = '{"type":"object","properties":{"x":'.repeat(3000) + '{"type":"string"}' + '}}'.repeat(3000);
    const text = JSON.stringify(openapiDoc({ schemas: { Deep: 'DEEP' } })).replace('"DEEP"', deep);
    const { stderr, file } = await generateBad('deep.json', text);
    expect(stderr).toBe(
      `error: ${file}#/components/schemas/Deep${'/properties/x'.repeat(49)}: nested more than 100 levels deep, the most a spec may nest\n`,
    );
  });

  it('a YAML alias inside its own anchor', async () => {
    const text = 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\nx-loop: &a\n  again: *a\n';
    const { stderr, file } = await generateBad('alias.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/x-loop/again: a YAML alias here repeats a node that contains it, which never ends${lineOf(text, 'again: *a')}\n`,
    );
  });

  it('a YAML alias bomb, at once, naming the line', async () => {
    const { stderr, file } = await generateBad('laughs.yaml', laughingRest, undefined, '--openapi', AT_ONCE_MS);
    expect(stderr).toBe(laughsRefused(file, laughingRest));
  });

  it('a schema $ref to something that is not a schema', async () => {
    const doc = openapiDoc({
      paths: { '/a': { get: { operationId: 'GetA', responses: returning({ $ref: '#/info' }) } } },
    });
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('not-schema.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/paths/~1a/get/responses/200/content/application~1json/schema/$ref: $ref "#/info" does not point at a schema (schemas are under #/components/schemas, or a "schema" or "payload")${lineOf(text, "$ref: '#/info'")}\n`,
    );
  });

  it('a response $ref to something that is not a response', async () => {
    const doc = openapiDoc({
      paths: { '/a': { get: { operationId: 'GetA', responses: { '200': { $ref: '#/info' } } } } },
    });
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('not-response.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/paths/~1a/get/responses/200/$ref: $ref "#/info" does not point at a response${lineOf(text, "$ref: '#/info'")}\n`,
    );
  });

  it('an operation without responses, naming the line of the operation', async () => {
    const doc = openapiDoc({ paths: { '/a': { get: { operationId: 'GetA' } } } });
    const text = specYaml(doc);
    const { stderr, file } = await generateBad('no-responses.yaml', text);
    expect(stderr).toBe(
      `error: ${file}#/paths/~1a/get: GET /a has no "responses": an operation needs at least one, to type what it returns${lineOf(text, 'get:')}\n`,
    );
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
    expect(stderr).toBe(
      `error: ${file}#/asyncapi: not an AsyncAPI 3.x document (found "2.6.0")${lineOf(text, 'asyncapi: 2.6.0')}\n`,
    );
  });

  it("a document the AsyncAPI parser rejects names the parser's pointer", async () => {
    const text = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nchannels:\n  ticker: {address: 42}\n';
    const { stderr, file } = await generateBad('invalid-ws.yaml', text, undefined, '--asyncapi');
    expect(stderr).toMatch(new RegExp(`^error: ${file}#/channels/ticker/address: .+`));
    expect(stderr).toContain(`${lineOf(text, 'ticker: {address: 42}')}\n`);
  });

  it('a circular $ref in a payload is refused rather than hanging the AsyncAPI parser', async () => {
    const { stderr, file } = await generateBad('circular-ws.yaml', loopingWs, undefined, '--asyncapi');
    expect(stderr).toBe(
      `error: ${file}#/components/schemas/LoopB/$ref: circular $ref: ${LOOP}, each only a $ref to the next, never reaches a definition${loopingWsLine}\n`,
    );
  });

  it('a YAML alias bomb, at once, naming the line', async () => {
    const text = `${wsDoc('{type: string}', '    S: {type: string}')}${laughs(10)}`;
    const { stderr, file } = await generateBad('laughs-ws.yaml', text, undefined, '--asyncapi', AT_ONCE_MS);
    expect(stderr).toBe(laughsRefused(file, text));
  });

  it('a payload schema that is its own allOf', async () => {
    const text = wsDoc('{$ref: "#/components/schemas/A"}', '    A: {allOf: [{$ref: "#/components/schemas/A"}]}');
    const { stderr, file } = await generateBad('self-allof-ws.yaml', text, undefined, '--asyncapi');
    expect(stderr).toMatch(new RegExp(`^error: ${file}#/components/schemas/A: circular schema A → A: `));
  });
});

// `codegen diff`, `drift` and `lock` read specs with the same loader, the AsyncAPI parser on the main thread.
describe('the drift commands refuse the same specs without hanging', () => {
  const run = (...args: string[]) => runCli(args, {}, { timeoutMs: HANG_MS });
  const expectRefused = (result: { code: number | null; stderr: string }, file: string) => {
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: ${file}#/components/schemas/LoopB/$ref: circular $ref: ${LOOP}, each only a $ref to the next, never reaches a definition${file === ws ? loopingWsLine : restLine}\n`,
    );
  };
  let rest: string;
  let restLine: string;
  let ws: string;
  beforeAll(async () => {
    rest = join(dir, 'drift-circular.yaml');
    ws = join(dir, 'drift-circular-ws.yaml');
    const doc = openapiDoc({
      paths: { '/a': { get: { operationId: 'GetA', responses: returning(ref('LoopA')) } } },
      schemas: { LoopA: ref('LoopB'), LoopB: ref('LoopA') },
    });
    const text = specYaml(doc);
    restLine = lineOf(text, "$ref: '#/components/schemas/LoopA'", 'LoopB:');
    await writeFile(rest, text);
    await writeFile(ws, loopingWs);
  });

  it('diff', async () => {
    expectRefused(await run('diff', '--from', rest, '--to', rest), rest);
    expectRefused(await run('diff', '--from', ws, '--to', ws), ws);
  });

  it('a YAML alias bomb, at once', async () => {
    const file = join(dir, 'drift-laughs.yaml');
    await writeFile(file, laughingRest);
    const result = await runCli(['diff', '--from', file, '--to', file], {}, { timeoutMs: AT_ONCE_MS });
    expect(result).toMatchObject({ code: 2, stderr: laughsRefused(file, laughingRest) });
  });

  it('drift and lock, writing no lock', async () => {
    const lock = join(dir, 'circular.lock.json');
    expectRefused(await run('drift', '--asyncapi', ws), ws);
    expectRefused(await run('lock', '--openapi', rest, '--lock', lock), rest);
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
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

  it('without KALSHI_SPECS_DIR, a missing default spec is said to be looked for beside the checkout', () => {
    const given = process.env.KALSHI_SPECS_DIR;
    delete process.env.KALSHI_SPECS_DIR;
    try {
      const flags = productSpecFlags();
      expect(defaultSpecHint(DEFAULT_ASYNCAPI, flags)).toBe(
        'the default WebSocket spec: specs are read from ../shared/specs beside the checkout unless ' +
          'KALSHI_SPECS_DIR names another folder; or pass --asyncapi <file|url>',
      );
      expect(defaultSpecHint(DEFAULT_OPENAPI, flags)).toMatch(
        /^the default REST spec: .*; or pass --openapi <file\|url>$/,
      );
      expect(defaultSpecHint(join(dir, 'openapi.yaml'), flags)).toBeUndefined();
      // Another product's spec is named with its product and its own flag.
      const other = loadProducts().find((p) => !isRootProduct(p))!;
      expect(defaultSpecHint(defaultSpecs(other).openapi, flags)).toMatch(
        new RegExp(
          `^the default REST spec of the ${other.title.replace(/[()]/g, '\\$&')}: .*; or pass --${other.id}-openapi <file\\|url>$`,
        ),
      );
    } finally {
      if (given !== undefined) process.env.KALSHI_SPECS_DIR = given;
    }
  });

  it('--version prints the version of kalshi-codegen', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 on an unknown option', async () => {
    const result = await runCli(['generate', '--nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--nope'");
  });
});
