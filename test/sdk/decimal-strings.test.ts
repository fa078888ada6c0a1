import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_COMPILER_OPTIONS } from '../helpers/compiler-options.ts';
import { generateForTest } from '../helpers/generated.ts';

/*
 * Money in the SDK generated from the spec in hand, as a user's editor and compiler see it: a malformed literal
 * price or count does not compile, a well-formed one and the helpers' results do, and hovers show the spec's names
 * (FixedPointDollars), not `string` or the runtime's DecimalString. The types and fields come from what was
 * generated (every decimal string alias, and an interface field typed by one), not from one spec's names.
 */

let out: string;
let cleanup: () => Promise<void>;
/** A decimal string alias of the spec (e.g. FixedPointDollars), and an object type with a field of that alias. */
let money: { alias: string; holder: string; field: string };
beforeAll(async () => {
  ({ out, cleanup } = await generateForTest('decimal-strings'));
  const types = await readFile(join(out, 'src/types.ts'), 'utf8');
  const aliases = [...types.matchAll(/^export type (\w+) = DecimalString & \{\};$/gm)].map((m) => m[1]!);
  for (const alias of aliases) {
    const held = new RegExp(`^export interface (\\w+) \\{[^}]*?^  (\\w+)\\??: ${alias};$`, 'm').exec(types);
    if (held) {
      money = { alias, holder: held[1]!, field: held[2]! };
      break;
    }
  }
  expect(money, `a decimal string alias in ${out}/src/types.ts that an interface uses`).toBeDefined();
});
afterAll(() => cleanup?.());

let shared: Project | undefined;
let snippets = 0;
/**
 * One project for every snippet, each a file of its own: the compiler then reads and checks the SDK's declarations
 * once, not once a snippet.
 */
function project(): Project {
  return (shared ??= new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { ...SDK_COMPILER_OPTIONS, noEmit: true, paths: { 'kalshi-sdk': [join(out, 'dist/index.d.ts')] } },
  }));
}

/** The declarations every snippet starts with: the SDK's money type, its holder and the helpers. */
function prelude(): string {
  const { alias, holder } = money;
  return `import { centsToDollars, toDecimalString, type ${alias}, type ${holder} } from 'kalshi-sdk';
declare const input: string;
declare const other: ${holder};
type Money = ${alias};
`;
}

/** The compiler's messages for one snippet, following the prelude. */
function diagnostics(snippet: string): string[] {
  const file = project().createSourceFile(
    join(out, `snippet-${snippets++}.ts`),
    `${prelude()}${snippet}\nexport {};\n`,
  );
  return file.getPreEmitDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.compilerObject.messageText, ' '));
}

/** `value` as the money field of an object of the holder's type. */
const inField = (value: string) => `const held: typeof other = { ...other, ${JSON.stringify(money.field)}: ${value} };`;

describe('decimal strings in the generated SDK', () => {
  it.each([
    ['literals in Kalshi form', `const a: Money = '0.5600'; const b: Money = '10.00';`],
    ['whole numbers', `const a: Money = '1'; const b: Money = '-3';`],
    ['the helpers’ results', `const a: Money = centsToDollars(56);`],
    ['a checked string', `const a: Money = toDecimalString(input);`],
    ['one object’s field into another’s', () => inField(`other[${JSON.stringify(money.field)}]`)],
  ])('compiles: %s', (_, snippet) => {
    expect(diagnostics(typeof snippet === 'string' ? snippet : snippet())).toEqual([]);
  });

  it.each([
    ['a dollar sign', `'$0.015'`],
    ['a word', `'lots'`],
    ['exponent notation', `'1e-2'`],
    ['a bare fraction', `'.5'`],
    ['a plain string', 'input'],
    ['a number', '0.56'],
  ])('does not compile: %s, and the error names the spec type', (_, value) => {
    for (const snippet of [`const a: Money = ${value};`, inField(value)]) {
      const problems = diagnostics(snippet);
      expect(problems, snippet).toHaveLength(1);
      expect(problems[0]).toContain(`to type '${money.alias}'`);
    }
  });

  it('shows the spec’s names on hover', () => {
    const { holder, field } = money;
    const text = `${prelude()}const value = other.${field};\n`;
    const file = project().createSourceFile(join(out, 'hover.ts'), text);
    const service = file.getProject().getLanguageService().compilerObject;
    const hover = (at: string) =>
      ts.displayPartsToString(service.getQuickInfoAtPosition(file.getFilePath(), text.lastIndexOf(at))!.displayParts);
    expect(hover(`${field};`)).toMatch(new RegExp(`^\\(property\\) ${holder}\\.${field}\\??: ${money.alias}`));
    expect(hover('value =')).toMatch(new RegExp(`^const value: ${money.alias}`));
  });
});
