import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { emitRestSources } from '../../generator/targets/typescript/emit/index.ts';
import { restTypeNames } from '../../generator/targets/typescript/emit/operations.ts';
import {
  namedTypeStructures,
  renderType,
  schemaDeclarations,
} from '../../generator/targets/typescript/emit/typescript.ts';
import { formatTypeScript } from '../../generator/targets/typescript/format.ts';
import type { ApiModel, TypeModel } from '../../generator/model/types.ts';
import { apiPlanFor } from '../helpers/plan.ts';
import { model, openapiDoc } from '../helpers/spec.ts';

/** A type of `api` as the REST modules write it. */
const render = (api: ApiModel, type: TypeModel) => renderType(type, restTypeNames(apiPlanFor(api).rest));

/** Emits the named types of an inline schema set, formatted as they would be in types.ts. */
async function typesFor(schemas: object): Promise<string> {
  const api = model(openapiDoc({ schemas }));
  const { rest } = apiPlanFor(api);
  const statements = namedTypeStructures(
    schemaDeclarations(api.schemas, rest.schema, rest.previousSchema),
    restTypeNames(rest),
  );
  const text = new Project({ useInMemoryFileSystem: true }).createSourceFile('t.ts', { statements }).getFullText();
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
    expect(text).toMatch(/\n {2}yes\?: FixedPointDollars\[\];/);
    expect(text).toMatch(/\n {2}no\?: string;/);
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
    const rendered = Object.fromEntries(api.schemas.map((s) => [s.specName, render(api, s.type)]));
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

  it('keeps the name of a schema a runtime export has too: the spec’s name wins in its own module', () => {
    const api = model(
      openapiDoc({
        schemas: { KalshiClient: { type: 'string' }, Other: { $ref: '#/components/schemas/KalshiClient' } },
      }),
    );
    expect(api.schemas.map((s) => apiPlanFor(api).rest.schema(s.specName))).toEqual(['KalshiClient', 'Other']);
    expect(render(api, api.schemas[1]!.type)).toBe('KalshiClient');
  });

  describe('decimal string schemas: a general rule on pattern and examples, never the name', () => {
    const decimalPattern = '^[0-9]+(\\.[0-9]{1,4})?$';
    it.each([
      ['an example with a fraction', { example: '0.5600' }, 'DecimalString'],
      ['a count example', { example: '10.00' }, 'DecimalString'],
      ['a negative example', { example: '-1.50' }, 'DecimalString'],
      ['every `examples` entry a decimal (3.1)', { examples: ['0.5', '12.25'] }, 'DecimalString'],
      ['format decimal', { format: 'decimal', example: '0.5' }, 'DecimalString'],
      ['a decimal pattern', { pattern: decimalPattern }, 'DecimalString'],
      ['a decimal pattern with a minus', { pattern: '^-?\\d+\\.\\d+$' }, 'DecimalString'],
      ['nullable (3.0)', { nullable: true, example: '0.5600' }, 'DecimalString | null'],
      ['an integer example, which could be an id', { example: '10' }, 'string'],
      ['a ticker example', { example: 'KXBTC-25DEC' }, 'string'],
      ['a version-like example', { example: '1.2.3' }, 'string'],
      ['a number as example', { example: 0.56 }, 'string'],
      ['one example not a decimal', { example: '0.56', examples: ['1.00', 'abc'] }, 'string'],
      ['no example, no pattern (prose only)', { description: 'Dollars as a fixed-point string.' }, 'string'],
      ['another format', { format: 'date-time', example: '0.5' }, 'string'],
      ['a ticker pattern', { pattern: '^[A-Z0-9-]+$' }, 'string'],
      ['an id pattern', { pattern: '^[a-z0-9]{1,16}$' }, 'string'],
      ['an integer pattern', { pattern: '^[0-9]+$' }, 'string'],
      ['a pattern accepting anything', { pattern: '.*' }, 'string'],
      ['an unanchored pattern (accepts "$0.015")', { pattern: '\\d+\\.\\d+' }, 'string'],
      ['a pattern accepting ".5" and "5."', { pattern: '^\\d*\\.?\\d*$' }, 'string'],
      ['a pattern, which decides over the example', { pattern: '^[A-Z]+$', example: '0.50' }, 'string'],
      ['an invalid pattern', { pattern: '(', example: '0.50' }, 'string'],
      ['an enum of decimals', { enum: ['0.5', '1.0'] }, '"0.5" | "1.0"'],
    ])('%s', (_, schema, want) => {
      const api = model(openapiDoc({ schemas: { Amount: { type: 'string', ...schema } } }));
      expect(render(api, api.schemas[0]!.type)).toBe(want);
    });

    it('reads the 3.1 type list: a nullable string is one, a string-or-number is not', () => {
      const api = model(
        openapiDoc({
          schemas: {
            Nullable31: { type: ['string', 'null'], example: '0.5600' },
            StringOrNumber: { type: ['string', 'number'], example: '0.5600' },
          },
        }),
      );
      expect(api.schemas.map((s) => render(api, s.type))).toEqual(['DecimalString | null', 'string | number']);
    });

    it('emits a named decimal schema as an alias that keeps its name, with the spec doc, and imports the type', async () => {
      const schemas = {
        Money: { type: 'string', description: 'Dollars.', example: '0.5600' },
        Quote: {
          type: 'object',
          required: ['price'],
          properties: {
            price: { $ref: '#/components/schemas/Money' },
            fee: { type: 'string', example: '0.0100' },
            ticker: { type: 'string', example: 'KXBTC' },
          },
        },
      };
      const text = await typesFor(schemas);
      // `type Money = DecimalString` would be DecimalString itself: hovers and errors would not say Money.
      expect(text).toContain('/** Dollars. */\nexport type Money = DecimalString & {};');
      expect(text).toMatch(/\n {2}price: Money;/);
      expect(text).toMatch(/\n {2}fee\?: DecimalString;/);
      expect(text).toMatch(/\n {2}ticker\?: string;/);

      const typesModule = async (doc: object) =>
        (await formatTypeScript(emitRestSources(apiPlanFor(model(doc))))).get('types.ts')!;
      expect(await typesModule(openapiDoc({ schemas }))).toContain(
        "import type { DecimalString } from './runtime/fixed-point.js';",
      );
      expect(await typesModule(openapiDoc({ schemas: { Name: { type: 'string' } } }))).not.toContain('DecimalString');
    });
  });
});
