import { SpecError, joinPointer } from '../errors.ts';
import type { NamedTypeModel, TypeModel } from './types.ts';

/**
 * Sample data synthesised from the model: for any type a value of that type, the same every time, for the SDK's
 * mock exchange (`kalshi-sdk/testing`). Objects carry every property, optional ones too, so a bot under test sees
 * whole objects; the spec's own `example` or `default` is used where it has one (money strings stay valid decimal
 * strings); other strings are made up from their property's name (`ticker-1`).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Keys and array indices from a value's root down to one of its parts. */
export type JsonPath = (string | number)[];

/** Items in each list of a list page: more than one page of them for a small `limit`, and few to read. */
export const LIST_ITEMS = 3;

/** A sample the synthesizer gives out in every place it is needed: the schema's sample for one list item. */
export interface SharedSample {
  /** The schema's name in the spec. */
  schema: string;
  /** The list item it was made for, from 1. */
  item: number;
}

export interface SampleOptions {
  /** Array fields of the top-level object that hold LIST_ITEMS items (a list operation's items), not one. */
  listFields?: readonly string[];
  /** The name made-up strings at the top level are formed from (nested ones use their property's). */
  name?: string;
}

/**
 * Builds samples of the types of one spec, following its named schemas. A named schema's sample that depends on
 * nothing around it is built once per list item and then given out again, the same object: `shared` tells
 * an emitter which objects those are, so it can write each once.
 */
export class SampleSynthesizer {
  readonly #schemas: ReadonlyMap<string, NamedTypeModel>;
  readonly #memo = new Map<string, JsonValue>();
  readonly #shared = new WeakMap<object, SharedSample>();
  /** The outermost `stack` index a cut-short expansion went back to, in the subtree being built. */
  #outermostCut = Infinity;

  /** `file`: the spec the schemas come from, for errors. */
  constructor(
    schemas: readonly NamedTypeModel[],
    private readonly file: string,
  ) {
    this.#schemas = new Map(schemas.map((s) => [s.specName, s]));
  }

  sample(type: TypeModel, options: SampleOptions = {}): JsonValue {
    return this.#sample(type, { name: options.name ?? 'value', n: 1, stack: [], listFields: options.listFields });
  }

  /** Which named schema's sample `value` is, when the synthesizer gives that object out wherever it is needed. */
  shared(value: JsonValue): SharedSample | undefined {
    return isObject(value) ? this.#shared.get(value) : undefined;
  }

  #sample(t: TypeModel, walk: Walk): JsonValue {
    const smallest = walk.smallestFrom !== undefined;
    if (smallest && t.nullable) return null;
    switch (t.kind) {
      case 'ref':
        return this.#sampleRef(t.schema, walk);
      case 'object': {
        const out: { [key: string]: JsonValue } = {};
        for (const p of t.properties) {
          if (smallest && !p.required) continue;
          const count = walk.listFields?.includes(p.name) ? LIST_ITEMS : undefined;
          out[p.name] = this.#sample(p.type, { ...walk, name: p.name, listFields: undefined, count });
        }
        // Named apart from the property holding the map, so an object's sample is the same wherever it is.
        const key = `key-${walk.n}`;
        if (t.additionalProperties && !smallest && !(key in out)) {
          out[key] = this.#sample(t.additionalProperties, {
            ...walk,
            name: 'value',
            listFields: undefined,
            count: undefined,
          });
        }
        return out;
      }
      case 'array': {
        const count = smallest ? 0 : (walk.count ?? 1);
        const item = (i: number): Walk => ({ ...walk, n: walk.count ? i + 1 : walk.n, count: undefined });
        return Array.from({ length: count }, (_, i) => this.#sample(t.items, item(i)));
      }
      case 'allOf': {
        const parts = t.parts.map((part) => this.#sample(part, walk));
        return parts.every(isObject) ? Object.assign({}, ...parts) : parts[0]!;
      }
      case 'oneOf':
        return this.#sampleVariant(t.variants, walk);
      case 'enum':
        return t.values[0]!;
      case 'literal':
        return t.value;
      case 'null':
        return null;
      case 'boolean':
        return given(t, (v) => typeof v === 'boolean') ?? false;
      case 'number': {
        const valid = (v: unknown) => typeof v === 'number' && (!t.integer || Number.isInteger(v));
        return given(t, valid) ?? (t.integer ? walk.n : walk.n + 0.5);
      }
      case 'string':
        // A decimal string schema (chosen by its example or pattern) takes only a decimal: `name-1` would not compile.
        return t.decimal
          ? (given(t, (v) => typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ?? `${walk.n}.00`)
          : (given(t, (v) => typeof v === 'string') ?? madeUpString(t.format, walk));
      case 'unknown':
        return (given(t, () => true) as JsonValue | undefined) ?? {};
    }
  }

  /**
   * A named schema's sample. Entering one that is already being expanded (a tree, a linked list) switches to the
   * smallest value from there on: required fields only, empty arrays and maps, null where allowed. Going round
   * again through required fields alone means the schema has no finite value at all.
   */
  #sampleRef(name: string, walk: Walk): JsonValue {
    const schema = this.#schemas.get(name);
    if (!schema) throw new Error(`sample: no schema named ${name} in the model`);
    let { smallestFrom } = walk;
    if (smallestFrom !== undefined && walk.stack.indexOf(name, smallestFrom) >= 0) {
      const loop = [...walk.stack.slice(walk.stack.indexOf(name, smallestFrom)), name];
      throw new SampleLoopError(
        this.file,
        joinPointer('/components/schemas', loop[0]!),
        `schema ${loop.join(' → ')}: each is a required, non-nullable part of the one before, so no finite ` +
          'value has this type (make one of the fields optional, nullable or an array)',
      );
    }
    const cut = walk.stack.indexOf(name);
    if (smallestFrom === undefined && cut >= 0) smallestFrom = walk.stack.length;
    if (cut >= 0) this.#outermostCut = Math.min(this.#outermostCut, cut);
    // Only a full sample built away from the top level (list fields) and outside any cycle can be given out again.
    const reusable = smallestFrom === undefined && walk.listFields === undefined && walk.count === undefined;
    const key = `${name}#${walk.n}`;
    if (reusable && this.#memo.has(key)) return this.#memo.get(key)!;

    const outer = this.#outermostCut;
    this.#outermostCut = Infinity;
    try {
      const value = this.#sample(schema.type, { ...walk, stack: [...walk.stack, name], smallestFrom });
      // A cycle cut short below this schema, back to one of its own parts, does not depend on where it is used.
      const standalone = this.#outermostCut >= walk.stack.length;
      // Objects only: a string or an array of strings is named after the property holding it.
      if (reusable && standalone && isObject(value)) {
        this.#memo.set(key, value);
        // An alias of a schema gives out the schema's object, which keeps the schema's (more precise) name.
        if (!this.#shared.has(value)) this.#shared.set(value, { schema: name, item: walk.n });
      }
      return value;
    } finally {
      this.#outermostCut = Math.min(outer, this.#outermostCut);
    }
  }

  /** The first variant that is not null (a nullable value still gets a value); in a smallest value, one that ends. */
  #sampleVariant(variants: TypeModel[], walk: Walk): JsonValue {
    const candidates = variants.filter((v) => v.kind !== 'null');
    if (walk.smallestFrom === undefined || candidates.length < 2)
      return this.#sample(candidates[0] ?? variants[0]!, walk);
    let loop: SampleLoopError | undefined;
    for (const variant of candidates) {
      try {
        return this.#sample(variant, walk);
      } catch (error) {
        if (!(error instanceof SampleLoopError)) throw error;
        loop ??= error;
      }
    }
    throw loop;
  }
}

