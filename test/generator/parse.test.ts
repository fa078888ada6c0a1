import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/errors.ts';
import { MAX_ALIAS_NODES, parseSpecText, specYaml, yamlPointerLine } from '../../generator/load/parse.ts';
import { laughs } from '../helpers/spec.ts';

function parseError(text: string): SpecError {
  try {
    parseSpecText(text, 'spec.yaml');
  } catch (err) {
    if (err instanceof SpecError) return err;
    throw err;
  }
  throw new Error('expected a SpecError');
}

describe('reading spec text', () => {
  it('reads the YAML 1.2 core schema: yes/no/on/off and dates stay strings', () => {
    const doc = parseSpecText('side: [yes, no, on, off]\ndate: 2024-01-01\nnull_: ~\nint: 0o17\nfloat: 1.5e3\n', 'x');
    expect(doc).toEqual({ side: ['yes', 'no', 'on', 'off'], date: '2024-01-01', null_: null, int: 15, float: 1500 });
  });

  it('resolves anchors and aliases', () => {
    expect(parseSpecText('a: &x {k: 1}\nb: *x\n', 'x')).toEqual({ a: { k: 1 }, b: { k: 1 } });
  });

  it('refuses a "billion laughs" document, naming the first node whose aliases add too much', () => {
    // Nine aliases nine levels deep: level 6 (9^7 nodes) is the first to pass a million.
    const text = `openapi: 3.0.0\n${laughs(10)}`;
    const line = text.split('\n').findIndex((l) => l.startsWith('  l6:')) + 1;
    expect(parseError(text).message).toBe(
      `spec.yaml: invalid YAML at line ${line}, column 7: aliases expand this node from 10 nodes to 5,380,840, ` +
        'more than the 1,000,000 that aliases may add to a spec',
    );
  });

  it('accepts aliases that add up to MAX_ALIAS_NODES nodes, however often one is used', () => {
    // An anchor of 1,000 nodes aliased n times adds 999 nodes an alias (each alias is itself a node read).
    const text = (aliases: number) =>
      `anchor: &a [${Array(999).fill('x').join(', ')}]\nuses: [${Array(aliases).fill('*a').join(', ')}]\n`;
    const most = Math.floor(MAX_ALIAS_NODES / 999);
    expect((parseSpecText(text(most), 'x').uses as unknown[]).length).toBe(most);
    expect(parseError(text(most + 1)).message).toMatch(/^spec\.yaml: invalid YAML at line 2, column 7: aliases expand/);
  });

  it('reads JSON as JSON', () => {
    expect(parseSpecText('{"openapi": "3.0.0", "n": 1}', 'x')).toEqual({ openapi: '3.0.0', n: 1 });
  });

  it('rejects a duplicate key, naming its line and column', () => {
    const error = parseError('openapi: 3.0.0\ninfo: {}\nopenapi: 3.1.0\n');
    expect(error.message).toBe('spec.yaml: invalid YAML at line 3, column 1: duplicated mapping key');
  });

  it('rejects broken YAML, naming its line', () => {
    expect(parseError('paths:\n  /a: [unclosed\n').message).toMatch(
      /^spec\.yaml: invalid YAML at line \d+, column \d+: .+/,
    );
  });

  it('rejects a document that is not a mapping', () => {
    expect(parseError('- a\n- b\n').message).toBe('spec.yaml: expected a mapping at the top level of the spec');
  });
});

describe('writing spec text', () => {
  it('specYaml writes what parseSpecText reads back, strings that look like other types included', () => {
    const doc = {
      yes: 'no',
      no: ['yes', 'on', 'off', 'y', 'n'],
      numbers: ['1', '-0', '1.0', '.5', '1e3', '0x1F', '0o17', '.inf', '.NaN'],
      words: ['true', 'False', 'null', '~', ''],
      dates: ['2024-01-01', '2024-01-01T00:00:00Z', '12:30'],
      '200': { description: 'a #hash, a: colon, *star, &amp, !bang, trailing ', multiline: 'one\ntwo\n' },
      values: [1, 1.5, true, null],
    };
    const text = specYaml(doc);
    expect(parseSpecText(text, 'x')).toEqual(doc);
    // Written plainly, as Kalshi writes them, so that tests reading this text read what the specs hold.
    expect(text).toMatch(/^yes: no$/m);
    expect(text).toMatch(/^ {2}- 2024-01-01$/m);
    expect(text).toMatch(/^ {2}- '1'$/m);
  });
});

describe('the line of a JSON pointer in YAML text', () => {
  const lines = [
    'openapi: 3.0.0',
    'info: {title: x, version: "1"}',
    'paths:',
    '  /a:',
    '    get:',
    '      responses:',
    '        200:',
    '          description: ok',
    '        "404": {description: nope, x: [1, 2, {y: 3}]}',
    '  /b:',
    '    # a comment',
    '    get: &op',
    '      operationId: GetB',
    '    put: *op',
    'list:',
    '  - a',
    '  - b: 1',
    '    c: 2',
    '  - {d: 4}',
    'x-loop: &loop',
    '  again: *loop',
    "'quoted key' : 1",
    'gaps:',
    '  -',
    '  - after an empty item',
    '',
  ];
  const text = lines.join('\n');
  const lineOf = (line: string) => lines.indexOf(line) + 1;

  it.each([
    ['/openapi', 'openapi: 3.0.0'],
    ['/info/version', 'info: {title: x, version: "1"}'],
    ['/paths/~1a/get', '    get:'],
    ['/paths/~1a/get/responses/200', '        200:'],
    ['/paths/~1a/get/responses/200/description', '          description: ok'],
    ['/paths/~1a/get/responses/404/x/2/y', '        "404": {description: nope, x: [1, 2, {y: 3}]}'],
    ['/paths/~1b/get', '    get: &op'],
    ['/paths/~1b/put', '    put: *op'],
    ['/paths/~1b/put/operationId', '      operationId: GetB'],
    ['/list/0', '  - a'],
    ['/list/1/c', '    c: 2'],
    ['/list/2/d', '  - {d: 4}'],
    ['/x-loop/again', '  again: *loop'],
    ['/quoted key', "'quoted key' : 1"],
  ])('%s is on the line of its key or item', (pointer, line) => {
    expect(yamlPointerLine(text, pointer)).toBe(lineOf(line));
  });

  it('reads as deep as the loader does', () => {
    const depth = 120;
    const deep = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k:${i === depth - 1 ? ' end' : ''}`);
    expect(yamlPointerLine(deep.join('\n'), '/k'.repeat(depth))).toBe(depth);
  });

  it('is undefined for a node the text does not hold, or cannot tell apart', () => {
    for (const pointer of ['', '/nope', '/paths/~1a/post', '/list/3', '/openapi/x', '/gaps/1'])
      expect(yamlPointerLine(text, pointer), pointer).toBeUndefined();
  });
});
