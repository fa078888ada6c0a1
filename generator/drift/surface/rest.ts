import type { ApiModel, OperationModel } from '../../model/types.ts';
import { INFO_LOCATION, operationLocation, operationPartLocation, securitySchemeLocation } from './locations.ts';
import { addFingerprint, ShapeFlattener } from './shape.ts';
import { schemaSurfaces } from './schemas.ts';
import { sortedRecord, sortedUnique } from './sorted.ts';
import type { OperationSurface, RestSurface, Role, SecuritySchemeSurface } from './types.ts';

/** The normalised surface of a REST API, from its model. */
export function restSurface(model: ApiModel): RestSurface {
  const documentation: Record<string, string> = {};
  const directRefs: Record<Role, Set<string>> = { request: new Set(), response: new Set() };

  const operations: Record<string, OperationSurface> = {};
  for (const op of model.operations) {
    operations[op.operationId] = operationSurface(op, documentation, directRefs);
  }

  const securitySchemes: Record<string, SecuritySchemeSurface> = {};
  for (const scheme of model.securitySchemes) {
    const surface: SecuritySchemeSurface = { type: scheme.type };
    if (scheme.in !== undefined) surface.in = scheme.in;
    if (scheme.paramName !== undefined) surface.name = scheme.paramName;
    securitySchemes[scheme.name] = surface;
    addFingerprint(documentation, securitySchemeLocation(scheme.name), scheme.description);
  }
  addFingerprint(documentation, INFO_LOCATION, model.description);

  return {
    servers: sortedUnique(model.servers),
    operations: sortedRecord(operations),
    schemas: schemaSurfaces(model.schemas, documentation, directRefs),
    securitySchemes: sortedRecord(securitySchemes),
    documentation: sortedRecord(documentation),
  };
}

function operationSurface(
  op: OperationModel,
  documentation: Record<string, string>,
  directRefs: Record<Role, Set<string>>,
): OperationSurface {
  const location = operationLocation(op.method, op.path);
  const request = new ShapeFlattener(documentation, (key) => operationPartLocation(location, key));
  for (const p of op.parameters) {
    request.add(p.type, `${p.in}.${p.name}`, { required: p.required, deprecated: p.deprecated, doc: [p.description] });
  }
  if (op.requestBody) request.add(op.requestBody.type, 'request', { required: op.requestBody.required });

  const response = new ShapeFlattener(documentation, (key) => operationPartLocation(location, key));
  for (const r of op.responses) {
    const key = `response ${r.status}`;
    if (r.type) response.add(r.type, key, { doc: [r.description] });
    else response.addNone(key, [r.description]);
  }
  for (const name of request.refs) directRefs.request.add(name);
  for (const name of response.refs) directRefs.response.add(name);
  addFingerprint(documentation, location, op.summary, op.description);

  return {
    method: op.method,
    path: op.path,
    ...(op.deprecated ? { deprecated: true } : {}),
    security: sortedUnique(op.security.map((requirement) => requirement.join('+'))),
    ...(op.pagination
      ? { pagination: { cursorParam: op.pagination.cursorParam, cursorField: op.pagination.cursorField } }
      : {}),
    fields: sortedRecord({ ...request.fields, ...response.fields }),
  };
}
