/**
 * An N× copy of an OpenAPI spec, for measuring how generation cost grows with spec size: every path, operation and
 * component (schemas, parameters, responses, request bodies…) appears N times, the copies under renamed paths,
 * operationIds and component names with their `$ref`s rewritten to match, so the result is a valid spec of the same
 * shape as the original, N times over. Nothing in it depends on one spec version: any OpenAPI 3 document scales.
 */
import { specYaml, type JsonObject } from '../generator/load/index.ts';
import { escapePointer } from '../generator/errors.ts';

/** Component kinds whose entries are copied; security schemes are shared by every copy, as in a real API. */
const COPIED_COMPONENTS = ['schemas', 'parameters', 'responses', 'requestBodies', 'headers', 'examples', 'links'];

/** `document` with `copies` copies of its paths and components (1: the document itself, unchanged). */
export function scaleOpenApi(document: JsonObject, copies: number): JsonObject {
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`copies must be a positive integer, got ${copies}`);
  const paths = (document.paths ?? {}) as JsonObject;
  const components = (document.components ?? {}) as Record<string, JsonObject>;
  const scaledPaths: JsonObject = { ...paths };
  const scaledComponents: Record<string, JsonObject> = {};
  for (const [kind, entries] of Object.entries(components)) scaledComponents[kind] = { ...entries };

  for (let copy = 2; copy <= copies; copy++) {
    const suffix = `Copy${copy}`;
    // Every pointer to a copied component, old → new, so a copy refers only to its own copies.
    const renamed = new Map<string, string>();
    for (const kind of COPIED_COMPONENTS) {
      for (const name of Object.keys(components[kind] ?? {})) {
        renamed.set(componentRef(kind, name), componentRef(kind, `${name}${suffix}`));
      }
    }
    const rewrite = (node: unknown, key?: string): unknown => {
      if (Array.isArray(node)) return node.map((item) => rewrite(item));
      if (node === null || typeof node !== 'object') {
        if (key === '$ref' && typeof node === 'string') return renamed.get(node) ?? node;
        if (key === 'operationId' && typeof node === 'string') return `${node}${suffix}`;
        return node;
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewrite(v, k)]));
    };
    for (const [path, item] of Object.entries(paths)) scaledPaths[`/copy${copy}${path}`] = rewrite(item);
    for (const kind of COPIED_COMPONENTS) {
      for (const [name, value] of Object.entries(components[kind] ?? {})) {
        scaledComponents[kind]![`${name}${suffix}`] = rewrite(value);
      }
    }
  }
  return { ...document, paths: scaledPaths, components: scaledComponents };
}

function componentRef(kind: string, name: string): string {
  return `#/components/${kind}/${escapePointer(name)}`;
}

/** The scaled document as YAML text, the format Kalshi publishes. */
export function scaledSpecText(document: JsonObject, copies: number): string {
  return specYaml(scaleOpenApi(document, copies));
}
