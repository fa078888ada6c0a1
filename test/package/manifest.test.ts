import { describe, expect, it } from 'vitest';
import type { SdkPlan } from '../../generator/plan/index.ts';
import { loadProducts, productDir } from '../../generator/products.ts';
import { packageManifest } from '../../generator/targets/typescript/manifest.ts';

/** What the manifest reads of a product's plan. */
function planOf(id: string): SdkPlan {
  const product = loadProducts().find((p) => p.id === id)!;
  const spec = { location: `${id}.yaml`, sha256: '0'.repeat(64), title: `${product.title} API`, version: '1.2.3' };
  return { product, dir: productDir(product), models: { api: { spec }, ws: undefined } } as unknown as SdkPlan;
}

describe('the package manifest', () => {
  const [root, ...others] = loadProducts().map((p) => p.id);

  it("has an entry and a browser entry per product, the root product's at `.`", () => {
    const manifest = packageManifest([root!, ...others].map(planOf), 'kalshi-sdk', new Map());
    const entries = others.map((id) => planOf(id).product.entry);
    const subpaths = entries.flatMap((entry) => [`./${entry}`, `./${entry}/browser`]);
    expect(Object.keys(manifest.exports)).toEqual(['.', './browser', ...subpaths, './testing', './package.json']);
    expect(manifest.main).toBe('./dist/index.js');
    expect(manifest.kalshiCodegen.products.map((p) => p.id)).toEqual([root, ...others]);
  });

  it('points `main` and `types` at no root entry when the package has none', () => {
    const plan = planOf(others[0]!);
    const { entry } = plan.product;
    const manifest = packageManifest([plan], 'kalshi-sdk', new Map());
    expect(Object.keys(manifest.exports)).toEqual([`./${entry}`, `./${entry}/browser`, './testing', './package.json']);
    expect(manifest).not.toHaveProperty('main');
    expect(manifest).not.toHaveProperty('types');
  });
});
