import type { QueryParamSpec } from '../../templates/runtime/query.ts';
import { SpecError, joinPointer } from '../errors.ts';
import { resolvePointer, type JsonObject, type LoadedSpec } from '../load/index.ts';
import { findAccountLimits } from './account-limits.ts';
import { operationCredential } from './credentials.ts';
import { rateLimitCost } from './rate-limits.ts';
import { checkSchemaCycles, toTypeModel, type SchemaContext } from './schema.ts';
import type {
  ApiModel,
  HttpMethod,
  NamedTypeModel,
  OperationModel,
  PaginationModel,
  ParameterModel,
  PropertyModel,
  RequestBodyModel,
  ResponseModel,
  SecuritySchemeModel,
  TypeModel,
} from './types.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The query parameter styles the SDK can send: exactly the runtime's (the compiler holds the two together). */
const QUERY_STYLES: { readonly [S in NonNullable<QueryParamSpec['style']>]: true } = {
  form: true,
  spaceDelimited: true,
  pipeDelimited: true,
};

export function isQueryStyle(style: string): style is NonNullable<QueryParamSpec['style']> {
  return Object.hasOwn(QUERY_STYLES, style);
}

/** Schema context plus the converted named schemas, so refs can be followed without converting again. */
interface BuildContext extends SchemaContext {
  types: Map<string, TypeModel>;
}

/** Builds the REST model from a loaded OpenAPI document. */
export function buildApiModel(spec: LoadedSpec): ApiModel {
  const { document: doc, location: file } = spec;
  const version =
    typeof doc.openapi === 'string' ? doc.openapi : typeof doc.swagger === 'string' ? 'swagger' : undefined;
  if (!version || !/^3\./.test(version)) {
    throw new SpecError(
      file,
      '/openapi',
      `not an OpenAPI 3.x document (found ${version ? `"${version}"` : 'no "openapi" field'})`,
    );
  }
  const info = objectAt(doc, 'info', '', file);
  if (typeof info.title !== 'string' || typeof info.version !== 'string') {
    throw new SpecError(file, '/info', 'info.title and info.version must be strings');
  }

  const rawSchemas = objectAt(objectAt(doc, 'components', '', file, true), 'schemas', '/components', file, true);
  const namedSchemas = new Map(
    Object.keys(rawSchemas).map((specName) => [`#${joinPointer('/components/schemas', specName)}`, specName]),
  );
  const ctx: SchemaContext = { file, document: doc, namedSchemas };
  const schemas: NamedTypeModel[] = Object.entries(rawSchemas).map(([specName, schema]) => ({
    specName,
    type: toTypeModel(schema, joinPointer('/components/schemas', specName), ctx),
  }));
  checkSchemaCycles(schemas, file);

  const types = new Map(schemas.map((s) => [s.specName, s.type]));
  const securitySchemes = buildSecuritySchemes(ctx);
  const operations = buildOperations(doc, { ...ctx, types });
  for (const op of operations) {
    const auth = operationCredential(op.security, securitySchemes, file, op.pointer);
    if (auth) op.auth = auth;
  }
  const accountLimits = findAccountLimits(operations, types);
  return {
    spec: { location: file, sha256: spec.sha256, title: info.title, version: info.version },
    description: typeof info.description === 'string' ? info.description.trim() : undefined,
    servers: Array.isArray(doc.servers)
      ? doc.servers.flatMap((s) =>
          s && typeof s === 'object' && typeof (s as JsonObject).url === 'string'
            ? [(s as JsonObject).url as string]
            : [],
        )
      : [],
    schemas,
    operations,
    securitySchemes,
    ...(accountLimits && { accountLimits }),
  };
}

function buildOperations(doc: JsonObject, ctx: BuildContext): OperationModel[] {
  const { file } = ctx;
  const paths = objectAt(doc, 'paths', '', file);
  const seen = new Map<string, string>();
  const operations: OperationModel[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = joinPointer('/paths', path);
    const [pathItem] = derefWithPointer(rawItem, itemPointer, ctx, 'path item');
    for (const method of METHODS) {
      if (pathItem[method] === undefined) continue;
      const pointer = joinPointer(itemPointer, method);
      const op = pathItem[method] as JsonObject;
      if (typeof op.operationId !== 'string' || !op.operationId.trim()) {
        throw new SpecError(
          file,
          pointer,
          `missing operationId for ${method.toUpperCase()} ${path}: every operation needs one to name its function`,
        );
      }
      const operationId = op.operationId;
      const earlier = seen.get(operationId);
      if (earlier)
        throw new SpecError(
          file,
          joinPointer(pointer, 'operationId'),
          `duplicate operationId "${operationId}" (also at #${earlier})`,
        );
      seen.set(operationId, pointer);
      operations.push(buildOperation(doc, ctx, { path, method, op, pointer, pathItem, itemPointer }));
    }
  }
  return operations;
}

