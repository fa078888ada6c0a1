import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { namedTypeStructures, renderType } from '../../generator/emit/typescript.ts';
import { formatTypeScript } from '../../generator/format.ts';
import { model, openapiDoc } from '../helpers/spec.ts';

/** Emits the named types of an inline schema set, formatted as they would be in types.ts. */
async function typesFor(schemas: object): Promise<string> {
  const api = model(openapiDoc({ schemas }));
  const text = new Project({ useInMemoryFileSystem: true })
    .createSourceFile('t.ts', { statements: namedTypeStructures(api.schemas) })
    .getFullText();
  return (await formatTypeScript(new Map([['t.ts', text]]))).get('t.ts')!;
}

describe('schema → TypeScript type', () => {
  it('emits an object schema as an interface with required and optional properties and docs', async () => {
    const text = await typesFor({
      Market: {
        type: 'object',
        description: 'A market.',
        required: ['ticker'],
        properties: {
          ticker: { type: 'string', description: 'Market ticker' },
          volume: { type: 'integer', format: 'int64', default: 0 },
          'odd-name': { type: 'boolean', deprecated: true },
        },
      },
    });
    expect(text).toBe(`/** A market. */
export interface Market {
  /** Market ticker */
  ticker: string;
  /** @default 0 */
  volume?: number;
  /** @deprecated */
  'odd-name'?: boolean;
}
`);
  });

  it('emits a string enum as a literal union and a runtime const object of the same name', async () => {
    const text = await typesFor({ Side: { type: 'string', enum: ['yes', 'no', 'multi word'] } });
    expect(text).toContain(`export type Side = 'yes' | 'no' | 'multi word';`);
    expect(text).toContain(`export const Side = { yes: 'yes', no: 'no', 'multi word': 'multi word' } as const;`);
  });

  it('keeps YAML 1.2 keys yes/no as strings and fixed-point strings as named string types', async () => {
    const text = await typesFor({
      FixedPointDollars: { type: 'string', description: 'Dollars as a fixed-point string.' },
      Book: {
        type: 'object',
        properties: {
          yes: { type: 'array', items: { $ref: '#/components/schemas/FixedPointDollars' } },
          no: { type: 'string' },
        },
      },
    });
    expect(text).toContain('export type FixedPointDollars = string;');
    expect(text).toMatch(/\n  yes\?: FixedPointDollars\[\];/);
    expect(text).toMatch(/\n  no\?: string;/);
  });

  it('renders nullable, arrays of unions, allOf, oneOf and open maps', () => {
    const api = model(
      openapiDoc({
        schemas: {
          A: { type: 'object', properties: { a: { type: 'string' } } },
          B: { type: 'object', properties: { b: { type: 'number' } } },
          Nullable: { type: 'string', nullable: true },
          Both: { allOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
          Either: { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/A' }, { type: 'integer' }] } },
          Map: { type: 'object', additionalProperties: { type: 'integer' } },
          Open: { type: 'object' },
          Mixed: { type: 'object', properties: { x: { type: 'string' } }, additionalProperties: true },
          NullableRefViaAllOf: { allOf: [{ $ref: '#/components/schemas/A' }], nullable: true },
          Const: { type: 'string', const: 'orderbook_delta' },
          Types31: { type: ['integer', 'null'] },
        },
      }),
    );
    const rendered = Object.fromEntries(api.schemas.map((s) => [s.name, renderType(s.type)]));
    expect(rendered.Nullable).toBe('string | null');
    expect(rendered.Both).toBe('A & B');
    expect(rendered.Either).toBe('(A | number)[]');
    expect(rendered.Map).toBe('{\n[key: string]: number;\n}');
    expect(rendered.Open).toBe('{\n[key: string]: unknown;\n}');
    expect(rendered.Mixed).toBe('{\nx?: string;\n[key: string]: unknown;\n}');
    expect(rendered.NullableRefViaAllOf).toBe('A | null');
    expect(rendered.Const).toBe('"orderbook_delta"');
    expect(rendered.Types31).toBe('number | null');
  });

  it('renames a schema whose name clashes with a runtime export', () => {
    const api = model(
      openapiDoc({
        schemas: { KalshiClient: { type: 'string' }, Other: { $ref: '#/components/schemas/KalshiClient' } },
      }),
      {
        reservedNames: ['KalshiClient'],
      },
    );
    expect(api.schemas.map((s) => s.name)).toEqual(['KalshiClient2', 'Other']);
    expect(renderType(api.schemas[1]!.type)).toBe('KalshiClient2');
  });
});
