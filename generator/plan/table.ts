import { UniqueNames } from '../unique.ts';

/**
 * A set of names that must not repeat: a module's top-level names, a class's members, what the package entry
 * exports.
 */
export type Scope = string;

/** One emitted identifier: where it lives, what it names, and the name it was given. */
export interface Claim {
  scope: Scope;
  /** What the name stands for, e.g. `schema Market`, `params GetMarkets`, `runtime paginate`. */
  what: string;
  name: string;
  /** The name it would have had, when that one was taken. */
  wanted?: string;
}

/**
 * Every identifier of a generation, in the order it was claimed. Names are claimed in a fixed order (see
 * plan/index.ts), so the same specs always give the same names; a name once taken in a scope is never given out
 * again there, so no two things of one scope are ever declared under one name.
 */
export class NameTable {
  readonly claims: Claim[] = [];
  readonly #scopes = new Map<Scope, ScopeClaims>();

  /**
   * The name of `what` in `scope`: the one it was given there before, else the first of `candidates` that is free,
   * else the last with a numeric suffix (`Name2`, `Name3`, …).
   */
  claim(scope: Scope, what: string, ...candidates: [string, ...string[]]): string {
    const { names, holders, byWhat } = this.#scope(scope);
    const earlier = byWhat.get(what);
    if (earlier) return earlier.name;
    const free = candidates.find((name) => !names.has(name));
    const name = names.claim(free ?? candidates.at(-1)!);
    const claim: Claim = name === candidates[0] ? { scope, what, name } : { scope, what, name, wanted: candidates[0] };
    this.claims.push(claim);
    holders.set(name, claim);
    byWhat.set(what, claim);
    return name;
  }

  /** Takes `name` in `scope` if it is free; undefined, taking nothing, when it is not. */
  claimIfFree(scope: Scope, what: string, name: string): string | undefined {
    return this.holder(scope, name) ? undefined : this.claim(scope, what, name);
  }

  /** What holds `name` in `scope`, if anything does. */
  holder(scope: Scope, name: string): Claim | undefined {
    return this.#scope(scope).holders.get(name);
  }

  /** The claims of one scope, in order. */
  of(scope: Scope): Claim[] {
    return this.claims.filter((c) => c.scope === scope);
  }

  #scope(scope: Scope): ScopeClaims {
    let entry = this.#scopes.get(scope);
    if (!entry) this.#scopes.set(scope, (entry = { names: new UniqueNames(), holders: new Map(), byWhat: new Map() }));
    return entry;
  }
}

interface ScopeClaims {
  names: UniqueNames;
  /** The claim holding each name. */
  holders: Map<string, Claim>;
  /** The claim made for each thing. */
  byWhat: Map<string, Claim>;
}