interface OperationSite {
  path: string;
  method: (typeof METHODS)[number];
  op: JsonObject;
  pointer: string;
  pathItem: JsonObject;
  itemPointer: string;
}

function buildOperation(doc: JsonObject, ctx: BuildContext, site: OperationSite): OperationModel {
  const { op, pointer, path } = site;
  const operationId = op.operationId as string;
  const parameters = buildParameters(ctx, site);
  const requestBody =
    op.requestBody === undefined
      ? undefined
      : buildRequestBody(ctx, op.requestBody, joinPointer(pointer, 'requestBody'), parameters);
  if (op.responses === undefined) {
    throw new SpecError(
      ctx.file,
      pointer,
      `${site.method.toUpperCase()} ${path} has no "responses": an operation needs at least one, to type what it returns`,
    );
  }
  const responses = buildResponses(ctx, op.responses, joinPointer(pointer, 'responses'));
  const success = pickSuccess(responses);
  const security = readSecurity(op.security ?? doc.security, ctx.file, pointer);

  for (const p of parameters.filter((p) => p.in === 'path')) {
    if (!path.includes(`{${p.name}}`)) {
      throw new SpecError(ctx.file, pointer, `path parameter "${p.name}" does not appear in the path ${path}`);
    }
  }
  for (const [, placeholder] of path.matchAll(/\{([^}]+)\}/g)) {
    if (!parameters.some((p) => p.in === 'path' && p.name === placeholder)) {
      throw new SpecError(ctx.file, pointer, `path ${path} has {${placeholder}} but no path parameter of that name`);
    }
  }

  const model: OperationModel = {
    operationId,
    method: site.method.toUpperCase() as HttpMethod,
    path,
    summary: text(op.summary),
    description: text(op.description),
    tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
    deprecated: op.deprecated === true,
    requiresAuth: security.length > 0 && !security.some((req) => req.length === 0),
    security,
    parameters,
    requestBody,
    success,
    responses,
    pointer,
  };
  const pagination = detectPagination(model, ctx);
  if (pagination) model.pagination = pagination;
  const bodyArrays = requestBody
    ? (objectFields(requestBody.type, ctx)?.properties ?? []).filter((f) => resolveType(f.type, ctx).kind === 'array')
    : [];
  const mint = op['x-mint'] as { content?: unknown } | undefined;
  const rateLimit = rateLimitCost(
    operationId,
    [op.description, mint?.content],
    bodyArrays.map((f) => f.name),
  );
  if (rateLimit.cost !== undefined || rateLimit.perItem !== undefined) model.rateLimit = rateLimit;
  const idempotencyKey = requestBody && findIdempotencyKey(requestBody, ctx);
  if (idempotencyKey) model.idempotencyKey = idempotencyKey;
  return model;
}

/**
 * The request body field that makes a retry safe, found from the spec rather than from operation names: the first
 * string property named like an id the client assigns (`client_order_id`, `client_transfer_id`: `client_…_id`), or
 * described as being there for idempotency or deduplication.
 */
function findIdempotencyKey(body: RequestBodyModel, ctx: BuildContext): string | undefined {
  const properties = objectFields(body.type, ctx)?.properties ?? [];
  return properties.find(
    (f) =>
      resolveType(f.type, ctx).kind === 'string' &&
      (/^client_\w+_id$/.test(f.name) || /idempoten|dedup/i.test(f.type.description ?? '')),
  )?.name;
}

function buildParameters(ctx: SchemaContext, site: OperationSite): ParameterModel[] {
  const byKey = new Map<string, ParameterModel>();
  const read = (list: unknown, listPointer: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) throw new SpecError(ctx.file, listPointer, 'parameters must be an array');
    list.forEach((raw, i) => {
      const p = buildParameter(ctx, raw, joinPointer(listPointer, i));
      byKey.set(`${p.in}:${p.name}`, p);
    });
  };
  // Operation-level parameters override path-level ones with the same name and location.
  read(site.pathItem.parameters, joinPointer(site.itemPointer, 'parameters'));
  read(site.op.parameters, joinPointer(site.pointer, 'parameters'));
  const parameters = [...byKey.values()];
  const byName = new Map<string, ParameterModel>();
  for (const p of parameters) {
    const other = byName.get(p.name);
    if (other) {
      throw new SpecError(
        ctx.file,
        joinPointer(site.pointer, 'parameters'),
        `parameter "${p.name}" is declared both in ${other.in} and in ${p.in}; the params object needs unique names`,
      );
    }
    byName.set(p.name, p);
  }
  return parameters;
}

