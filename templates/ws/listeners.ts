/**
 * A minimal typed event registry. Listener lists are copied on change, so emitting never allocates and a listener
 * may add or remove listeners while an event is being delivered. A listener that throws does not stop delivery to
 * the others: the error goes to `onListenerError`. Every event carries at most one argument, so that `emit` can pass
 * it on without gathering arguments into an array for each frame.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventMap<Events> = { [E in keyof Events]: (arg: any) => void };

export class Listeners<Events extends EventMap<Events>> {
  readonly #lists = new Map<keyof Events, Events[keyof Events][]>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    this.#lists.set(event, [...(this.#lists.get(event) ?? []), listener]);
    return () => this.off(event, listener);
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): void {
    const list = this.#lists.get(event);
    if (!list) return;
    const rest = list.filter((l) => l !== listener);
    if (rest.length) this.#lists.set(event, rest);
    else this.#lists.delete(event);
  }

  has(event: keyof Events): boolean {
    return this.#lists.has(event);
  }

  get size(): number {
    return this.#lists.size;
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void;
  emit(event: keyof Events, arg?: unknown): void {
    const list = this.#lists.get(event);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(arg);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.#lists.clear();
  }
}
