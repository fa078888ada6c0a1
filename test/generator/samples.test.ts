import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/errors.ts';
import {
  LIST_ITEMS,
  SampleSynthesizer,
  echoPaths,
  type JsonValue,
  type SampleOptions,
} from '../../generator/model/samples.ts';
import { model, openapiDoc } from '../helpers/spec.ts';

/** The sample of the schema `name` among `schemas`, as the mock exchange would serve it. */
function sampleOf(schemas: object, name: string, options?: SampleOptions) {
  const api = model(openapiDoc({ schemas }));
  return new SampleSynthesizer(api.schemas, api.spec.location).sample({ kind: 'ref', schema: name }, options);
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('sample synthesis', () => {
  it('fills every property, required or not, with a fixed value of its type', () => {
    const schemas = {
      Market: {
        type: 'object',
        required: ['ticker'],
        properties: {
          ticker: { type: 'string' },
          status: { type: 'string', enum: ['active', 'closed'] },
          kind: { type: 'string', const: 'binary' },
          open: { type: 'boolean' },
          volume: { type: 'integer' },
          ratio: { type: 'number' },
          created: { type: 'string', format: 'date-time' },
          day: { type: 'string', format: 'date' },
          id: { type: 'string', format: 'uuid' },
          link: { type: 'string', format: 'uri' },
          anything: {},
        },
      },
    };
    expect(sampleOf(schemas, 'Market')).toEqual({
      ticker: 'ticker-1',
      status: 'active',
      kind: 'binary',
      open: false,
      volume: 1,
      ratio: 1.5,
      created: '2026-01-02T15:04:05Z',
      day: '2026-01-02',
      id: '00000000-0000-4000-8000-000000000001',
      link: 'https://example.com/link-1',
      anything: {},
    });
  });

  it('gives a decimal string chosen by its pattern alone a decimal, which its DecimalString type accepts', () => {
    const schemas = {
      Limit: { type: 'string', pattern: '^[0-9]+(\\.[0-9]{1,4})?$' },
      Risk: { type: 'object', properties: { limit: ref('Limit'), note: { type: 'string', default: 'n/a' } } },
      Defaulted: { type: 'string', pattern: '^[0-9]+(\\.[0-9]{1,4})?$', default: 'none' },
    };
    expect(sampleOf(schemas, 'Risk')).toEqual({ limit: '1.00', note: 'n/a' });
    // A default that is no decimal is not taken.
    expect(sampleOf(schemas, 'Defaulted')).toEqual('1.00');
  });

  it("uses the schema's own example or default when it is a value of the type, a decimal string verbatim", () => {
    const schemas = {
      FixedPointDollars: { type: 'string', example: '0.5600' },
      Quote: {
        type: 'object',
        properties: {
          price: ref('FixedPointDollars'),
          count: { type: 'string', examples: ['10.00', '1.00'] },
          limit: { type: 'integer', default: 100 },
          // Not values of their types: ignored.
          index: { type: 'integer', example: 'zero' },
          size: { type: 'integer', example: 2.5 },
          note: { type: 'string', nullable: true, default: null },
          flag: { type: 'boolean', default: true },
        },
      },
    };
    expect(sampleOf(schemas, 'Quote')).toEqual({
      price: '0.5600',
      count: '10.00',
      limit: 100,
      index: 1,
      size: 1,
      note: 'note-1',
      flag: true,
    });
  });

  it('gives nullable types a value, takes the first variant of oneOf, merges allOf and fills one map entry', () => {
    const schemas = {
      Base: { type: 'object', properties: { id: { type: 'string' } } },
      Shape: {
        type: 'object',
        properties: {
          maybe: { type: 'integer', nullable: true },
          either: { oneOf: [{ type: 'null' }, { type: 'string' }, { type: 'integer' }] },
          both: { allOf: [ref('Base'), { type: 'object', properties: { extra: { type: 'boolean' } } }] },
          prices: { type: 'object', additionalProperties: { type: 'number' } },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    };
    expect(sampleOf(schemas, 'Shape')).toEqual({
      maybe: 1,
      either: 'either-1',
      both: { id: 'id-1', extra: false },
      prices: { 'key-1': 1.5 },
      tags: ['tags-1'],
    });
  });

  it("gives a list page's item arrays three distinct items and every other array one", () => {
    const schemas = {
      Market: {
        type: 'object',
        properties: {
          ticker: { type: 'string' },
          id: { type: 'string', format: 'uuid' },
          rank: { type: 'integer' },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
      Page: {
        type: 'object',
        properties: {
          markets: { type: 'array', items: ref('Market') },
          related: { type: 'array', items: ref('Market') },
          cursor: { type: 'string' },
        },
      },
    };
    const item = (n: number) => ({
      ticker: `ticker-${n}`,
      id: `00000000-0000-4000-8000-00000000000${n}`,
      rank: n,
      tags: [`tags-${n}`],
    });
    expect(LIST_ITEMS).toBe(3);
    expect(sampleOf(schemas, 'Page', { listFields: ['markets'] })).toEqual({
      markets: [item(1), item(2), item(3)],
      related: [item(1)],
      cursor: 'cursor-1',
    });
  });

  it('ends a recursive schema at its second level with its smallest value: required fields, empty arrays, null', () => {
    const schemas = {
      Node: {
        type: 'object',
        required: ['name', 'children', 'parent'],
        properties: {
          name: { type: 'string' },
          note: { type: 'string' },
          children: { type: 'array', items: ref('Node') },
          parent: { allOf: [ref('Node')], nullable: true },
        },
      },
    };
    const smallest = { name: 'name-1', children: [], parent: null };
    expect(sampleOf(schemas, 'Node')).toEqual({
      name: 'name-1',
      note: 'note-1',
      children: [smallest],
      parent: smallest,
    });
  });

  it('refuses, naming the schemas, a schema that requires itself through required non-nullable fields', () => {
    const schemas = {
      A: { type: 'object', required: ['b'], properties: { b: ref('B') } },
      B: { type: 'object', required: ['a'], properties: { a: ref('A') } },
    };
    let error: unknown;
    try {
      sampleOf(schemas, 'A');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).pointer).toBe('/components/schemas/A');
    expect((error as SpecError).message).toMatch(
      /^inline\.yaml#\/components\/schemas\/A: schema A → B → A: .*required/,
    );
  });

  it('gives out one object per schema and list item wherever it is needed, never one cut short by a cycle', () => {
    const schemas = {
      Market: { type: 'object', properties: { ticker: { type: 'string' } } },
      Tree: { type: 'object', properties: { kids: { type: 'array', items: ref('Tree') } } },
      Page: {
        type: 'object',
        properties: {
          market: ref('Market'),
          markets: { type: 'array', items: ref('Market') },
          tree: ref('Tree'),
        },
      },
    };
    const api = model(openapiDoc({ schemas }));
    const synthesizer = new SampleSynthesizer(api.schemas, api.spec.location);
    const page = synthesizer.sample({ kind: 'ref', schema: 'Page' }, { listFields: ['markets'] }) as any;
    expect(page.markets[0]).toBe(page.market);
    expect(synthesizer.shared(page.market)).toEqual({ schema: 'Market', item: 1 });
    expect(synthesizer.shared(page.markets[2])).toEqual({ schema: 'Market', item: 3 });
    // The tree's inner node is its smallest value because of where it is: not the schema's sample.
    expect(synthesizer.shared(page.tree)).toEqual({ schema: 'Tree', item: 1 });
    expect(synthesizer.shared(page.tree.kids[0])).toBeUndefined();
    expect(synthesizer.shared(page)).toBeUndefined();
  });
});

describe('echo paths', () => {
  it('lists the string and number fields named like a path parameter, at any depth and in arrays', () => {
    const body: JsonValue = {
      market: { ticker: 'ticker-1', event_ticker: 'event_ticker-1' },
      related: [{ ticker: 'ticker-1' }, { other: { ticker: 'ticker-1' } }],
      ticker: { nested: 'an object, not a value' },
      id: 7,
    };
    expect(echoPaths(body, ['ticker', 'id', 'order_id'])).toEqual({
      ticker: [
        ['market', 'ticker'],
        ['related', 0, 'ticker'],
        ['related', 1, 'other', 'ticker'],
      ],
      id: [['id']],
    });
  });

  it('leaves the objects inside the one with the field alone: they are other things', () => {
    const body: JsonValue = {
      event: { event_ticker: 'e-1', series_ticker: 's-1', markets: [{ event_ticker: 'e-1', series_ticker: 's-1' }] },
      series: { child: { series_ticker: 's-1' } },
    };
    expect(echoPaths(body, ['event_ticker', 'series_ticker'])).toEqual({
      event_ticker: [['event', 'event_ticker']],
      series_ticker: [
        ['event', 'series_ticker'],
        ['series', 'child', 'series_ticker'],
      ],
    });
  });
});
