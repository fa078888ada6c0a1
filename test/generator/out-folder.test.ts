/**
 * `generate --out` replaces only what it may: a folder that does not exist, an empty one, or an SDK kalshi-codegen
 * wrote. Anything else is refused with exit 2 and one line, and left exactly as it was.
 */
import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { specYaml } from '../../generator/load/index.ts';
import { UsageError } from '../../generator/errors.ts';
import { HEADER_START } from '../../generator/header.ts';
import { checkOutFolder, writeOutput } from '../../generator/write.ts';
import { runCli } from '../helpers/cli.ts';
import { openapiDoc } from '../helpers/spec.ts';
import { rootProduct } from '../../generator/products.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'codegen-out-'));
});

/** Every file under `root` with its content, to compare before and after. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(f, 'utf8')] as const)));
}

/** A folder of the user's own: a project with a package.json that is not the SDK's. */
async function userProject(name: string): Promise<string> {
  const root = join(dir, name);
  await mkdir(join(root, 'src'), { recursive: true });
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'my-bot', version: '1.0.0' }));
  await writeFile(join(root, 'src/bot.ts'), 'export const bot = 1;\n');
  await writeFile(join(root, 'notes.txt'), 'my notes');
  return root;
}

const notOurs = (out: string) =>
  `error: refusing to replace ${out} (--out): it is not empty and holds no SDK that kalshi-codegen wrote ` +
  '(no package.json with a "kalshiCodegen" field); give a new or empty folder\n';

describe('generate --out refuses what it did not write: exit 2, one line, nothing touched', () => {
  // The refusal comes before any spec is read: these specs do not even exist.
  const generate = (out: string, cwd?: string) =>
    runCli(['generate', '--openapi', join(dir, 'none.yaml'), '--out', out], {}, { cwd, timeoutMs: 45_000 });

  it('an existing file', async () => {
    const out = join(dir, 'notes.md');
    await writeFile(out, '# keep me\n');
    const result = await generate(out);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: refusing to replace ${out} (--out): it is a file, not a folder\n`);
    expect(await readFile(out, 'utf8')).toBe('# keep me\n');
  });

  it('a folder of the user’s own', async () => {
    const out = await userProject('project');
    const before = await snapshot(out);
    const result = await generate(out);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(notOurs(out));
    expect(await snapshot(out)).toEqual(before);
  });

  it('--out . in a project (the working tree)', async () => {
    const project = await userProject('working-tree');
    const before = await snapshot(project);
    const result = await generate('.', project);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(notOurs('.'));
    expect(await snapshot(project)).toEqual(before);
    expect((await readdir(dir)).filter((name) => name.startsWith('working-tree.'))).toEqual([]);
  });

  it('a symbolic link, even to an SDK', async () => {
    const sdk = join(dir, 'linked-sdk');
    await mkdir(sdk);
    await writeFile(join(sdk, 'package.json'), JSON.stringify({ kalshiCodegen: {} }));
    const out = join(dir, 'link');
    await symlink(sdk, out);
    const result = await generate(out);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: refusing to replace ${out} (--out): it is a symbolic link; give the folder it points to\n`,
    );
    expect(await snapshot(sdk)).toEqual({ [join(sdk, 'package.json')]: JSON.stringify({ kalshiCodegen: {} }) });
  });
});

