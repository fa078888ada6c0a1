import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { generate, type GenerateResult } from '../../generator/pipeline.ts';
import { defaultSpecs, loadProducts } from '../../generator/products.ts';

/**
 * Generates an SDK for a test into `.test-output/` inside the repository (git-ignored), where the generated
 * code's dependencies (undici, ws) resolve from the repository's node_modules as they would in a user's project.
 * With `products` (ids of specs/products.json), those products from their default specs; else the root product.
 */
export async function generateForTest(
  name: string,
  specs: { openapi?: string; asyncapi?: string } = {},
  options: { packageName?: string; products?: readonly string[] } = {},
): Promise<{ out: string; result: GenerateResult; cleanup: () => Promise<void> }> {
  const out = join(REPO_ROOT, '.test-output', `${name}-${process.pid}`);
  const { products: ids, ...rest } = options;
  const products = ids && loadProducts().filter((p) => ids.includes(p.id));
  const result = await generate({
    ...(products
      ? { products: products.map((product) => ({ product, ...defaultSpecs(product) })) }
      : { openapi: specs.openapi ?? DEFAULT_OPENAPI, asyncapi: specs.asyncapi ?? DEFAULT_ASYNCAPI }),
    out,
    ...rest,
  });
  return { out, result, cleanup: () => rm(out, { recursive: true, force: true }) };
}
