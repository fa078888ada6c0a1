import { SpecError, joinPointer } from '../../errors.ts';
import { API_KINDS, type ApiKind } from '../surface/types.ts';

/**
 * Structural checks of a lock read from disk, so that a hand-edited or truncated lock fails with the file, the
 * JSON pointer and what is wrong, instead of a crash deep inside the diff.
 */
export class LockChecker {
  constructor(private readonly file: string) {}

  fail(pointer: string, problem: string): never {
    throw new SpecError(this.file, pointer, problem);
  }

  object(value: unknown, pointer: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(pointer, 'expected an object');
    return value as Record<string, unknown>;
  }

  string(value: unknown, pointer: string): string {
    if (typeof value !== 'string') this.fail(pointer, 'expected a string');
    return value;
  }

  strings(value: unknown, pointer: string): string[] {
    if (!Array.isArray(value)) this.fail(pointer, 'expected an array of strings');
    value.forEach((v, i) => this.string(v, joinPointer(pointer, i)));
    return value as string[];
  }

  /** Checks every value of a map with `check(value, pointer)`. */
  map(value: unknown, pointer: string, check: (value: unknown, pointer: string) => void): void {
    for (const [key, v] of Object.entries(this.object(value, pointer))) check(v, joinPointer(pointer, key));
  }

  /** A field map: every node has a string `type`. */
  fields(value: unknown, pointer: string): void {
    this.map(value, pointer, (node, at) => this.string(this.object(node, at).type, joinPointer(at, 'type')));
  }

  schemas(value: unknown, pointer: string): void {
    this.map(value, pointer, (schema, at) => {
      const s = this.object(schema, at);
      this.strings(s.usedIn, joinPointer(at, 'usedIn'));
      this.fields(s.fields, joinPointer(at, 'fields'));
    });
  }

  documentation(value: unknown, pointer: string): void {
    this.map(value, pointer, (v, at) => this.string(v, at));
  }

  /**
   * A product's locked specs (`/products/<id>`; a version 1 lock's top level): each kind present is a spec with its
   * stamp and surface, and `required` kinds must be there.
   */
  lockedProduct(value: unknown, pointer: string, required: readonly ApiKind[]): void {
    const product = this.object(value, pointer);
    for (const key of Object.keys(product))
      if (!API_KINDS.includes(key as ApiKind)) this.fail(joinPointer(pointer, key), 'expected "openapi" or "asyncapi"');
    for (const kind of API_KINDS) {
      if (product[kind] === undefined && !required.includes(kind)) continue;
      const at = joinPointer(pointer, kind);
      const entry = this.object(product[kind], at);
      for (const key of ['source', 'version', 'sha256'] as const) this.string(entry[key], joinPointer(at, key));
      if (kind === 'openapi') this.restSurface(entry.surface, joinPointer(at, 'surface'));
      else this.wsSurface(entry.surface, joinPointer(at, 'surface'));
    }
  }

  restSurface(value: unknown, pointer: string): void {
    const s = this.object(value, pointer);
    this.strings(s.servers, joinPointer(pointer, 'servers'));
    this.map(s.operations, joinPointer(pointer, 'operations'), (op, at) => {
      const o = this.object(op, at);
      this.string(o.method, joinPointer(at, 'method'));
      this.string(o.path, joinPointer(at, 'path'));
      this.strings(o.security, joinPointer(at, 'security'));
      if (o.pagination !== undefined) {
        const p = this.object(o.pagination, joinPointer(at, 'pagination'));
        this.string(p.cursorParam, joinPointer(at, 'pagination', 'cursorParam'));
        this.string(p.cursorField, joinPointer(at, 'pagination', 'cursorField'));
      }
      this.fields(o.fields, joinPointer(at, 'fields'));
    });
    this.schemas(s.schemas, joinPointer(pointer, 'schemas'));
    this.map(s.securitySchemes, joinPointer(pointer, 'securitySchemes'), (scheme, at) =>
      this.string(this.object(scheme, at).type, joinPointer(at, 'type')),
    );
    this.documentation(s.documentation, joinPointer(pointer, 'documentation'));
  }

  wsSurface(value: unknown, pointer: string): void {
    const s = this.object(value, pointer);
    this.strings(s.servers, joinPointer(pointer, 'servers'));
    this.map(s.messages, joinPointer(pointer, 'messages'), (message, at) => {
      const m = this.object(message, at);
      this.string(m.name, joinPointer(at, 'name'));
      if (m.direction !== 'client' && m.direction !== 'server')
        this.fail(joinPointer(at, 'direction'), 'expected "client" or "server"');
      this.string(m.contentType, joinPointer(at, 'contentType'));
      this.fields(m.fields, joinPointer(at, 'fields'));
    });
    this.map(s.channels, joinPointer(pointer, 'channels'), (channel, at) => {
      const c = this.object(channel, at);
      this.string(c.address, joinPointer(at, 'address'));
      this.strings(c.messages, joinPointer(at, 'messages'));
    });
    this.schemas(s.schemas, joinPointer(pointer, 'schemas'));
    this.map(s.errorCodes, joinPointer(pointer, 'errorCodes'), (name, at) => this.string(name, at));
    this.documentation(s.documentation, joinPointer(pointer, 'documentation'));
  }
}
