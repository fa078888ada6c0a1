import { isDeepStrictEqual } from 'node:util';
import { operationLocation, operationPartLocation, securitySchemeLocation } from '../surface/locations.ts';
import { unionKeys } from '../surface/sorted.ts';
import type { OperationSurface, RestSurface, Role, SecuritySchemeSurface } from '../surface/types.ts';
import type { Change } from './change.ts';
import { diffFieldMaps, type NodeFamily } from './fields.ts';
import { securityChangeBreaks } from './rules.ts';
import type { SchemaLookups } from './references.ts';
import { diffSchemas } from './schemas.ts';
import { diffServers } from './servers.ts';

const REQUEST: ReadonlySet<Role> = new Set(['request']);
const RESPONSE: ReadonlySet<Role> = new Set(['response']);

/** API changes between two REST surfaces. Operations are matched by operationId, the SDK's function name. */
export function diffRest(from: RestSurface, to: RestSurface, schemas: SchemaLookups): Change[] {
  const changes: Change[] = diffServers(from.servers, to.servers);
  for (const id of unionKeys(from.operations, to.operations)) {
    const [before, after] = [from.operations[id], to.operations[id]];
    if (!before) {
      changes.push({
        kind: 'operation.added',
        location: locate(after!),
        breaking: false,
        message: `operation ${id} added`,
      });
    } else if (!after) {
      changes.push({
        kind: 'operation.removed',
        location: locate(before),
        breaking: true,
        message: `operation ${id} removed`,
      });
    } else {
      changes.push(...diffOperation(id, before, after, schemas));
    }
  }
  changes.push(...diffSchemas(from.schemas, to.schemas, schemas));
  changes.push(...diffSecuritySchemes(from.securitySchemes, to.securitySchemes));
  return changes;
}

function diffOperation(
  id: string,
  before: OperationSurface,
  after: OperationSurface,
  schemas: SchemaLookups,
): Change[] {
  const location = locate(after);
  const changes: Change[] = [];
  if (before.method !== after.method || before.path !== after.path) {
    changes.push({
      kind: 'operation.moved',
      location,
      breaking: false,
      message: `operation ${id} moved from ${locate(before)}`,
    });
  }
  if (!!before.deprecated !== !!after.deprecated) {
    changes.push({
      kind: 'deprecation.changed',
      location,
      breaking: false,
      message: `operation ${id} ${after.deprecated ? 'deprecated' : 'no longer deprecated'}`,
    });
  }
  if (!isDeepStrictEqual(before.security, after.security)) {
    changes.push({
      kind: 'security.changed',
      location,
      breaking: securityChangeBreaks(before.security, after.security),
      message: `security changed from ${securityText(before.security)} to ${securityText(after.security)}`,
    });
  }
  changes.push(...diffPagination(location, before, after));
  changes.push(
    ...diffFieldMaps(before.fields, after.fields, {
      locate: (key) => operationPartLocation(location, key),
      rolesOf: (key) => (key.startsWith('response ') ? RESPONSE : REQUEST),
      familyOf: operationPartFamily,
      schemas,
    }),
  );
  return changes;
}

function operationPartFamily(key: string): NodeFamily {
  if (key.startsWith('response ')) return 'response';
  if (key === 'request') return 'request';
  return 'parameter';
}

function diffPagination(location: string, before: OperationSurface, after: OperationSurface): Change[] {
  const [was, is] = [before.pagination, after.pagination];
  if (isDeepStrictEqual(was, is)) return [];
  const text = (p: OperationSurface['pagination']) =>
    p ? `cursor parameter "${p.cursorParam}", cursor field "${p.cursorField}"` : 'none';
  return [
    {
      kind: 'pagination.changed',
      location,
      breaking: was !== undefined,
      message: `pagination changed from ${text(was)} to ${text(is)}`,
    },
  ];
}

function diffSecuritySchemes(
  from: Record<string, SecuritySchemeSurface>,
  to: Record<string, SecuritySchemeSurface>,
): Change[] {
  const changes: Change[] = [];
  for (const name of unionKeys(from, to)) {
    const [before, after] = [from[name], to[name]];
    const location = securitySchemeLocation(name);
    if (!before)
      changes.push({
        kind: 'security.scheme-added',
        location,
        breaking: false,
        message: `security scheme added (${schemeText(after!)})`,
      });
    else if (!after)
      changes.push({
        kind: 'security.scheme-removed',
        location,
        breaking: true,
        message: `security scheme removed (was ${schemeText(before)})`,
      });
    else if (!isDeepStrictEqual(before, after)) {
      changes.push({
        kind: 'security.scheme-changed',
        location,
        breaking: true,
        message: `security scheme changed from ${schemeText(before)} to ${schemeText(after)}`,
      });
    }
  }
  return changes;
}

function schemeText(s: SecuritySchemeSurface): string {
  return [s.type, s.in, s.name].filter(Boolean).join(' ');
}

function securityText(alternatives: string[]): string {
  if (alternatives.length === 0) return 'none';
  return alternatives.map((a) => (a === '' ? 'anonymous' : a)).join(' or ');
}

function locate(op: OperationSurface): string {
  return operationLocation(op.method, op.path);
}
