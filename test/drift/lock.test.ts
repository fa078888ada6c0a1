/**
 * The lock file: one entry per product, canonical, reviewable, portable, refused with one clear line when damaged,
 * and a version 1 lock still read, as the root product's.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/errors.ts';
import { DEFAULT_LOCK, parseLock, type LockedSpec } from '../../generator/drift/lock/index.ts';
import { formatJson } from '../../generator/drift/lock/format.ts';
import { productKinds } from '../../generator/drift/product-specs.ts';
import { hasDefaultSpecs, loadProducts, rootProduct } from '../../generator/products.ts';

const committed = await readFile(DEFAULT_LOCK, 'utf8');
const root = rootProduct().id;

/** Every spec the lock records, of every product. */
function lockedSpecs(text: string): LockedSpec<unknown>[] {
  return Object.values(parseLock(text, DEFAULT_LOCK).products).flatMap((product) => Object.values(product));
}

describe('the committed lock', () => {
  it('is in canonical form: reading and writing it again changes no byte', () => {
    expect(formatJson(parseLock(committed, DEFAULT_LOCK))).toBe(committed);
  });

  it('is a version 2 lock with every product whose specs are in the folder, each with the kinds of spec it has', () => {
    const lock = parseLock(committed, DEFAULT_LOCK);
    expect(lock.lockVersion).toBe(2);
    const found = loadProducts().filter((p) => hasDefaultSpecs(p));
    expect(Object.keys(lock.products)).toEqual(found.map((p) => p.id));
    for (const product of found) expect(Object.keys(lock.products[product.id]!)).toEqual(productKinds(product));
  });

  it('records where each spec came from without machine-specific paths, and which bytes', () => {
    for (const entry of lockedSpecs(committed)) {
      expect(entry.source).not.toMatch(/^(\/|[A-Za-z]:\\)/);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.version).not.toBe('');
    }
  });

  it('is sorted, so that a spec change touches only its own lines', () => {
    const { products } = parseLock(committed, DEFAULT_LOCK);
    const sorted = (keys: string[]) => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const { openapi, asyncapi } of Object.values(products)) {
      const maps = [openapi?.surface.operations, openapi?.surface.schemas, asyncapi?.surface.messages];
      for (const map of [...maps, asyncapi?.surface.channels].filter((m) => m !== undefined))
        expect(Object.keys(map)).toEqual(sorted(Object.keys(map)));
      for (const op of Object.values(openapi?.surface.operations ?? {}))
        expect(Object.keys(op.fields)).toEqual(sorted(Object.keys(op.fields)));
    }
  });
});

describe('a version 1 lock', () => {
  /** The root product's specs as `codegen lock` wrote them before there were products. */
  const v1 = (change: (lock: any) => void = () => {}) => {
    const { openapi, asyncapi } = JSON.parse(committed).products[root];
    const lock = { lockVersion: 1, comment: 'an older lock', openapi, asyncapi };
    change(lock);
    return JSON.stringify(lock);
  };

  it("is read as the root product's, and only that product's", () => {
    const lock = parseLock(v1(), 'old.lock.json');
    expect(lock.lockVersion).toBe(1);
    expect(lock.products).toEqual({ [root]: parseLock(committed, DEFAULT_LOCK).products[root] });
  });

  it('is refused, when damaged, at its own pointers', () => {
    expect(() =>
      parseLock(
        v1((l) => delete l.asyncapi),
        'old.lock.json',
      ),
    ).toThrow('old.lock.json#/asyncapi: expected an object');
    expect(() =>
      parseLock(
        v1((l) => (l.openapi.sha256 = 1)),
        'old.lock.json',
      ),
    ).toThrow('old.lock.json#/openapi/sha256: expected a string');
  });
});

describe('formatJson', () => {
  it('puts each flat node on one line and indents the rest', () => {
    const text = formatJson({
      fields: { '.a': { type: 'string', required: true }, '.b': { type: 'enum<string>', enum: ['x', 'y'] } },
      empty: {},
    });
    expect(text).toBe(
      [
        '{',
        '  "fields": {',
        '    ".a": { "type": "string", "required": true },',
        '    ".b": { "type": "enum<string>", "enum": [ "x", "y" ] }',
        '  },',
        '  "empty": {}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('breaks a flat node that would not fit on a line', () => {
    const values = Array.from({ length: 30 }, (_, i) => `value_${i}`);
    const lines = formatJson({ node: { enum: values } }).split('\n');
    expect(lines.length).toBeGreaterThan(30);
    expect(JSON.parse(lines.join('\n'))).toEqual({ node: { enum: values } });
  });
});

describe('a damaged lock is refused with the file, the JSON pointer and the problem', () => {
  const damaged = (change: (lock: any) => void) => {
    const lock = JSON.parse(committed);
    change(lock);
    return JSON.stringify(lock);
  };
  const refusal = (text: string) => {
    try {
      parseLock(text, 'specs/kalshi.lock.json');
    } catch (err) {
      expect(err).toBeInstanceOf(SpecError);
      expect((err as Error).message).not.toContain('\n');
      return (err as Error).message;
    }
    throw new Error('the damaged lock was accepted');
  };

  it('not JSON', () => {
    expect(refusal('{"lockVersion": 1,')).toMatch(/^specs\/kalshi\.lock\.json: invalid JSON in lock file: /);
  });

  it('another lock version', () => {
    expect(refusal(damaged((l) => (l.lockVersion = 99)))).toBe(
      'specs/kalshi.lock.json#/lockVersion: unsupported lock version 99 (this codegen reads 1 and 2, and writes 2); run `npx codegen lock`',
    );
  });

  it('a hand-edited node, in any product', () => {
    const [id, product] = Object.entries(JSON.parse(committed).products).at(-1) as [string, any];
    const first = Object.keys(product.openapi.surface.operations)[0]!;
    expect(refusal(damaged((l) => delete l.products[id].openapi.surface.operations[first].method))).toBe(
      `specs/kalshi.lock.json#/products/${id}/openapi/surface/operations/${first}/method: expected a string`,
    );
    expect(refusal(damaged((l) => (l.products[root].asyncapi.surface.channels = [])))).toBe(
      `specs/kalshi.lock.json#/products/${root}/asyncapi/surface/channels: expected an object`,
    );
  });

  it('a product without its REST spec, or with a kind of spec there is not', () => {
    expect(refusal(damaged((l) => delete l.products[root].openapi))).toBe(
      `specs/kalshi.lock.json#/products/${root}/openapi: expected an object`,
    );
    expect(refusal(damaged((l) => (l.products[root].fix = {})))).toBe(
      `specs/kalshi.lock.json#/products/${root}/fix: expected "openapi" or "asyncapi"`,
    );
    expect(refusal(damaged((l) => (l.products = [])))).toBe('specs/kalshi.lock.json#/products: expected an object');
  });
});
