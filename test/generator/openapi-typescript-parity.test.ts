import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../generator/defaults.ts';
import { namedTypeStructures } from '../../generator/emit/typescript.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { publishedSpecFiles } from '../../generator/load/versions.ts';
import { buildApiModel } from '../../generator/model/openapi.ts';

/**
 * openapi-typescript as an independent oracle: for every component schema of every published REST spec, our
 * named type and openapi-typescript's must accept exactly the same values (mutual assignability). Where we
 * deliberately differ, the oracle is configured to the same reading:
 * - `nullable: true` next to a `$ref` is honoured (OpenAPI 3.0 says siblings of $ref are ignored, but Kalshi marks
 *   fields nullable that way and sends null), so such refs are given to the oracle as `allOf: [$ref]`;
 * - a property with a `default` stays optional (the spec's `required` decides), `defaultNonNullable: false`;
 * - a bare `type: object` is an open map, `emptyObjectsUnknown: true`.
 */
const specs = [...publishedSpecFiles('openapi'), join(SPECS_DIR, 'openapi.yaml')];

function nullableRefsAsAllOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableRefsAsAllOf);
  if (!node || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableRefsAsAllOf(v)])) as Record<
    string,
    unknown
  >;
  if (typeof copy.$ref === 'string' && copy.nullable === true) {
    const { $ref, ...rest } = copy;
    return { ...rest, allOf: [{ $ref }] };
  }
  return copy;
}

describe('schema types agree with openapi-typescript', () => {
  it.each(specs.map((s) => [s.slice(SPECS_DIR.length + 1), s]))('%s', async (_, location) => {
    const spec = await loadSpec(location);
    const api = buildApiModel(spec);
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    project.createSourceFile('ours.ts', { statements: namedTypeStructures(api.schemas) });
    const oracle = await openapiTS(nullableRefsAsAllOf(spec.document) as never, {
      defaultNonNullable: false,
      emptyObjectsUnknown: true,
    });
    project.createSourceFile('oracle.ts', astToString(oracle));
    const checks = api.schemas.map(
      (s) => `export const ${s.name}: Same<T.${s.name}, components['schemas'][${JSON.stringify(s.specName)}]> = true;`,
    );
    project.createSourceFile(
      'check.ts',
      `import type { components } from './oracle';\nimport type * as T from './ours';\n` +
        `type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;\n${checks.join('\n')}\n`,
    );
    const mismatched = project
      .getSourceFileOrThrow('check.ts')
      .getPreEmitDiagnostics()
      .map((d) => checks[(d.getLineNumber() ?? 0) - 4]?.match(/const (\w+)/)?.[1] ?? d.getMessageText().toString());
    expect(mismatched).toEqual([]);
    expect(checks.length).toBe(Object.keys((spec.document.components as { schemas: object }).schemas).length);
  });
});
