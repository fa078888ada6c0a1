import { SpecError } from '../errors.ts';
import { loadSpec, type LoadedSpec } from '../load/index.ts';
import { buildApiModel } from '../model/openapi.ts';
import { restSurface } from './surface/rest.ts';
import type { ApiKind, SpecSurface } from './surface/types.ts';

/** Reads a spec (file or URL) and reduces it to its surface. */
export async function loadSpecSurface(location: string, expected?: ApiKind): Promise<SpecSurface> {
  return specSurface(await loadSpec(location), expected);
}

/** The surface of a loaded spec; REST or WebSocket is told by the document itself. */
export function specSurface(spec: LoadedSpec, expected?: ApiKind): SpecSurface {
  const kind = specKind(spec);
  if (expected && kind !== expected) {
    const want = expected === 'openapi' ? 'an OpenAPI (REST) spec' : 'an AsyncAPI (WebSocket) spec';
    throw new SpecError(spec.location, `/${kind}`, `expected ${want}, found ${kind === 'openapi' ? 'an OpenAPI' : 'an AsyncAPI'} document`);
  }
  const model = buildApiModel(spec);
  return { kind: 'openapi', stamp: { source: spec.location, version: model.spec.version, sha256: spec.sha256 }, surface: restSurface(model) };
}

export function specKind(spec: LoadedSpec): ApiKind {
  if (spec.document.openapi !== undefined) return 'openapi';
  if (spec.document.asyncapi !== undefined) return 'asyncapi';
  throw new SpecError(spec.location, '', 'not an OpenAPI or AsyncAPI document (no "openapi" or "asyncapi" field at the top level)');
}