describe('generate --out replaces an empty folder and its own output', () => {
  // Small specs whose schemas recurse through a property, array items or a map, as a tree does: that is supported.
  const tree = {
    type: 'object',
    properties: {
      name: { type: 'string' },
      children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
      parent: { $ref: '#/components/schemas/Node' },
    },
  };
  const rest = openapiDoc({
    paths: {
      '/tree': {
        get: {
          operationId: 'GetTree',
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
            },
          },
        },
      },
    },
    schemas: { Node: tree },
  });
  const ws = {
    asyncapi: '3.0.0',
    info: { title: 'Tree stream', version: '1' },
    channels: { root: { address: '/', messages: { node: { $ref: '#/components/messages/node' } } } },
    operations: { sendNode: { action: 'send', channel: { $ref: '#/channels/root' } } },
    components: {
      messages: { node: { payload: { $ref: '#/components/schemas/Branch' } } },
      schemas: {
        Branch: {
          type: 'object',
          properties: {
            type: { const: 'branch' },
            branches: { type: 'array', items: { $ref: '#/components/schemas/Branch' } },
            byName: { type: 'object', additionalProperties: { $ref: '#/components/schemas/Branch' } },
          },
        },
      },
    },
  };

  let openapi: string;
  let asyncapi: string;
  beforeAll(async () => {
    [openapi, asyncapi] = [join(dir, 'tree.yaml'), join(dir, 'tree-ws.yaml')];
    await writeFile(openapi, specYaml(rest));
    await writeFile(asyncapi, specYaml(ws));
  });

  it('writes into an empty folder, marks the output, and replaces output of earlier versions', async () => {
    const out = join(dir, 'sdk');
    await mkdir(out);
    const generate = () =>
      // The root product alone: the other products' specs have nothing to do with the spec under test.
      runCli(
        [
          'generate',
          '--openapi',
          openapi,
          '--asyncapi',
          asyncapi,
          '--products',
          rootProduct().id,
          '--out',
          out,
          '--quiet',
        ],
        {},
        {},
      );

    const first = await generate();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(await readFile(join(out, 'src/types.ts'), 'utf8')).toMatch(/children\?: Node\[\];\s+parent\?: Node;/);
    expect(await readFile(join(out, 'src/ws.ts'), 'utf8')).toMatch(/branches\?: Branch\[\];/);
    const manifest = JSON.parse(await readFile(join(out, 'package.json'), 'utf8'));
    expect(manifest.kalshiCodegen).toMatchObject({ spec: 'Test API', version: '1.2.3' });
    await expect(checkOutFolder(out)).resolves.toBeUndefined();

    // Output of a version that wrote no marker in package.json is still known by the header of its sources.
    delete manifest.kalshiCodegen;
    await writeFile(join(out, 'package.json'), JSON.stringify(manifest));
    const second = await generate();
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'package.json'), 'utf8')).kalshiCodegen).toBeDefined();
  });

  it('and the drift commands read the same recursive specs', async () => {
    for (const spec of [openapi, asyncapi]) {
      const result = await runCli(['diff', '--from', spec, '--to', spec], {}, { timeoutMs: 45_000 });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('no API changes');
    }
  });
});

describe('checkOutFolder and writeOutput', () => {
  const refused = async (out: string) => {
    const error = await checkOutFolder(out).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  };

  it('accept a folder that does not exist, an empty folder, and an SDK known by its manifest or its header', async () => {
    await expect(checkOutFolder(join(dir, 'absent', 'deeper'))).resolves.toBeUndefined();
    await mkdir(join(dir, 'empty'));
    await expect(checkOutFolder(join(dir, 'empty'))).resolves.toBeUndefined();
    await mkdir(join(dir, 'marked'));
    await writeFile(join(dir, 'marked', 'package.json'), JSON.stringify({ name: 'x', kalshiCodegen: { spec: 'x' } }));
    await expect(checkOutFolder(join(dir, 'marked'))).resolves.toBeUndefined();
    await mkdir(join(dir, 'legacy', 'src'), { recursive: true });
    await writeFile(join(dir, 'legacy', 'src', 'index.ts'), `${HEADER_START} DO NOT EDIT…\n */\nexport {};\n`);
    await expect(checkOutFolder(join(dir, 'legacy'))).resolves.toBeUndefined();
  });

  it('refuse a folder whose package.json is not the SDK’s, or is not JSON, and one with only a lookalike file', async () => {
    const project = await userProject('unit-project');
    expect(await refused(project)).toContain('it is not empty and holds no SDK that kalshi-codegen wrote');
    await writeFile(join(project, 'package.json'), '{ not json');
    expect(await refused(project)).toContain('it is not empty');
    await mkdir(join(dir, 'lookalike'));
    await writeFile(join(dir, 'lookalike', 'index.ts'), `${HEADER_START}\n */\n`);
    expect(await refused(join(dir, 'lookalike'))).toContain('it is not empty');
  });

  it('writeOutput refuses too, leaving the folder and no staging folder behind', async () => {
    const out = await userProject('unit-write');
    const before = await snapshot(out);
    await expect(writeOutput(out, new Map([['package.json', '{}']]))).rejects.toBeInstanceOf(UsageError);
    expect(await snapshot(out)).toEqual(before);
    expect((await readdir(dir)).filter((name) => name.startsWith('unit-write.'))).toEqual([]);
  });
});
