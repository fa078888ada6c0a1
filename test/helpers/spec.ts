import { type LoadedSpec, parseLoadedSpec, specYaml } from '../../generator/load/index.ts';
import { buildApiModel } from '../../generator/model/openapi.ts';
import type { ApiModel } from '../../generator/model/types.ts';

/** A minimal valid OpenAPI document, extended by each test with the construct under test. */
export function openapiDoc(
  extra: { paths?: object; schemas?: object; components?: object } = {},
): Record<string, unknown> {
  return {
    openapi: '3.0.0',
    info: { title: 'Test API', version: '1.2.3' },
    servers: [{ url: 'https://example.test/trade-api/v2' }],
    paths: extra.paths ?? {},
    components: {
      securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-KEY' } },
      schemas: extra.schemas ?? {},
      ...extra.components,
    },
  };
}

export function loaded(doc: object, location = 'inline.yaml'): LoadedSpec {
  return parseLoadedSpec({ location, text: specYaml(doc), sha256: '0'.repeat(64) });
}

export function model(doc: object): ApiModel {
  return buildApiModel(loaded(doc));
}

/**
 * The YAML lines of a "billion laughs" extension, `x-laughs`, to append to a document: level 0 is `width` strings,
 * each level above it `width` aliases of the one below, so that level n expands to about width^(n+1) nodes.
 */
export function laughs(levels: number, width = 9): string {
  const row = (item: string) => `[${Array<string>(width).fill(item).join(', ')}]`;
  const lines = ['x-laughs:', `  l0: &l0 ${row('lol')}`];
  for (let level = 1; level < levels; level++) lines.push(`  l${level}: &l${level} ${row(`*l${level - 1}`)}`);
  return `${lines.join('\n')}\n`;
}
