import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { generate, type GenerateResult } from '../../generator/pipeline.ts';

/**
 * Generates an SDK for a test into `.test-output/` inside the repository (git-ignored), where the generated
 * code's dependencies (undici, ws) resolve from the repository's node_modules as they would in a user's project.
 */
export async function generateForTest(
  name: string,
  specs: { openapi?: string; asyncapi?: string } = {},
  options: { packageName?: string } = {},
): Promise<{ out: string; result: GenerateResult; cleanup: () => Promise<void> }> {
  const out = join(REPO_ROOT, '.test-output', `${name}-${process.pid}`);
  const result = await generate({
    openapi: specs.openapi ?? DEFAULT_OPENAPI,
    asyncapi: specs.asyncapi ?? DEFAULT_ASYNCAPI,
    out,
    ...options,
  });
  return { out, result, cleanup: () => rm(out, { recursive: true, force: true }) };
}
