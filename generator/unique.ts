/**
 * Hands out unique strings deterministically: the first claimant keeps a string, later ones get a numeric suffix
 * (`tick`, `tick2`, …). The model uses it for keys the spec may repeat, the naming stage for identifiers.
 */
export class UniqueNames {
  readonly #taken = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const name of taken) this.#taken.add(name);
  }

  has(name: string): boolean {
    return this.#taken.has(name);
  }

  claim(wanted: string): string {
    let name = wanted;
    for (let i = 2; this.#taken.has(name); i++) name = `${wanted}${i}`;
    this.#taken.add(name);
    return name;
  }
}
