import { stringify } from 'yaml';
import { parseLoadedSpec, type LoadedSpec } from '../../generator/load/index.ts';
import { buildApiModel, type ApiModelOptions } from '../../generator/model/openapi.ts';
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
  return parseLoadedSpec({ location, text: stringify(doc), sha256: '0'.repeat(64) });
}

export function model(doc: object, options?: ApiModelOptions): ApiModel {
  return buildApiModel(loaded(doc), options);
}
