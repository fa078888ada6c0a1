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
