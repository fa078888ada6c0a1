/**
 * Independent reading of Kalshi's real spec history, for checking the drift engine against it. Nothing here uses
 * the engine, the surface or the model: facts come straight from the parsed documents, so that an engine bug
 * cannot hide behind the same bug in the expectation.
 */
import { isDeepStrictEqual } from 'node:util';
import type { JsonObject } from '../../generator/load/index.ts';
import { publishedSpecFiles } from '../../generator/load/versions.ts';

export type Doc = JsonObject;

/** The captures of one kind, oldest first. */
export const versionFiles = (kind: 'openapi' | 'asyncapi'): string[] => publishedSpecFiles(kind);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function at(doc: unknown, ...keys: string[]): unknown {
  let node = doc;
  for (const key of keys) node = node && typeof node === 'object' ? (node as JsonObject)[key] : undefined;
  return node;
}

function obj(value: unknown): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** Follows a `$ref` (not into named schemas' content: those are compared as schemas). */
function follow(doc: Doc, node: unknown): unknown {
  let current = node;
  for (let guard = 0; guard < 50 && obj(current).$ref; guard++) {
    current = at(
      doc,
      ...String(obj(current).$ref)
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
    );
  }
  return current;
}

// ---- REST ---------------------------------------------------------------------------------------------------

export interface RawOperation {
  id: string;
  location: string;
  node: JsonObject;
  /** `in.name` → required. */
  params: Map<string, boolean>;
}

export function rawOperations(doc: Doc): Map<string, RawOperation> {
  const out = new Map<string, RawOperation>();
  for (const [path, item] of Object.entries(obj(doc.paths))) {
    for (const method of METHODS) {
      const op = obj(obj(item)[method]);
      if (typeof op.operationId !== 'string') continue;
      const parameters = [...((obj(item).parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
      const params = new Map<string, boolean>();
      for (const raw of parameters) {
        const p = obj(follow(doc, raw));
        params.set(`${p.in}.${p.name}`, p.in === 'path' || p.required === true);
      }
      const node = { ...op, parameters };
      out.set(op.operationId, { id: op.operationId, location: `${method.toUpperCase()} ${path}`, node, params });
    }
  }
  return out;
}

export function schemaNames(doc: Doc): Set<string> {
  return new Set(Object.keys(obj(at(doc, 'components', 'schemas'))));
}

// ---- WebSocket ----------------------------------------------------------------------------------------------

export function messageKeys(doc: Doc): Set<string> {
  return new Set(Object.keys(obj(at(doc, 'components', 'messages'))));
}

export function channelNames(doc: Doc): Set<string> {
  return new Set(Object.keys(obj(doc.channels)));
}

export function errorCodes(doc: Doc): Map<string, string> {
  const codes = at(doc, 'x-error-codes', 'codes');
  return new Map((Array.isArray(codes) ? codes : []).map((c) => [String(obj(c).code), String(obj(c).name)]));
}

// ---- servers ------------------------------------------------------------------------------------------------

/**
 * Server URLs: OpenAPI lists `servers: [{url}]`; AsyncAPI 3 maps names to `{protocol, host, pathname}`.
 */
export function serverUrls(doc: Doc): Set<string> {
  const servers = doc.servers;
  if (Array.isArray(servers))
    return new Set(servers.flatMap((s) => (typeof obj(s).url === 'string' ? [obj(s).url as string] : [])));
  return new Set(Object.values(obj(servers)).map((s) => `${obj(s).protocol}://${obj(s).host}${obj(s).pathname ?? ''}`));
}

// ---- schemas ------------------------------------------------------------------------------------------------

export interface RawNode {
  /** Path of the enclosing node; undefined for the schema itself. */
  parent?: string;
  required: boolean;
  /** Enum values, read through `$ref`s. */
  enum?: unknown[];
  /** The `$ref` the node is (directly or as a one-part `allOf`). */
  ref?: string;
  /** Inline object: has `properties` and no composition. */
  object: boolean;
}

/** A one-part `allOf` without properties of its own means its part. */
function withoutOnePartAllOf(node: JsonObject): JsonObject {
  return Array.isArray(node.allOf) && node.allOf.length === 1 && node.properties === undefined
    ? obj(node.allOf[0])
    : node;
}

/**
 * Every node reachable inside a named schema through inline `properties` and `items` (never through `$ref`), by
 * path (`.msg.price`, `.levels[]`). Undefined when the schema uses composition (allOf/oneOf/anyOf), which this
 * small walk does not try to interpret.
 */
export function schemaNodes(doc: Doc, schema: unknown): Map<string, RawNode> | undefined {
  const nodes = new Map<string, RawNode>();
  let composed = false;
  const visit = (raw: JsonObject, path: string, required: boolean, parent?: string) => {
    const node = withoutOnePartAllOf(raw);
    if (node.allOf || node.oneOf || node.anyOf) composed = true;
    const values = obj(follow(doc, node)).enum;
    nodes.set(path, {
      parent,
      required,
      enum: Array.isArray(values) ? values.filter((v) => v !== null) : undefined,
      ref: typeof node.$ref === 'string' ? node.$ref : undefined,
      object: node.properties !== undefined && !node.$ref,
    });
    if (node.$ref) return;
    const requiredNames = new Set(Array.isArray(node.required) ? node.required : []);
    for (const [name, child] of Object.entries(obj(node.properties)))
      visit(obj(child), `${path}.${name}`, requiredNames.has(name), path);
    if (node.items) visit(obj(node.items), `${path}[]`, false, path);
  };
  visit(obj(schema), '', false);
  return composed ? undefined : nodes;
}

/**
 * The schema and field changes a drift report must contain between two documents, as `kind location` lines:
 * schemas added and removed; in schemas both sides define without composition, properties added or removed
 * where their enclosing object exists on both sides, requiredness changes, and enum values added or removed (also
 * where an inline enum became a `$ref` to a named one, or back).
 */
export function expectedSchemaChanges(
  from: Doc,
  to: Doc,
  schemasAt: string[],
): { expected: Set<string>; checked: Set<string> } {
  const [a, b] = [obj(at(from, ...schemasAt)), obj(at(to, ...schemasAt))];
  const expected = new Set<string>();
  for (const name of added(new Set(Object.keys(a)), new Set(Object.keys(b))))
    expected.add(`schema.added schema ${name}`);
  for (const name of removed(new Set(Object.keys(a)), new Set(Object.keys(b))))
    expected.add(`schema.removed schema ${name}`);
  const checked = new Set<string>();
  for (const name of Object.keys(a).filter((n) => n in b)) {
    const [before, after] = [schemaNodes(from, a[name]), schemaNodes(to, b[name])];
    if (!before || !after) continue;
    checked.add(name);
    const inBoth = (path: string | undefined): boolean =>
      path === undefined || (before.has(path) && after.has(path) && inBoth(before.get(path)!.parent));
    const objectInBoth = (path: string | undefined) =>
      path !== undefined && inBoth(path) && before.get(path)!.object && after.get(path)!.object;
    const location = (path: string) => `schema ${name}${path}`;
    for (const [path, node] of after)
      if (!before.has(path) && objectInBoth(node.parent)) expected.add(`field.added ${location(path)}`);
    for (const [path, node] of before) {
      if (!after.has(path)) {
        if (objectInBoth(node.parent)) expected.add(`field.removed ${location(path)}`);
        continue;
      }
      if (!inBoth(path)) continue;
      const now = after.get(path)!;
      if (objectInBoth(node.parent) && node.required !== now.required)
        expected.add(`field.required-changed ${location(path)}`);
      // The same $ref on both sides: the named schema's values are compared there, not at every use.
      if (node.enum && now.enum && (node.ref === undefined || node.ref !== now.ref)) {
        if (now.enum.some((v) => !node.enum!.includes(v))) expected.add(`enum.values-added ${location(path)}`);
        if (node.enum.some((v) => !now.enum!.includes(v))) expected.add(`enum.values-removed ${location(path)}`);
      }
    }
  }
  return { expected, checked };
}

// ---- comparison helpers -------------------------------------------------------------------------------------

export function added<T>(from: Set<T> | Map<T, unknown>, to: Set<T> | Map<T, unknown>): T[] {
  return [...to.keys()].filter((k) => !from.has(k));
}

export function removed<T>(from: Set<T> | Map<T, unknown>, to: Set<T> | Map<T, unknown>): T[] {
  return added(to, from);
}

/**
 * The document without prose and vendor hints: descriptions, summaries, titles, examples, and `x-` keys below
 * the top level (the top-level `x-error-codes` is API). Property names are never stripped.
 */
export function withoutProse(value: unknown, depth = 0, underProperties = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutProse(v, depth + 1));
  if (!value || typeof value !== 'object') return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const prose =
      ['description', 'summary', 'title', 'example', 'examples'].includes(key) || (depth > 0 && key.startsWith('x-'));
    if (prose && !underProperties) continue;
    out[key] = withoutProse(v, depth + 1, key === 'properties');
  }
  return out;
}

/**
 * Inlines every `$ref` except those to named schemas, so shared parameters and responses compare by content.
 * Named schemas listed in an `allOf` are inlined too (their fields are fields of the composed schema) unless
 * `schemas` is `none`; `all` inlines every named schema.
 */
export function inlineRefs(
  doc: Doc,
  value: unknown,
  schemas: 'all' | 'in-allOf' | 'none' = 'in-allOf',
  depth = 0,
  inAllOf = false,
): unknown {
  if (depth > 40) return value;
  if (Array.isArray(value)) return value.map((v) => inlineRefs(doc, v, schemas, depth + 1, inAllOf));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as JsonObject).$ref;
  const inline = schemas === 'all' || (schemas === 'in-allOf' && inAllOf);
  if (typeof ref === 'string' && (inline || !ref.startsWith('#/components/schemas/'))) {
    return inlineRefs(doc, follow(doc, value), schemas, depth + 1);
  }
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, inlineRefs(doc, v, schemas, depth + 1, inAllOf || k === 'allOf')]),
  );
}