function buildParameter(ctx: SchemaContext, raw: unknown, pointer: string): ParameterModel {
  const [p, at] = derefWithPointer(raw, pointer, ctx, 'parameter');
  if (typeof p.name !== 'string' || !p.name) throw new SpecError(ctx.file, at, 'parameter needs a name');
  if (p.in === 'cookie')
    throw new SpecError(ctx.file, joinPointer(at, 'in'), `unsupported cookie parameter "${p.name}"`);
  if (p.in !== 'path' && p.in !== 'query' && p.in !== 'header') {
    throw new SpecError(
      ctx.file,
      joinPointer(at, 'in'),
      `parameter "${p.name}" has unknown location ${JSON.stringify(p.in)}`,
    );
  }
  if (p.schema === undefined) {
    throw new SpecError(
      ctx.file,
      at,
      `unsupported parameter "${p.name}" without a schema (parameter "content" is not supported)`,
    );
  }
  const style = typeof p.style === 'string' ? p.style : p.in === 'query' ? 'form' : 'simple';
  if (p.in === 'query' && !isQueryStyle(style)) {
    throw new SpecError(
      ctx.file,
      joinPointer(at, 'style'),
      `unsupported query parameter style "${style}" for "${p.name}"`,
    );
  }
  return {
    name: p.name,
    in: p.in,
    required: p.in === 'path' ? true : p.required === true,
    type: toTypeModel(p.schema, joinPointer(at, 'schema'), ctx),
    description: text(p.description),
    deprecated: p.deprecated === true || undefined,
    style,
    explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
  };
}

function buildRequestBody(
  ctx: BuildContext,
  raw: unknown,
  pointer: string,
  parameters: ParameterModel[],
): RequestBodyModel {
  const [body, at] = derefWithPointer(raw, pointer, ctx, 'request body');
  const content = (body.content ?? {}) as JsonObject;
  const contentType = Object.keys(content).find(isJson);
  if (!contentType) {
    const found = Object.keys(content).join(', ') || 'none';
    throw new SpecError(
      ctx.file,
      joinPointer(at, 'content'),
      `unsupported request body content type (${found}); only JSON bodies are supported`,
    );
  }
  const media = content[contentType] as JsonObject;
  const type = toTypeModel(media.schema, joinPointer(at, 'content', contentType, 'schema'), ctx);
  const model: RequestBodyModel = { required: body.required === true, contentType, type };
  const fields = objectFields(type, ctx);
  const taken = new Set(parameters.map((p) => p.name));
  if (fields && !fields.additional && !fields.properties.some((f) => taken.has(f.name) || f.name === 'body')) {
    model.fields = fields.properties.map((f) => f.name);
  }
  return model;
}

function buildResponses(ctx: SchemaContext, raw: unknown, pointer: string): ResponseModel[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new SpecError(ctx.file, pointer, 'responses must be a mapping');
  if (Object.keys(raw).length === 0)
    throw new SpecError(ctx.file, pointer, 'responses is empty: an operation needs at least one response');
  return Object.entries(raw as JsonObject).map(([status, value]) => {
    const [response, at] = derefWithPointer(value, joinPointer(pointer, status), ctx, 'response');
    const content = (response.content ?? {}) as JsonObject;
    const contentType = Object.keys(content).find(isJson);
    const schema = contentType ? (content[contentType] as JsonObject | null)?.schema : undefined;
    return {
      status,
      description: text(response.description),
      type:
        schema === undefined ? undefined : toTypeModel(schema, joinPointer(at, 'content', contentType!, 'schema'), ctx),
    };
  });
}

/** The 2xx response an operation resolves with: the lowest explicit 2xx code, else `2XX`, else `default`. */
function pickSuccess(responses: ResponseModel[]): ResponseModel {
  const explicit = responses.filter((r) => /^2\d\d$/.test(r.status)).sort((a, b) => a.status.localeCompare(b.status));
  return (
    explicit[0] ??
    responses.find((r) => r.status.toUpperCase() === '2XX') ??
    responses.find((r) => r.status === 'default') ?? { status: '200' }
  );
}

function readSecurity(raw: unknown, file: string, pointer: string): string[][] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new SpecError(file, joinPointer(pointer, 'security'), 'security must be an array');
  return raw.map((req) => Object.keys((req ?? {}) as JsonObject).sort());
}

function buildSecuritySchemes(ctx: SchemaContext): SecuritySchemeModel[] {
  const components = (ctx.document.components ?? {}) as JsonObject;
  const schemes = (components.securitySchemes ?? {}) as JsonObject;
  return Object.entries(schemes).map(([name, raw]) => {
    const [s, at] = derefWithPointer(raw, joinPointer('/components/securitySchemes', name), ctx, 'security scheme');
    if (typeof s.type !== 'string') throw new SpecError(ctx.file, at, 'security scheme needs a type');
    return {
      name,
      type: s.type,
      scheme: typeof s.scheme === 'string' ? s.scheme : undefined,
      in: typeof s.in === 'string' ? s.in : undefined,
      paramName: typeof s.name === 'string' ? s.name : undefined,
      description: text(s.description),
    };
  });
}

