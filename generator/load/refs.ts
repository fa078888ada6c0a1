import { SpecError, joinPointer } from '../errors.ts';
import type { JsonObject } from './parse.ts';

/**
 * The deepest a spec may nest (pointer segments from the top). The YAML reader stops well below where the later
 * stages, which recurse, would run out of stack; JSON is held to the same limit so that the two read alike.
 */
export const MAX_NESTING = 100;
export const TOO_DEEP = `nested more than ${MAX_NESTING} levels deep, the most a spec may nest`;

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
 * Checks the whole document once, up front, so later stages can walk it and follow refs without error handling:
 * it nests at most MAX_NESTING deep and holds no YAML alias inside its own anchor; every `$ref` is internal
 * (`#/...`), points at something that exists, and does not lead, ref after ref, back to itself.
 */
export function checkRefs(document: JsonObject, file: string): void {
  /** The objects from the top down to the node visited: as many as the node is deep. */
  const ancestors = new Set<object>();
  const visit = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object') return;
    if (ancestors.size > MAX_NESTING) throw new SpecError(file, pointer, TOO_DEEP);
    if (ancestors.has(node)) {
      throw new SpecError(file, pointer, 'a YAML alias here repeats a node that contains it, which never ends');
    }
    ancestors.add(node);
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, joinPointer(pointer, i)));
    else {
      if ((node as JsonObject).$ref !== undefined) checkRef(document, node as JsonObject, pointer, file);
      for (const [key, value] of Object.entries(node)) visit(value, joinPointer(pointer, key));
    }
    ancestors.delete(node);
  };
  visit(document, '');
}

function checkRef(document: JsonObject, node: JsonObject, pointer: string, file: string): void {
  const ref = node.$ref;
  const at = joinPointer(pointer, '$ref');
  if (typeof ref !== 'string') throw new SpecError(file, at, '$ref must be a string');
  if (!ref.startsWith('#')) {
    throw new SpecError(
      file,
      at,
      `unsupported external $ref "${ref}": only refs inside the same document (#/...) are supported`,
    );
  }
  if (ref !== '#' && !ref.startsWith('#/')) {
    throw new SpecError(file, at, `invalid $ref "${ref}": after # comes a JSON pointer, which starts with /`);
  }
  try {
    decodeURIComponent(ref);
  } catch {
    throw new SpecError(file, at, `invalid $ref "${ref}": malformed %-escape (a literal % is written %25)`);
  }
  let target = refTarget(document, ref);
  if (target === undefined) throw new SpecError(file, at, `dangling $ref "${ref}": nothing exists at that pointer`);

  // A ref to a ref to … this one again never reaches a definition (and @asyncapi/parser loops on it forever).
  // `chain` holds the refs followed so far, each with the pointer of its `$ref`.
  const chain = [{ node: node as unknown, at, ref }];
  while (isRef(target) && !chain.some((c) => c.node === target)) {
    const next = target.$ref;
    chain.push({ node: target, at: `${chain.at(-1)!.ref.slice(1)}/$ref`, ref: next });
    target = refTarget(document, next); // one that leads nowhere is reported where it is written
  }
  if (!isRef(target)) return;
  const loop = chain.slice(chain.findIndex((c) => c.node === target));
  const last = loop.at(-1)!;
  throw new SpecError(
    file,
    last.at,
    `circular $ref: ${[last.ref, ...loop.map((c) => c.ref)].join(' → ')}, each only a $ref to the next, never reaches a definition`,
  );
}

/** What an internal ref points at; undefined when it is not one or leads nowhere. */
function refTarget(document: JsonObject, ref: string): unknown {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined;
  try {
    return resolvePointer(document, ref.slice(1));
  } catch {
    return undefined; // a malformed %-escape
  }
}

function isRef(node: unknown): node is { $ref: string } {
  return node !== null && typeof node === 'object' && typeof (node as JsonObject).$ref === 'string';
}
