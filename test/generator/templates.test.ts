import { format } from 'prettier';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { PRETTIER_OPTIONS } from '../../generator/targets/typescript/format.ts';
import { CORE_CLASS } from '../../generator/plan/index.ts';
import { exportedNames } from '../../generator/plan/runtime.ts';
import {
  RUNTIME_BARREL,
  WS_BARREL,
  readTemplates,
  relativeImports,
  templatesSurface,
} from '../../generator/targets/typescript/templates.ts';

describe('runtime export names', () => {
  // The generator reserves these names so no spec schema can shadow the runtime; the fast parse must agree with the
  // type checker's view of what the barrels export.
  it.each([RUNTIME_BARREL, WS_BARREL])('%s: the parsed export list matches the type checker', async (barrel) => {
    const templates = await readTemplates(true);
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: false } });
    for (const [path, text] of templates) project.createSourceFile(`/t/${path}`, text);
    const expected = [...project.getSourceFileOrThrow(`/t/${barrel}`).getExportedDeclarations().keys()].sort();
    expect(exportedNames(templates, barrel)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
  });

  // The client facade's methods keep clear of these; a member the parse missed would be shadowed by an operation.
  it(`${CORE_CLASS}: the parsed members match the type checker`, async () => {
    const templates = await readTemplates(true);
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: false } });
    for (const [path, text] of templates) project.createSourceFile(`/t/${path}`, text);
    const core = project.getSourceFileOrThrow('/t/runtime/core.ts').getClassOrThrow(CORE_CLASS);
    // ECMAScript private members (`#transport`) are no names a subclass can shadow.
    const members = core
      .getType()
      .getProperties()
      .map((p) => p.getName())
      .filter((name) => !name.startsWith('#'));
    expect([...templatesSurface(templates).coreMembers].sort()).toEqual([...members, 'constructor'].sort());
    expect(members).toContain('request');
  });

  it('knows which exports are types only, so that re-exporting one renamed stays a type export', async () => {
    const { exports } = templatesSurface(await readTemplates(true));
    const typeOnly = (name: string) => exports.get(name)?.typeOnly;
    expect([typeOnly('BookSide'), typeOnly('OperationSpec'), typeOnly('Platform')]).toEqual([true, true, true]);
    // A class and two functions.
    expect([typeOnly('KalshiCore'), typeOnly('paginate'), typeOnly('formatPrice')]).toEqual([false, false, false]);
  });
});

describe('templates', () => {
  // generate copies templates without re-formatting them, so the SDK stays prettier-formatted only if they are.
  it('are formatted with the options generate uses', async () => {
    const unformatted: string[] = [];
    for (const [path, text] of await readTemplates(true)) {
      if ((await format(text, PRETTIER_OPTIONS)) !== text) unformatted.push(path);
    }
    expect(unformatted, 'run: npx prettier --write "templates/**/*.ts"').toEqual([]);
  });
});

describe('templates of an SDK without a WebSocket spec', () => {
  // generate() takes the AsyncAPI spec as optional; the WebSocket client is then left out, and nothing kept may
  // import it.
  it('import only templates that are kept', async () => {
    const templates = await readTemplates(false);
    expect([...templates.keys()].some((path) => path.startsWith('ws/client'))).toBe(false);
    const missing = [...templates].flatMap(([path, text]) =>
      relativeImports(path, text)
        .filter((target) => !templates.has(target))
        .map((target) => `${path} → ${target}`),
    );
    expect(missing).toEqual([]);
  });
});
