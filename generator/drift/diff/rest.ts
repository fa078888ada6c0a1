import { isDeepStrictEqual } from 'node:util';
import { operationLocation, operationPartLocation, securitySchemeLocation } from '../surface/locations.ts';
import type { OperationSurface, RestSurface, Role, SecuritySchemeSurface } from '../surface/types.ts';
import type { Change } from './change.ts';
import { diffFieldMaps, type NodeFamily } from './fields.ts';
import { diffElements } from './keyed.ts';
import { securityChangeBreaks } from './rules.ts';
import type { SchemaLookups } from './references.ts';
import { diffSchemas } from './schemas.ts';
import { diffServers } from './servers.ts';

const REQUEST: ReadonlySet<Role> = new Set(['request']);
const RESPONSE: ReadonlySet<Role> = new Set(['response']);

/** API changes between two REST surfaces. Operations are matched by operationId, the SDK's function name. */
export function diffRest(from: RestSurface, to: RestSurface, schemas: SchemaLookups): Change[] {
  return [
    ...diffServers(from.servers, to.servers),
    ...diffOperations(from.operations, to.operations, schemas),
    ...diffSchemas(from.schemas, to.schemas, schemas),
    ...diffSecuritySchemes(from.securitySchemes, to.securitySchemes),
  ];
}

function diffOperations(
  from: Record<string, OperationSurface>,
  to: Record<string, OperationSurface>,
  schemas: SchemaLookups,
): Change[] {
  return diffElements(from, to, {
    kinds: ['operation.added', 'operation.removed'],
    locate: (_, op) => locate(op),
    added: (id) => `operation ${id} added`,
    removed: (id) => `operation ${id} removed`,
    both: (id, before, after) => diffOperation(id, before, after, schemas),
  });
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
  return diffElements(from, to, {
    kinds: ['security.scheme-added', 'security.scheme-removed'],
    locate: securitySchemeLocation,
    added: (_, after) => `security scheme added (${schemeText(after)})`,
    removed: (_, before) => `security scheme removed (was ${schemeText(before)})`,
    both: (name, before, after) =>
      isDeepStrictEqual(before, after)
        ? undefined
        : {
            kind: 'security.scheme-changed',
            location: securitySchemeLocation(name),
            breaking: true,
            message: `security scheme changed from ${schemeText(before)} to ${schemeText(after)}`,
          },
  });
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
