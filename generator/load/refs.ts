import { SpecError, joinPointer } from '../errors.ts';
import type { JsonObject } from './parse.ts';

/** Follows an RFC 6901 pointer (`/components/schemas/Market`) inside a document; undefined when it leads nowhere. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Checks every `$ref` once, up front, so later stages can follow refs without error handling: each must be
 * internal (`#/...`) and point at something that exists.
 */
export function checkRefs(document: JsonObject, file: string): void {
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, joinPointer(pointer, i)));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const ref = (node as JsonObject).$ref;
    if (ref !== undefined) {
      const at = joinPointer(pointer, '$ref');
      if (typeof ref !== 'string') throw new SpecError(file, at, '$ref must be a string');
      if (!ref.startsWith('#')) {
        throw new SpecError(
          file,
          at,
          `unsupported external $ref "${ref}": only refs inside the same document (#/...) are supported`,
        );
      }
      if (resolvePointer(document, ref.slice(1)) === undefined) {
        throw new SpecError(file, at, `dangling $ref "${ref}": nothing exists at that pointer`);
      }
    }
    for (const [key, value] of Object.entries(node)) visit(value, joinPointer(pointer, key));
  };
  visit(document, '');
}
