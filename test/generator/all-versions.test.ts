import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/load/index.ts';
import { publishedSpecFiles } from '../../generator/load/versions.ts';
import { generateForTest } from '../helpers/generated.ts';

const versions = publishedSpecFiles('openapi');

describe('generation from every published REST spec', () => {
  it('finds the published history', () => {
    expect(versions.length).toBeGreaterThanOrEqual(12);
  });

  // generate() type-checks under strict and fails on any error, so success here means the SDK compiles.
  it.each(versions.map((file) => [basename(file), file]))(
    '%s: type-checks and has one function and one client method per operationId',
    async (name, file) => {
      const spec = await loadSpec(file);
      const operationIds: string[] = [];
      for (const item of Object.values(
        spec.document.paths as Record<string, Record<string, { operationId?: string }>>,
      )) {
        for (const [method, op] of Object.entries(item))
          if (method !== 'parameters' && op.operationId) operationIds.push(op.operationId);
      }
      const { result, cleanup } = await generateForTest(`version-${name}`, { openapi: file });
      try {
        const operations = result.files.get('dist/operations.d.ts')!;
        const client = result.files.get('dist/client.d.ts')!;
        const declared = [...operations.matchAll(/^export declare function (\w+)\(/gm)].map((m) => m[1]);
        expect(declared).toHaveLength(operationIds.length);
        for (const id of operationIds) {
          const names = result.plan.rest.operation(id);
          expect(declared).toContain(names.function);
          expect(client).toMatch(new RegExp(`^    ${names.method}\\(`, 'm'));
        }
        expect(result.files.get('src/types.ts')).toContain(
          `Spec: ${result.api.spec.title} ${result.api.spec.version}, sha256 ${spec.sha256}`,
        );
      } finally {
        await cleanup();
      }
    },
  );
});
