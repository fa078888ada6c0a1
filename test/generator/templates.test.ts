import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { RUNTIME_BARREL, WS_BARREL, exportedNames, readTemplates } from '../../generator/templates.ts';

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
