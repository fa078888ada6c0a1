import { Project } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { generate, type GenerateResult } from '../../generator/pipeline.ts';
import { pascalCase } from '../../generator/plan/identifiers.ts';
import { PLATFORM_EXPORTS, payloadDeclaration, productOwnNames } from '../../generator/plan/index.ts';
import { productDir } from '../../generator/products.ts';
import { previousRestNames, previousWsNames } from '../../generator/plan/legacy.ts';
import {
  RUNTIME_BARREL,
  WS_BARREL,
  readTemplates,
  templatesSurface,
} from '../../generator/targets/typescript/templates.ts';
import { join } from 'node:path';

/*
 * No name the package exported in the previous release is gone: the names of that release's structure (one
 * namespace, a numeric suffix on every clash; plan/legacy.ts) are worked out here from the models, the runtime's
 * from its barrels by the type checker, and each must be an export of the generated entry points.
 */

let result: GenerateResult;
/** The names each entry point's declarations file exports, by the type checker. */
const exported = new Map<string, Set<string>>();
/** The names the `ws` namespace of the Node entry holds. */
let wsNamespace: Set<string>;

beforeAll(async () => {
  result = await generate({
    openapi: DEFAULT_OPENAPI,
    asyncapi: DEFAULT_ASYNCAPI,
    out: join(REPO_ROOT, '.test-output/exports-none'),
    check: true,
  });
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  for (const [path, text] of result.files) if (path.endsWith('.d.ts')) project.createSourceFile(`/sdk/${path}`, text);
  for (const entry of ['index', 'browser']) {
    const file = project.getSourceFileOrThrow(`/sdk/dist/${entry}.d.ts`);
    exported.set(entry, new Set(file.getExportedDeclarations().keys()));
    if (entry === 'index') {
      const namespace = file.getExportedDeclarations().get('ws')![0]!.getSourceFile();
      wsNamespace = new Set(namespace.getExportedDeclarations().keys());
    }
  }
}, 120_000);

/** What the previous release's entry point for `platform` exported. */
async function previousExports(platform: 'node' | 'web'): Promise<string[]> {
  const templates = await readTemplates(true);
  const project = new Project({ useInMemoryFileSystem: true });
  for (const [path, text] of templates) project.createSourceFile(`/t/${path}`, text);
  const barrels = [RUNTIME_BARREL, WS_BARREL].flatMap((barrel) => [
    ...project.getSourceFileOrThrow(`/t/${barrel}`).getExportedDeclarations().keys(),
  ]);
  const runtime = templatesSurface(templates);
  const { api, ws } = result.plan.models;
  const own = productOwnNames(result.plan.product);
  const previous = previousRestNames(api, runtime, { ...own, dir: productDir(result.plan.product) });
  const wsNames = previousWsNames(previous, ws!, runtime);
  const rest = [
    ...api.schemas.map((s) => previous.rest.schema(s.specName)),
    ...api.operations.flatMap((op) => {
      const names = previous.rest.operation(op.operationId);
      return [names.function, names.params, ...(names.response ? [names.response] : [])];
    }),
  ];
  const webSocket = [
    ...ws!.schemas.map((s) => wsNames.schema(s.specName)),
    ...ws!.messages.map((m) => wsNames.payload(m)),
    ...ws!.messages.flatMap((m) => wsNames.members(payloadDeclaration(m)).map((member) => member.name)),
    ...ws!.channels.flatMap((c) => (c.subscription && c.subscribeParams ? [wsNames.subscribeParams(c.name)] : [])),
    ...Object.values(wsNames.own),
  ];
  const entry = [own.client, own.createCore, own.webSocket];
  return [...barrels, ...PLATFORM_EXPORTS[platform].map((e) => e.name), ...entry, ...rest, ...webSocket];
}

describe('the exports of the generated package', () => {
  it.each([
    ['index', 'node'],
    ['browser', 'web'],
  ] as const)('%s: every name of the previous release is still exported', async (entry, platform) => {
    const previous = await previousExports(platform);
    expect(previous.length).toBeGreaterThan(500);
    expect(previous.filter((name) => !exported.get(entry)!.has(name))).toEqual([]);
  });

  it("exports every schema under its spec's name: the REST spec's flat, the WebSocket spec's in `ws`", () => {
    const { api, ws } = result.plan.models;
    const index = exported.get('index')!;
    expect(api.schemas.map((s) => result.plan.rest.schema(s.specName)).filter((n) => !index.has(n))).toEqual([]);
    expect(ws!.schemas.map((s) => result.plan.ws!.schema(s.specName)).filter((n) => !wsNamespace.has(n))).toEqual([]);
    // A name a spec declares once is never suffixed, even where the other spec or the runtime declares it too
    // (today's specs both declare a book side, which the runtime exports as well): it is the spec's name, in
    // PascalCase.
    const renamed = (schemas: { specName: string }[], planned: (specName: string) => string) =>
      schemas.filter((s) => planned(s.specName) !== pascalCase(s.specName)).map((s) => s.specName);
    expect(renamed(api.schemas, (n) => result.plan.rest.schema(n))).toEqual([]);
    expect(renamed(ws!.schemas, (n) => result.plan.ws!.schema(n))).toEqual([]);
  });
});
