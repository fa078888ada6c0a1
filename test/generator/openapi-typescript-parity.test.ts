import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString, type SchemaObject } from 'openapi-typescript';
import { Project } from 'ts-morph';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, SPECS_DIR } from '../../generator/defaults.ts';
import { restTypeNames } from '../../generator/targets/typescript/emit/operations.ts';
import {
  DECIMAL_STRING,
  decimalStringImport,
  namedTypeStructures,
  schemaDeclarations,
} from '../../generator/targets/typescript/emit/typescript.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { publishedSpecFiles } from '../../generator/load/versions.ts';
import { buildApiModel } from '../../generator/model/openapi.ts';
import { isDecimalStringSchema } from '../../generator/model/schema.ts';
import { apiPlanFor } from '../helpers/plan.ts';

/**
 * openapi-typescript as an independent oracle: for every component schema of every published REST spec, our
 * named type and openapi-typescript's must accept exactly the same values (mutual assignability). Where we
 * deliberately differ, the oracle is configured to the same reading:
 * - `nullable: true` next to a `$ref` is honoured (OpenAPI 3.0 says siblings of $ref are ignored, but Kalshi marks
 *   fields nullable that way and sends null), so such refs are given to the oracle as `allOf: [$ref]`;
 * - a property with a `default` stays optional (the spec's `required` decides), `defaultNonNullable: false`;
 * - a bare `type: object` is an open map, `emptyObjectsUnknown: true`;
 * - a decimal string schema (isDecimalStringSchema: `example: "0.5600"`, a decimal `pattern`) is the runtime's
 *   `DecimalString`, not `string`: the oracle is given the same type for the schemas the rule selects, so what is
 *   compared is everything around it (nullability, where it is used); which schemas the rule selects is tested in
 *   schema-to-type.test.ts.
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

const FIXED_POINT_TEMPLATE = readFileSync(join(REPO_ROOT, 'templates/runtime/fixed-point.ts'), 'utf8');

/** openapi-typescript's type for a schema our rule reads as a decimal string; undefined leaves it to the oracle. */
function decimalStringForOracle(schema: SchemaObject): ts.TypeNode | undefined {
  if (!isDecimalStringSchema(schema as never)) return undefined;
  const decimal = ts.factory.createTypeReferenceNode(DECIMAL_STRING);
  const nullable = 'nullable' in schema && schema.nullable === true;
  const types = 'type' in schema ? schema.type : undefined;
  return nullable || (Array.isArray(types) && types.includes('null'))
    ? ts.factory.createUnionTypeNode([decimal, ts.factory.createLiteralTypeNode(ts.factory.createNull())])
    : decimal;
}

describe('schema types agree with openapi-typescript', () => {
  it.each(specs.map((s) => [s.slice(SPECS_DIR.length + 1), s]))('%s', async (_, location) => {
    const spec = await loadSpec(location);
    const api = buildApiModel(spec);
    const { rest } = apiPlanFor(api);
    const typeNames = restTypeNames(rest);
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    project.createSourceFile('runtime/fixed-point.ts', FIXED_POINT_TEMPLATE);
    project.createSourceFile('ours.ts', {
      statements: [
        ...decimalStringImport(
          api.schemas.map((s) => s.type),
          typeNames,
        ),
        ...namedTypeStructures(schemaDeclarations(api.schemas, rest.schema, rest.previousSchema), typeNames),
      ],
    });
    const oracle = await openapiTS(nullableRefsAsAllOf(spec.document) as never, {
      defaultNonNullable: false,
      emptyObjectsUnknown: true,
      transform: decimalStringForOracle,
    });
    project.createSourceFile(
      'oracle.ts',
      `import type { ${DECIMAL_STRING} } from './runtime/fixed-point.js';\n${astToString(oracle)}`,
    );
    // A name either side cannot resolve is `any`, which would agree with everything.
    for (const file of ['ours.ts', 'oracle.ts']) {
      expect(
        project
          .getSourceFileOrThrow(file)
          .getPreEmitDiagnostics()
          .map((d) => d.getMessageText()),
      ).toEqual([]);
    }
    const checks = api.schemas.map((s) => {
      const name = rest.schema(s.specName);
      return `export const ${name}: Same<T.${name}, components['schemas'][${JSON.stringify(s.specName)}]> = true;`;
    });
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
