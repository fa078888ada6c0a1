import { UsageError } from '../../errors.ts';
import { isUrl } from '../../load/index.ts';
import type { SpecSurface } from '../surface/types.ts';
import type { Change, DocumentationChange, DriftReport, ReportSide, SpecLocation } from './change.ts';
import { diffDocumentation } from './documentation.ts';
import { schemaLookups } from './references.ts';
import { diffRest } from './rest.ts';
import { diffWs } from './ws.ts';

export type {
  Change,
  ChangeKind,
  DocumentationChange,
  DriftReport,
  FailOn,
  ReportSide,
  ReportSource,
  SpecLocation,
} from './change.ts';
export { CHANGE_KINDS, reportFails } from './change.ts';

/** Compares two surfaces of the same kind of spec (both REST or both WebSocket). */
export function compareSurfaces(from: SpecSurface, to: SpecSurface): DriftReport {
  let changes: Change[];
  const schemas = schemaLookups(from.surface.schemas, to.surface.schemas);
  if (from.kind === 'openapi' && to.kind === 'openapi') changes = diffRest(from.surface, to.surface, schemas);
  else if (from.kind === 'asyncapi' && to.kind === 'asyncapi') changes = diffWs(from.surface, to.surface, schemas);
  else {
    throw new UsageError(
      `cannot compare ${describeKind(from)} (${from.stamp.source}) with ${describeKind(to)} (${to.stamp.source}): both must be the same kind of spec`,
    );
  }
  const documentation = diffDocumentation(
    from.surface.documentation,
    to.surface.documentation,
    changes,
    schemas.readThrough,
  );
  return {
    spec: to.kind,
    from: reportSide(from),
    to: reportSide(to),
    changes: sortByLocation(changes),
    documentation: sortByLocation(documentation),
  };
}

/** Where a surface was read from (a spec, or the lock that recorded one), which version and bytes. */
export function reportSide({ stamp }: SpecSurface): ReportSide {
  const spec: SpecLocation = { kind: isUrl(stamp.source) ? 'url' : 'file', location: stamp.source };
  const source = stamp.lock === undefined ? spec : { kind: 'lock' as const, location: stamp.lock, recordedFrom: spec };
  return { source, version: stamp.version, sha256: stamp.sha256 };
}

function describeKind(s: SpecSurface): string {
  return s.kind === 'openapi' ? 'an OpenAPI (REST) spec' : 'an AsyncAPI (WebSocket) spec';
}

const collator = new Intl.Collator('en', { numeric: true });

function sortByLocation<T extends Change | DocumentationChange>(changes: T[]): T[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => collator.compare(a.change.location, b.change.location) || a.index - b.index)
    .map(({ change }) => change);
}
