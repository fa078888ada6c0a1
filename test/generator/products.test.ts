import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foundProductSpecs, loadProducts } from '../../generator/products.ts';

let specsDir: string;

beforeAll(async () => {
  specsDir = await mkdtemp(join(tmpdir(), 'kalshi-products-'));
});
afterAll(async () => {
  if (specsDir) await rm(specsDir, { recursive: true, force: true });
});

describe('foundProductSpecs', () => {
  it('lists the products whose REST spec is in the folder, in configuration order, with their specs there', async () => {
    const [root, ...others] = loadProducts();
    const last = others.at(-1)!;
    for (const product of [root!, last]) {
      await mkdir(join(specsDir, product.specs.openapi, '..'), { recursive: true });
      await writeFile(join(specsDir, product.specs.openapi), 'openapi: 3.0.0\n');
    }
    const found = foundProductSpecs(loadProducts(), specsDir);
    expect(found.map((f) => f.product.id)).toEqual([root!.id, last.id]);
    expect(found[1]).toEqual({
      product: last,
      openapi: join(specsDir, last.specs.openapi),
      ...(last.specs.asyncapi && { asyncapi: join(specsDir, last.specs.asyncapi) }),
    });
  });

  it('finds none in an empty folder', async () => {
    expect(foundProductSpecs(loadProducts(), join(specsDir, 'empty'))).toEqual([]);
  });
});

describe('loadProducts', () => {
  const product = (patch: object = {}) => ({
    id: 'one',
    title: 'One exchange',
    name: 'One',
    entry: '.',
    envPrefix: 'ONE',
    specs: { openapi: 'one.yaml' },
    ...patch,
  });
  const load = async (config: unknown) => {
    const file = join(specsDir, `products-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, typeof config === 'string' ? config : JSON.stringify(config));
    return () => loadProducts(file);
  };

  it('reads the products, the root one first', async () => {
    const read = await load({
      products: [product({ id: 'two', name: 'Two', entry: 'two', envPrefix: 'TWO' }), product()],
    });
    expect(read().map((p) => p.id)).toEqual(['one', 'two']);
  });

  it.each([
    ['no products', { products: [] }, '/products', 'must be a non-empty array of products'],
    ['a bad id', { products: [product({ id: 'One' })] }, '/products/0/id', 'must be a lowercase identifier'],
    ['a bad name', { products: [product({ name: 'one' })] }, '/products/0/name', 'must be a PascalCase identifier'],
    ['no REST spec', { products: [product({ specs: {} })] }, '/products/0/specs/openapi', 'is required'],
    [
      "the runtime's folder as an entry",
      { products: [product(), product({ id: 'b', name: 'B', entry: 'runtime', envPrefix: 'B' })] },
      '/products/1/entry',
      'is a folder or entry of the shared runtime',
    ],
    [
      'two products with one id',
      { products: [product(), product({ name: 'B', entry: 'b', envPrefix: 'B' })] },
      '/products/1/id',
      "is product 0's id too",
    ],
    [
      'no root entry',
      { products: [product({ entry: 'one' })] },
      '/products',
      'exactly one product must have the entry "."',
    ],
    [
      'a demo host that is not a host',
      { products: [product({ demoHosts: { 'api.one.example': 'https://demo.one.example' } })] },
      '/products/0/demoHosts/api.one.example',
      'must map a host name to a host name',
    ],
  ])('refuses %s, naming the file and the JSON pointer', async (_, config, pointer, problem) => {
    const read = await load(config);
    expect(read).toThrow(`#${pointer}: `);
    expect(read).toThrow(problem);
  });

  it('refuses a file that is not JSON, naming it', async () => {
    const read = await load('{ products: ');
    expect(read).toThrow(/products-\w+\.json: cannot read the product configuration/);
  });
});
