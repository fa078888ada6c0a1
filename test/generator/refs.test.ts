/**
 * What the loader and the models refuse about `$ref`s and the shape of a document, each with the file and the JSON
 * pointer of the problem; and the recursion they accept. The CLI's side of the same is in bad-specs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/errors.ts';
import { parseLoadedSpec, specYaml } from '../../generator/load/index.ts';
import { isSchemaPointer } from '../../generator/model/schema.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import { model, openapiDoc } from '../helpers/spec.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const returning = (schema: object) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
const getA = (responses: object = returning(ref('A'))) => ({ '/a': { get: { operationId: 'GetA', responses } } });

const load = (text: string, location = 'spec.yaml') => parseLoadedSpec({ location, text, sha256: '0'.repeat(64) });

function failure(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    return error as SpecError;
  }
  throw new Error('expected a SpecError');
}

describe('loading refuses', () => {
  it('a $ref chain that comes back to itself, naming the $ref that closes the loop', () => {
    const doc = openapiDoc({ paths: getA(), schemas: { A: ref('B'), B: ref('C'), C: ref('B') } });
    const error = failure(() => model(doc));
    expect(error.pointer).toBe('/components/schemas/C/$ref');
    expect(error.problem).toBe(
      'circular $ref: #/components/schemas/B → #/components/schemas/C → #/components/schemas/B, each only a $ref to the next, never reaches a definition',
    );
  });

  it('a $ref to itself', () => {
    const error = failure(() => model(openapiDoc({ schemas: { A: ref('A') } })));
    expect(error.pointer).toBe('/components/schemas/A/$ref');
    expect(error.problem).toMatch(/^circular \$ref: #\/components\/schemas\/A → #\/components\/schemas\/A,/);
  });

  it('a circular chain of non-schema refs', () => {
    const doc = openapiDoc({
      paths: getA({ '200': { $ref: '#/components/responses/R1' } }),
      components: {
        responses: { R1: { $ref: '#/components/responses/R2' }, R2: { $ref: '#/components/responses/R1' } },
      },
    });
    expect(failure(() => model(doc)).pointer).toBe('/components/responses/R2/$ref');
  });

  it('a malformed %-escape or a fragment that is not a pointer', () => {
    const percent = failure(() => model(openapiDoc({ schemas: { A: { $ref: '#/components/schemas/%zz' } } })));
    expect(percent.pointer).toBe('/components/schemas/A/$ref');
    expect(percent.problem).toBe(
      'invalid $ref "#/components/schemas/%zz": malformed %-escape (a literal % is written %25)',
    );
    const slashless = failure(() => model(openapiDoc({ schemas: { A: { $ref: '#components/schemas/B' } } })));
    expect(slashless.problem).toMatch(/^invalid \$ref "#components\/schemas\/B": after # comes a JSON pointer/);
  });

  it('nesting deeper than 100 levels, in JSON and YAML alike, naming where', () => {
    const deep = (levels: number) => {
      let schema: object = { type: 'string' };
      for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { x: schema } };
      return openapiDoc({ schemas: { Deep: schema } });
    };
    // components/schemas/Deep is 3 levels; each schema level adds 2 (properties/x).
    expect(() => load(JSON.stringify(deep(48)), 'deep.json')).not.toThrow();
    const pointer = `/components/schemas/Deep${'/properties/x'.repeat(49)}`;
    for (const [text, file] of [
      [JSON.stringify(deep(49)), 'deep.json'],
      [specYaml(deep(49)), 'deep.yaml'],
    ] as const) {
      const error = failure(() => load(text, file));
      expect(error.pointer).toBe(pointer);
      expect(error.problem).toBe('nested more than 100 levels deep, the most a spec may nest');
    }
    // Far deeper YAML stops in the reader, which names the line, with the same words.
    const yaml = failure(() => load(`a:\n${'  '.repeat(1)}${'['.repeat(1200)}${']'.repeat(1200)}\n`));
    expect(yaml.problem).toMatch(/^invalid YAML at line \d+, column \d+: nested more than 100 levels deep/);
  });

  it('a YAML alias inside its own anchor', () => {
    const error = failure(() => load('openapi: 3.0.0\nx-a: &a\n  list: [1, *a]\n'));
    expect(error.pointer).toBe('/x-a/list/1');
  });

  it('but not an alias used twice, nor a chain of refs that ends', () => {
    expect(() => load('a: &x {$ref: "#/c"}\nb: *x\nc: {$ref: "#/d"}\nd: {type: string}\n')).not.toThrow();
  });
});

describe('the REST model refuses', () => {
  it('a schema $ref to something that is not a schema', () => {
    for (const target of ['#/info', '#', '#/components/schemas', '#/paths/~1a/get']) {
      const error = failure(() => model(openapiDoc({ paths: getA(returning({ $ref: target })) })));
      expect(error.pointer).toBe('/paths/~1a/get/responses/200/content/application~1json/schema/$ref');
      expect(error.problem).toMatch(
        new RegExp(`^\\$ref "${target.replace(/[$/~]/g, '\\$&')}" does not point at a schema`),
      );
    }
  });

  it('a response, parameter or body $ref to something else', () => {
    const response = failure(() => model(openapiDoc({ paths: getA({ '200': { $ref: '#/info' } }) })));
    expect(response.message).toBe(
      'inline.yaml#/paths/~1a/get/responses/200/$ref: $ref "#/info" does not point at a response',
    );
    const parameter = failure(() =>
      model(
        openapiDoc({
          paths: { '/a': { get: { operationId: 'GetA', parameters: [ref('A')], responses: returning({}) } } },
          schemas: { A: { type: 'string' } },
        }),
      ),
    );
    expect(parameter.problem).toBe('$ref "#/components/schemas/A" does not point at a parameter');
  });

  it('an operation without responses, or with none listed', () => {
    const missing = failure(() => model(openapiDoc({ paths: { '/a': { post: { operationId: 'PostA' } } } })));
    expect(missing.pointer).toBe('/paths/~1a/post');
    expect(missing.problem).toBe(
      'POST /a has no "responses": an operation needs at least one, to type what it returns',
    );
    const empty = failure(() => model(openapiDoc({ paths: getA({}) })));
    expect(empty.pointer).toBe('/paths/~1a/get/responses');
  });

  it('schemas that are each other’s whole type, which no TypeScript type can express', () => {
    for (const schemas of [
      { A: { allOf: [ref('A')] } },
      { A: { oneOf: [ref('B'), { type: 'string' }] }, B: { anyOf: [ref('A'), { type: 'number' }] } },
      { A: { allOf: [ref('B'), { type: 'object', properties: { x: { type: 'string' } } }] }, B: ref('A') },
    ]) {
      const error = failure(() => model(openapiDoc({ paths: getA(), schemas })));
      expect(error.pointer).toBe('/components/schemas/A');
      expect(error.problem).toMatch(/^circular schema A → (B → )?A: each is the whole of the next/);
    }
  });
});

describe('recursion the generator supports', () => {
  it('through a property, array items or additionalProperties, and refs to schemas that are not named', () => {
    const api = model(
      openapiDoc({
        paths: {
          '/a': {
            get: {
              operationId: 'GetA',
              parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
              responses: returning({ $ref: '#/paths/~1a/get/parameters/0/schema' }),
            },
          },
        },
        schemas: {
          Node: {
            type: 'object',
            properties: {
              children: { type: 'array', items: ref('Node') },
              parent: ref('Wrapper'),
              byName: { type: 'object', additionalProperties: ref('Node') },
              label: { $ref: '#/components/schemas/Node/properties/name' },
              name: { type: 'string' },
            },
          },
          Wrapper: { allOf: [ref('Node')], nullable: true },
        },
      }),
    );
    expect(api.schemas.map((s) => s.specName)).toEqual(['Node', 'Wrapper']);
    expect(api.operations[0]!.success.type).toMatchObject({ kind: 'string' });
  });

  it('in a WebSocket payload', async () => {
    const text = specYaml({
      asyncapi: '3.0.0',
      info: { title: 'x', version: '1' },
      channels: { root: { address: '/', messages: { m: { $ref: '#/components/messages/m' } } } },
      operations: { op: { action: 'send', channel: { $ref: '#/channels/root' } } },
      components: {
        messages: { m: { payload: ref('Tree') } },
        schemas: { Tree: { type: 'object', properties: { kids: { type: 'array', items: ref('Tree') } } } },
      },
    });
    const ws = await buildWsModel(load(text));
    expect(ws.messages.map((m) => m.payload)).toEqual([{ kind: 'ref', schema: 'Tree' }]);
  });
});

describe('isSchemaPointer', () => {
  it.each([
    ['/components/schemas/A', true],
    ['/components/schemas/A/properties/b/items', true],
    ['/components/schemas/A/allOf/0/additionalProperties', true],
    ['/paths/~1a/get/parameters/0/schema', true],
    ['/components/messages/m/payload/properties/x', true],
    ['', false],
    ['/info', false],
    ['/components/schemas', false],
    ['/components/schemas/A/properties', false],
    ['/components/schemas/A/required/0', false],
    ['/paths/~1a/get', false],
  ])('%s → %s', (pointer, expected) => {
    expect(isSchemaPointer(pointer)).toBe(expected);
  });
});
