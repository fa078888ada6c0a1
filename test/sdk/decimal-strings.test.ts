import { join } from 'node:path';
import { Project, ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_COMPILER_OPTIONS } from '../helpers/compiler-options.ts';
import { generateForTest } from '../helpers/generated.ts';

/*
 * Money in the SDK generated from today's spec, as a user's editor and compiler see it: a request with a malformed
 * literal price or count does not compile, a well-formed one and the helpers' results do, and hovers show the
 * spec's names (FixedPointDollars), not `string` or the runtime's DecimalString.
 */

let out: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ out, cleanup } = await generateForTest('decimal-strings'));
});
afterAll(() => cleanup?.());

const PRELUDE = `import { KalshiClient, centsToDollars, toDecimalString, type CreateOrderV2Request } from 'kalshi-sdk';
declare const kalshi: KalshiClient;
declare const input: string;
const order = { ticker: 'KXBTC', side: 'bid', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross' } as const;
`;

function project(): Project {
  return new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { ...SDK_COMPILER_OPTIONS, noEmit: true, paths: { 'kalshi-sdk': [join(out, 'dist/index.d.ts')] } },
  });
}

/** The compiler's messages for one snippet, following the prelude. */
function diagnostics(snippet: string): string[] {
  const file = project().createSourceFile(join(out, 'snippet.ts'), `${PRELUDE}${snippet}\nexport {};\n`);
  return file.getPreEmitDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.compilerObject.messageText, ' '));
}

describe('decimal strings in the generated SDK', () => {
  it.each([
    ['literals in Kalshi form', `kalshi.createOrderV2({ ...order, price: '0.5600', count: '10.00' });`],
    ['whole numbers', `kalshi.createOrderV2({ ...order, price: '1', count: '10' });`],
    ['the helpers’ results', `kalshi.createOrderV2({ ...order, price: centsToDollars(56), count: '1.00' });`],
    ['a checked string', `kalshi.createOrderV2({ ...order, price: toDecimalString(input), count: '1' });`],
    [
      'a response field into a request',
      `const placed = await kalshi.createOrderV2({ ...order, price: '0.56', count: '1' });
kalshi.createOrderV2({ ...order, price: '0.56', count: placed.remaining_count });`,
    ],
  ])('compiles: %s', (_, snippet) => {
    expect(diagnostics(snippet)).toEqual([]);
  });

  it.each([
    ['a dollar sign', `kalshi.createOrderV2({ ...order, price: '$0.015', count: '1.00' });`, 'FixedPointDollars'],
    ['a word as count', `kalshi.createOrderV2({ ...order, price: '0.56', count: 'lots' });`, 'FixedPointCount'],
    ['exponent notation', `kalshi.createOrderV2({ ...order, price: '1e-2', count: '1' });`, 'FixedPointDollars'],
    ['a bare fraction', `kalshi.createOrderV2({ ...order, price: '.5', count: '1' });`, 'FixedPointDollars'],
    ['a plain string', `kalshi.createOrderV2({ ...order, price: input, count: '1' });`, 'FixedPointDollars'],
    ['a number', `kalshi.createOrderV2({ ...order, price: 0.56, count: '1' });`, 'FixedPointDollars'],
  ])('does not compile: %s, and the error names the spec type', (_, snippet, typeName) => {
    const problems = diagnostics(snippet);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`to type '${typeName}'`);
  });

  it('shows the spec’s names on hover', () => {
    const snippet = `const request: CreateOrderV2Request = { ...order, price: '0.56', count: '1' };\nconst price = request.price;\n`;
    const text = `${PRELUDE}${snippet}`;
    const file = project().createSourceFile(join(out, 'hover.ts'), text);
    const service = file.getProject().getLanguageService().compilerObject;
    const hover = (at: string) =>
      ts.displayPartsToString(service.getQuickInfoAtPosition(file.getFilePath(), text.lastIndexOf(at))!.displayParts);
    expect(hover('price;')).toBe('(property) CreateOrderV2Request.price: FixedPointDollars');
    expect(hover('price =')).toBe('const price: FixedPointDollars');
  });
});