/**
 * Cursor pagination, found from the spec's shape rather than names of operations: a `cursor` query parameter,
 * a string field in the success body named like the parameter (or ending in `cursor`), and the body's arrays.
 */
function detectPagination(op: OperationModel, ctx: BuildContext): PaginationModel | undefined {
  const cursorParam = op.parameters.find((p) => p.in === 'query' && p.name === 'cursor');
  if (!cursorParam || !op.success.type) return undefined;
  const body = objectFields(op.success.type, ctx);
  if (!body) return undefined;
  const isString = (f: PropertyModel) => resolveType(f.type, ctx).kind === 'string';
  const cursorField =
    body.properties.find((f) => f.name === cursorParam.name && isString(f)) ??
    body.properties.find((f) => /(^|_)cursor$/.test(f.name) && isString(f));
  const itemFields = body.properties.filter((f) => resolveType(f.type, ctx).kind === 'array').map((f) => f.name);
  if (!cursorField || itemFields.length === 0) return undefined;
  return { cursorParam: cursorParam.name, cursorField: cursorField.name, itemFields };
}

/** Follows named refs to the underlying type. */
function resolveType(type: TypeModel, ctx: BuildContext): TypeModel {
  let current = type;
  for (let guard = 0; current.kind === 'ref' && guard < 100; guard++) {
    const next = ctx.types.get(current.schema);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The flattened properties of an object type (following refs and allOf); undefined when it is not an object. */
function objectFields(
  type: TypeModel,
  ctx: BuildContext,
): { properties: PropertyModel[]; additional: boolean } | undefined {
  const t = resolveType(type, ctx);
  if (t.kind === 'object') return { properties: t.properties, additional: t.additionalProperties !== undefined };
  if (t.kind === 'allOf') {
    const parts = t.parts.map((p) => objectFields(p, ctx));
    if (parts.some((p) => !p)) return undefined;
    const byName = new Map<string, PropertyModel>();
    for (const part of parts)
      for (const prop of part!.properties)
        byName.set(prop.name, { ...prop, required: prop.required || byName.get(prop.name)?.required === true });
    return { properties: [...byName.values()], additional: parts.some((p) => p!.additional) };
  }
  return undefined;
}

function isJson(contentType: string): boolean {
  return /^application\/(.+\+)?json\b/i.test(contentType) || contentType === '*/*';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Where the objects a `$ref` outside a schema may stand for are kept, as patterns of their pointers. */
const PLACES = {
  'path item': [/^\/paths\/[^/]+$/, /^\/components\/pathItems\/[^/]+$/],
  parameter: [/^\/components\/parameters\/[^/]+$/, /^\/paths\/[^/]+(\/[^/]+)?\/parameters\/\d+$/],
  'request body': [/^\/components\/requestBodies\/[^/]+$/, /^\/paths\/[^/]+\/[^/]+\/requestBody$/],
  response: [/^\/components\/responses\/[^/]+$/, /^\/paths\/[^/]+\/[^/]+\/responses\/[^/]+$/],
  'security scheme': [/^\/components\/securitySchemes\/[^/]+$/],
};

/**
 * Follows `$ref`s of non-schema objects (parameters, responses, bodies), returning the target and where it is. Each
 * ref must point at an object of the kind expected (`#/components/responses/…` for a response); the load checked
 * that it exists and that refs do not go round in circles.
 */
function derefWithPointer(
  value: unknown,
  pointer: string,
  ctx: SchemaContext,
  kind: keyof typeof PLACES,
): [JsonObject, string] {
  let current = value;
  let at = pointer;
  while (current && typeof current === 'object' && typeof (current as JsonObject).$ref === 'string') {
    const ref = (current as JsonObject).$ref as string;
    if (!PLACES[kind].some((place) => place.test(ref.slice(1)))) {
      throw new SpecError(ctx.file, joinPointer(at, '$ref'), `$ref "${ref}" does not point at a ${kind}`);
    }
    at = ref.slice(1);
    current = resolvePointer(ctx.document, at);
  }
  if (current === null || typeof current !== 'object' || Array.isArray(current)) {
    throw new SpecError(ctx.file, at, 'expected a mapping');
  }
  return [current as JsonObject, at];
}

function objectAt(parent: JsonObject, key: string, pointer: string, file: string, optional = false): JsonObject {
  const value = parent[key];
  if (value === undefined && optional) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SpecError(
      file,
      joinPointer(pointer, key),
      value === undefined ? `missing "${key}"` : `"${key}" must be a mapping`,
    );
  }
  return value as JsonObject;
}