/**
 * Whether two documents say the same thing once prose is ignored and non-schema refs are inlined. Shared
 * parameters, responses and bodies count where they are used, not in `components`.
 */
export function sameApi(a: Doc, b: Doc): boolean {
  const normal = (d: Doc) => {
    const { schemas, securitySchemes, messages } = obj(d.components);
    return withoutProse(inlineRefs(d, { ...d, info: {}, components: { schemas, securitySchemes, messages } }));
  };
  return isDeepStrictEqual(normal(a), normal(b));
}

/**
 * The raw element a change's location names (`schema X…`, `GET /x …`, `message K…`, `channel C`, `error code N`,
 * `security scheme S`, `server URL`), inlined and without prose, or undefined when it does not exist in `doc`. A
 * named schema is its own text, named schemas it uses (also through `allOf`) not inlined: a change reported at a
 * schema must be written in that schema.
 */
export function rawElement(doc: Doc, location: string): unknown {
  const pick = (node: unknown) => (node === undefined ? undefined : withoutProse(inlineRefs(doc, node)));
  let m: RegExpExecArray | null;
  if ((m = /^schema ([^.[{|& ]+)/.exec(location))) {
    const schema = at(doc, 'components', 'schemas', m[1]!);
    return schema === undefined ? undefined : withoutProse(inlineRefs(doc, schema, 'none'));
  }
  if ((m = /^message ([^.[{|& ]+)/.exec(location))) {
    // A message's identity on the wire (its discriminator) is in its payload schema.
    const message = at(doc, 'components', 'messages', m[1]!);
    return message === undefined ? undefined : withoutProse(inlineRefs(doc, message, 'all'));
  }
  if ((m = /^channel (\S+)$/.exec(location))) return pick(at(doc, 'channels', m[1]!));
  if ((m = /^security scheme (\S+)$/.exec(location))) return pick(at(doc, 'components', 'securitySchemes', m[1]!));
  if ((m = /^error code (\d+)$/.exec(location))) return errorCodes(doc).get(m[1]!);
  if ((m = /^server (\S+)$/.exec(location))) return serverUrls(doc).has(m[1]!) || undefined;
  if ((m = /^([A-Z]+ \S+)/.exec(location))) {
    const op = [...rawOperations(doc).values()].find((o) => o.location === m![1]);
    return op && pick(op.node);
  }
  throw new Error(`test cannot interpret location "${location}"`);
}

// ---- one field, as the API means it ----------------------------------------------------------------------------

/** Characters that start the path of a node below another (as in report locations). */
const CHILD_START = '.[{|&';

/** Keywords of a node that say something about its value when laid over the schema it refers to. */
const OVERLAID = ['nullable', 'deprecated', 'default'];

/** The node a `$ref` or a one-part `allOf` stands for, with the referring node's nullable/deprecated/default. */
function unwrapOnce(doc: Doc, node: JsonObject): JsonObject | undefined {
  const overlay = Object.fromEntries(OVERLAID.filter((k) => k in node).map((k) => [k, node[k]]));
  if (typeof node.$ref === 'string') return { ...obj(follow(doc, { $ref: node.$ref })), ...overlay };
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && node.properties === undefined)
    return { ...obj(node.allOf[0]), ...overlay };
  return undefined;
}

function unwrap(doc: Doc, node: unknown): JsonObject {
  let current = obj(node);
  for (let guard = 0; guard < 50; guard++) {
    const next = unwrapOnce(doc, current);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The node with every `$ref` followed (a cycle is left as its `$ref`), without prose. */
function resolvedDeep(doc: Doc, value: unknown, seen: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => resolvedDeep(doc, v, seen));
  if (!value || typeof value !== 'object') return value;
  const node = value as JsonObject;
  if (typeof node.$ref === 'string' && seen.includes(node.$ref)) return { $ref: node.$ref };
  const next = unwrapOnce(doc, node);
  if (next) return resolvedDeep(doc, next, typeof node.$ref === 'string' ? [...seen, node.$ref] : seen);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolvedDeep(doc, v, seen)]));
}

/** An object schema's properties, own and from every `allOf` part (a later declaration wins), with requiredness. */
function propertiesOf(doc: Doc, node: JsonObject): Map<string, { schema: unknown; required: boolean }> {
  const out = new Map<string, { schema: unknown; required: boolean }>();
  const collect = (n: JsonObject, depth: number) => {
    if (depth > 20) return;
    for (const part of Array.isArray(n.allOf) ? n.allOf : []) collect(unwrap(doc, part), depth + 1);
    const required = new Set(Array.isArray(n.required) ? n.required : []);
    for (const [name, schema] of Object.entries(obj(n.properties)))
      out.set(name, { schema, required: required.has(name) || out.get(name)?.required === true });
    for (const name of required) {
      const known = out.get(String(name));
      if (known) known.required = true;
    }
  };
  collect(node, 0);
  return out;
}

type FieldView = { node: unknown; required?: boolean } | undefined;

/**
 * Walks `path` (`.name`, `[]`, `{}`) from `root` through `$ref`s and `allOf`s. Undefined when the node does not
 * exist; null when the walk cannot read the path (a oneOf variant, an allOf part).
 */
function walk(doc: Doc, root: FieldView, path: string): FieldView | null {
  let view = root;
  let rest = path;
  while (rest && view) {
    const node = unwrap(doc, view.node);
    if (rest.startsWith('[]')) {
      view = node.items === undefined ? undefined : { node: node.items };
      rest = rest.slice(2);
    } else if (rest.startsWith('{}')) {
      const extra = node.additionalProperties;
      const open = extra === true || (extra === undefined && node.properties === undefined && !node.allOf);
      view = open ? { node: {} } : extra && typeof extra === 'object' ? { node: extra } : undefined;
      rest = rest.slice(2);
    } else if (rest.startsWith('.') && !node.oneOf && !node.anyOf) {
      const properties = propertiesOf(doc, node);
      const name = [...properties.keys()]
        .filter(
          (n) =>
            rest.startsWith(`.${n}`) && (rest.length === n.length + 1 || CHILD_START.includes(rest[n.length + 1]!)),
        )
        .sort((x, y) => y.length - x.length)[0];
      if (name === undefined) return undefined;
      const property = properties.get(name)!;
      view = { node: property.schema, required: property.required };
      rest = rest.slice(name.length + 1);
    } else return null;
  }
  return view;
}

/** The root nodes of an operation's parts: `query.x`, `path.x`, `header.x`, `request`, `response 200`. */
function operationParts(doc: Doc, op: RawOperation): Map<string, FieldView> {
  const parts = new Map<string, FieldView>();
  for (const raw of op.node.parameters as unknown[]) {
    const p = obj(follow(doc, raw));
    // A parameter's own `deprecated` says the same as its schema's.
    const node = p.deprecated === undefined ? p.schema : { ...obj(p.schema), deprecated: p.deprecated };
    parts.set(`${p.in}.${p.name}`, { node, required: p.in === 'path' || p.required === true });
  }
  const jsonSchema = (holder: unknown): unknown => {
    const content = obj(obj(follow(doc, holder)).content);
    const type = Object.keys(content).find((t) => /^application\/(.+\+)?json\b/i.test(t) || t === '*/*');
    return type === undefined ? 'none' : (obj(content[type]).schema ?? 'none');
  };
  if (op.node.requestBody !== undefined) {
    const body = obj(follow(doc, op.node.requestBody));
    parts.set('request', { node: jsonSchema(body), required: body.required === true });
  }
  for (const [status, response] of Object.entries(obj(op.node.responses)))
    parts.set(`response ${status}`, { node: jsonSchema(response) });
  return parts;
}

/**
 * The node a field-level location names (`schema X.a[].b`, `GET /x query.status`, `GET /x response 200.items[]`,
 * `message K.msg`) as the API means it: every `$ref` followed, requiredness included, prose left out. Undefined
 * when it does not exist in `doc`; null when the location is not a node this walk can read.
 */
export function resolvedField(doc: Doc, location: string): unknown {
  let found: FieldView | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^schema ([^.[{|& ]+)(.*)$/.exec(location))) {
    const schema = at(doc, 'components', 'schemas', m[1]!);
    found = schema === undefined ? undefined : walk(doc, { node: schema }, m[2]!);
  } else if ((m = /^message ([^.[{|& ]+)([.[{|&].*)$/.exec(location))) {
    // Below the payload only: a message itself is also its name, content type and direction.
    const message = at(doc, 'components', 'messages', m[1]!);
    found = message === undefined ? undefined : walk(doc, { node: obj(follow(doc, message)).payload }, m[2]!);
  } else if ((m = /^([A-Z]+ \S+) (.+)$/.exec(location))) {
    const op = [...rawOperations(doc).values()].find((o) => o.location === m![1]);
    if (!op) return undefined;
    const rest = m[2]!;
    const parts = operationParts(doc, op);
    const key = [...parts.keys()]
      .filter((k) => rest === k || (rest.startsWith(k) && CHILD_START.includes(rest[k.length]!)))
      .sort((x, y) => y.length - x.length)[0];
    found = key === undefined ? undefined : walk(doc, parts.get(key), rest.slice(key.length));
  }
  if (!found) return found;
  return { required: found.required, node: withoutProse(resolvedDeep(doc, found.node), 1) };
}
