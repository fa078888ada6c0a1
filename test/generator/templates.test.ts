import { format } from 'prettier';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { PRETTIER_OPTIONS } from '../../generator/format.ts';
import { RUNTIME_BARREL, WS_BARREL, exportedNames, readTemplates, relativeImports } from '../../generator/templates.ts';

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
