import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { generate, type GenerateResult, type ProductSpecs } from '../../generator/pipeline.ts';

/**
 * Generates an SDK for a test into `.test-output/` inside the repository (git-ignored), where the generated
 * code's dependencies (undici, ws) resolve from the repository's node_modules as they would in a user's project.
 * `products` builds those products into one package; without it, the root product alone from `openapi`/`asyncapi`.
 */
export async function generateForTest(
  name: string,
  specs: { openapi?: string; asyncapi?: string; products?: readonly ProductSpecs[] } = {},
  options: { packageName?: string } = {},
): Promise<{ out: string; result: GenerateResult; cleanup: () => Promise<void> }> {
  const out = join(REPO_ROOT, '.test-output', `${name}-${process.pid}`);
  const result = await generate({
    ...(specs.products
      ? { products: specs.products }
      : { openapi: specs.openapi ?? DEFAULT_OPENAPI, asyncapi: specs.asyncapi ?? DEFAULT_ASYNCAPI }),
    out,
    ...options,
  });
  return { out, result, cleanup: () => rm(out, { recursive: true, force: true }) };
}
