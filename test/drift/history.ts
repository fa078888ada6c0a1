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
  enum?: unknown[];
  /** Inline object: has `properties` and no composition. */
  object: boolean;
}

/**
 * Every node reachable inside a named schema through inline `properties` and `items` (never through `$ref`), by
 * path (`.msg.price`, `.levels[]`). Undefined when the schema uses composition (allOf/oneOf/anyOf), which this
 * small walk does not try to interpret.
 */
export function schemaNodes(schema: unknown): Map<string, RawNode> | undefined {
  const nodes = new Map<string, RawNode>();
  let composed = false;
  const visit = (node: JsonObject, path: string, required: boolean, parent?: string) => {
    if (node.allOf || node.oneOf || node.anyOf) composed = true;
    nodes.set(path, {
      parent,
      required,
      enum: Array.isArray(node.enum) ? node.enum.filter((v) => v !== null) : undefined,
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
 * where their enclosing object exists on both sides, requiredness changes, and enum values added or removed.
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
    const [before, after] = [schemaNodes(a[name]), schemaNodes(b[name])];
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
      if (node.enum && now.enum) {
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
 * Named schemas listed in an `allOf` are inlined too: their fields are fields of the composed schema.
 */
export function inlineRefs(doc: Doc, value: unknown, depth = 0, inlineSchemas = false): unknown {
  if (depth > 40) return value;
  if (Array.isArray(value)) return value.map((v) => inlineRefs(doc, v, depth + 1, inlineSchemas));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as JsonObject).$ref;
  if (typeof ref === 'string' && (inlineSchemas || !ref.startsWith('#/components/schemas/'))) {
    return inlineRefs(doc, follow(doc, value), depth + 1);
  }
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, inlineRefs(doc, v, depth + 1, inlineSchemas || k === 'allOf')]),
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
 * `security scheme S`, `server URL`), inlined and without prose, or undefined when it does not exist in `doc`.
 */
export function rawElement(doc: Doc, location: string): unknown {
  const pick = (node: unknown) => (node === undefined ? undefined : withoutProse(inlineRefs(doc, node)));
  let m: RegExpExecArray | null;
  if ((m = /^schema ([^.[{|& ]+)/.exec(location))) return pick(at(doc, 'components', 'schemas', m[1]!));
  if ((m = /^message ([^.[{|& ]+)/.exec(location))) {
    // A message's identity on the wire (its discriminator) is in its payload schema.
    const message = at(doc, 'components', 'messages', m[1]!);
    return message === undefined ? undefined : withoutProse(inlineRefs(doc, message, 0, true));
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
