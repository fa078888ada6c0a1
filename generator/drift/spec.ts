import { SpecError } from '../errors.ts';
import { loadSpec, type LoadedSpec } from '../load/index.ts';
import { buildWsModel } from '../model/asyncapi.ts';
import { buildApiModel } from '../model/openapi.ts';
import { restSurface } from './surface/rest.ts';
import type { ApiKind, RestSpecSurface, SpecStamp, SpecSurface, WsSpecSurface } from './surface/types.ts';
import { wsSurface } from './surface/ws.ts';

/**
 * Reads a spec (file or URL) and reduces it to its surface. REST or WebSocket is told by the document itself;
 * with `expected`, a document of the other kind is an error.
 */
export async function loadSpecSurface(location: string, expected: 'openapi'): Promise<RestSpecSurface>;
export async function loadSpecSurface(location: string, expected: 'asyncapi'): Promise<WsSpecSurface>;
export async function loadSpecSurface(location: string, expected?: ApiKind): Promise<SpecSurface>;
export async function loadSpecSurface(location: string, expected?: ApiKind): Promise<SpecSurface> {
  return specSurface(await loadSpec(location), expected);
}

/** The surface of a loaded spec. */
export async function specSurface(spec: LoadedSpec, expected?: ApiKind): Promise<SpecSurface> {
  const kind = specKind(spec);
  if (expected && kind !== expected) {
    const want = expected === 'openapi' ? 'an OpenAPI (REST) spec' : 'an AsyncAPI (WebSocket) spec';
    throw new SpecError(
      spec.location,
      `/${kind}`,
      `expected ${want}, found ${kind === 'openapi' ? 'an OpenAPI' : 'an AsyncAPI'} document`,
    );
  }
  if (kind === 'openapi') {
    const model = buildApiModel(spec);
    return { kind, stamp: stamp(spec, model.spec.version), surface: restSurface(model) };
  }
  const model = await buildWsModel(spec);
  return { kind, stamp: stamp(spec, model.spec.version), surface: wsSurface(model) };
}

function stamp(spec: LoadedSpec, version: string): SpecStamp {
  return { source: spec.location, version, sha256: spec.sha256 };
}

export function specKind(spec: LoadedSpec): ApiKind {
  if (spec.document.openapi !== undefined) return 'openapi';
  if (spec.document.asyncapi !== undefined) return 'asyncapi';
  throw new SpecError(
    spec.location,
    '',
    'not an OpenAPI or AsyncAPI document (no "openapi" or "asyncapi" field at the top level)',
  );
}