/** A schema that requires itself: no value of it can be written down. */
class SampleLoopError extends SpecError {}

/** Where the synthesis is in the type, and what it must keep in mind there. */
interface Walk {
  /** The property (or array) being filled: made-up strings are named after it. */
  name: string;
  /** Which item of a list the value belongs to (from 1), so that items differ. */
  n: number;
  /** Named schemas being expanded, outermost first. */
  stack: string[];
  /** Index in `stack` from which only the smallest value is built; undefined while building full values. */
  smallestFrom?: number;
  /** At the top level only: array fields that get LIST_ITEMS items. */
  listFields?: readonly string[];
  /** Items the next array gets (set on a list field, used by the array it leads to). */
  count?: number;
}

/** The schema's example, else its default, when it is a value of the type. */
function given(t: TypeModel, valid: (value: unknown) => boolean): JsonValue | undefined {
  for (const value of [t.example, t.default])
    if (value !== undefined && value !== null && valid(value)) return value as JsonValue;
  return undefined;
}

function madeUpString(format: string | undefined, walk: Walk): string {
  const made = `${walk.name}-${walk.n}`;
  switch (format) {
    case 'date-time':
      return '2026-01-02T15:04:05Z';
    case 'date':
      return '2026-01-02';
    case 'uuid':
      return `00000000-0000-4000-8000-${String(walk.n).padStart(12, '0')}`;
    case 'uri':
    case 'url':
      return `https://example.com/${encodeURIComponent(made)}`;
    case 'email':
      return `${encodeURIComponent(made)}@example.com`;
    default:
      return made;
  }
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where in `value` a field named like one of `names` holds a string or number, per name: the fields a mock fills
 * with the request's path parameter of that name (`GET /markets/{ticker}` answers with that ticker). On each branch
 * the first object with the field is the one the parameter names; the objects inside it (its parts, a tree's
 * children) are others, which keep their own. Names without such a field are left out.
 */
export function echoPaths(value: JsonValue, names: readonly string[]): Record<string, JsonPath[]> {
  const found: Record<string, JsonPath[]> = {};
  const visit = (node: JsonValue, path: JsonPath, wanted: readonly string[]) => {
    if (!wanted.length) return;
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...path, i], wanted));
    else if (isObject(node)) {
      const own = wanted.filter((name) => typeof node[name] === 'string' || typeof node[name] === 'number');
      for (const name of own) (found[name] ??= []).push([...path, name]);
      const inner = wanted.filter((name) => !own.includes(name));
      for (const [key, child] of Object.entries(node)) visit(child, [...path, key], inner);
    }
  };
  visit(value, [], names);
  return found;
}
