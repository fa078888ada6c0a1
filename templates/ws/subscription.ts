import { KalshiError } from '../runtime/errors.js';
import { SubscriptionOverflowError } from './errors.js';
import { Listeners } from './listeners.js';
import type { MessageListener, MessageType, OverflowPolicy, TypedMessage } from './protocol.js';
import { RingQueue } from './queue.js';

/** A break in a subscription's sequence numbers: messages were lost, so the client resubscribes. */
export interface GapEvent {
  channel: string;
  sid: number;
  /** The `seq` that should have come next. */
  expected: number;
  received: number;
}

export interface SubscriptionEvents {
  /** Messages were lost; the client has resubscribed and (for book channels) a fresh snapshot follows. */
  gap: (gap: GapEvent) => void;
  /** The server confirmed the subscription again (after a reconnect or a gap), under a new sid. */
  resubscribed: (info: { sid: number; previousSid: number | undefined; reason: 'reconnect' | 'gap' }) => void;
  /** The `drop-oldest` policy discarded a message; `total` counts every message dropped so far. */
  dropped: (info: { total: number }) => void;
  /** The subscription failed for good (buffer overflow under the `error` policy, resubscribe rejected). */
  error: (error: Error) => void;
  /** The subscription ended (unsubscribed, or the client closed). */
  closed: () => void;
}

export type SubscriptionState = 'subscribing' | 'active' | 'resubscribing' | 'closed' | 'failed';

export interface SubscriptionOptions {
  /** Overrides the channel's default overflow policy (see WS_CHANNELS). */
  overflow?: OverflowPolicy;
  /** Unread messages kept per subscription; overrides the client's `bufferSize`. */
  bufferSize?: number;
}

/** What a subscription asks of the client that owns it. */
export interface SubscriptionHost<U> {
  unsubscribe(sub: Subscription<TypedMessage, U>): Promise<void>;
  update(sub: Subscription<TypedMessage, U>, params: U): Promise<void>;
  /** The subscription failed on its own (overflow): forget it and tell the server. */
  failed(sub: Subscription<TypedMessage, U>): void;
  /** A listener threw. */
  listenerError(error: unknown): void;
}

/** The client's handle on a subscription's internals (kept off the public class). */
export interface SubscriptionSink<M> {
  deliver(message: M): void;
  confirmed(sid: number, reason: 'subscribe' | 'reconnect' | 'gap'): void;
  /** The server-side subscription is gone (connection lost, gap); a resubscribe is under way. */
  detached(): void;
  gap(gap: GapEvent): void;
  setParams(params: Record<string, unknown>): void;
  fail(error: Error): void;
  end(): void;
}

/**
 * One subscription to one channel. It is both an async iterator and a listener target, and it stays valid across
 * reconnects and resubscribes: the server's `sid` changes, this object does not.
 *
 * Buffering: messages that arrive before the first consumer (the first `on(...)` or `for await`) are held, then
 * handed to every consumer attached in that same tick, so the snapshot that follows `subscribed` is never missed.
 * After that, listeners are called synchronously and nothing is buffered for them; an open iterator gets a
 * bounded queue (`bufferSize`) with the subscription's overflow policy. Leaving a `for await` loop early
 * (`break`, `return`, a throw) unsubscribes.
 */
export class Subscription<M extends TypedMessage, U = Record<string, unknown>> implements AsyncIterable<M> {
  readonly #host: SubscriptionHost<U>;
  readonly #queue: RingQueue<M>;
  readonly #listeners: Listeners<Record<string, (message: M) => void>>;
  readonly #events: Listeners<SubscriptionEvents>;
  #params: Record<string, unknown>;
  #sid: number | undefined;
  #state: SubscriptionState = 'subscribing';
  #holding = true;
  #flushScheduled = false;
  #iterating = false;
  #waiter: { resolve: (r: IteratorResult<M>) => void; reject: (e: unknown) => void } | undefined;
  #failure: Error | undefined;
  #dropped = 0;
  #unsubscribing: Promise<void> | undefined;

  constructor(
    readonly channel: string,
    params: Record<string, unknown>,
    readonly overflow: OverflowPolicy,
    readonly bufferSize: number,
    host: SubscriptionHost<U>,
    attach: (sink: SubscriptionSink<M>) => void,
  ) {
    this.#host = host;
    this.#params = params;
    this.#queue = new RingQueue<M>(bufferSize);
    this.#listeners = new Listeners((e) => host.listenerError(e));
    this.#events = new Listeners((e) => host.listenerError(e));
    attach({
      deliver: (m) => this.#deliver(m),
      confirmed: (sid, reason) => this.#confirmed(sid, reason),
      detached: () => {
        if (this.#state === 'active') this.#state = 'resubscribing';
      },
      gap: (gap) => this.#events.emit('gap', gap),
      setParams: (p) => {
        this.#params = p;
      },
      fail: (error) => this.#fail(error),
      end: () => this.#end(),
    });
  }

  /** The server's current subscription id; changes on every resubscribe, undefined while none is confirmed. */
  get sid(): number | undefined {
    return this.#sid;
  }

  get state(): SubscriptionState {
    return this.#state;
  }

  /** The subscribe parameters, as updated by `update()`; used again on every resubscribe. */
  get params(): Readonly<Record<string, unknown>> {
    return this.#params;
  }

  /** Messages discarded by the `drop-oldest` policy so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Calls `listener` for every message of type `type` (or every message for `'*'`). Returns a function that removes it. */
  on<T extends MessageType<M> | '*'>(type: T, listener: MessageListener<M, T>): () => void {
    const off = this.#listeners.on(type, listener as (message: M) => void);
    this.#consumerAttached();
    return off;
  }

  /** Subscription lifecycle events: gap, resubscribed, dropped, error, closed. */
  onEvent<E extends keyof SubscriptionEvents>(event: E, listener: SubscriptionEvents[E]): () => void {
    return this.#events.on(event, listener);
  }

  // These two are async so that a subscription the client no longer has (the host throws) rejects, never throws.

  /** Adds or removes markets (the spec's `update_subscription`); the change is kept for resubscribes. */
  async update(params: U): Promise<void> {
    return this.#host.update(this as unknown as Subscription<TypedMessage, U>, params);
  }

  /**
   * Ends the subscription on the server; open iterators finish after the messages already buffered. A call while
   * one is under way waits for that one.
   */
  async unsubscribe(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'failed') return;
    this.#unsubscribing ??= this.#host.unsubscribe(this as unknown as Subscription<TypedMessage, U>);
    return this.#unsubscribing;
  }

  [Symbol.asyncIterator](): AsyncIterator<M> {
    if (this.#iterating)
      throw new KalshiError(
        `the ${this.channel} subscription is already being iterated; use on() for a second consumer`,
      );
    this.#iterating = true;
    this.#consumerAttached();
    const iterator: AsyncIterator<M> & AsyncIterable<M> = {
      next: () => this.#next(),
      return: async () => {
        this.#stopIterating();
        await this.unsubscribe().catch(() => {});
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  #next(): Promise<IteratorResult<M>> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (!this.#holding) {
      const message = this.#queue.shift();
      if (message !== undefined) return Promise.resolve({ value: message, done: false });
      if (this.#state === 'closed') return Promise.resolve({ value: undefined, done: true });
    }
    if (this.#waiter) return Promise.reject(new KalshiError('next() called again before the previous call settled'));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  #stopIterating(): void {
    this.#iterating = false;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve({ value: undefined, done: true });
    if (!this.#holding) this.#queue.clear();
  }

  #deliver(message: M): void {
    if (this.#holding) {
      this.#enqueue(message);
      return;
    }
    this.#emit(message);
    if (!this.#iterating) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ value: message, done: false });
    } else {
      this.#enqueue(message);
    }
  }

  /** Hands `message` to the listeners for its type, then to the `'*'` ones. */
  #emit(message: M): void {
    if (this.#listeners.size === 0) return;
    this.#listeners.emit(message.type as string, message);
    this.#listeners.emit('*', message);
  }

  #enqueue(message: M): void {
    if (this.#queue.full) {
      if (this.overflow === 'error') {
        this.#fail(new SubscriptionOverflowError(this.channel, this.bufferSize));
        this.#host.failed(this as unknown as Subscription<TypedMessage, U>);
        return;
      }
      this.#queue.shift();
      this.#dropped++;
      this.#events.emit('dropped', { total: this.#dropped });
    }
    this.#queue.push(message);
  }

  /** The first consumer ends the holding period at the next microtask: consumers attached until then get it all. */
  #consumerAttached(): void {
    if (!this.#holding || this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#holding = false;
    if (this.#failure) return;
    if (this.#listeners.size !== 0) for (const message of this.#queue.toArray()) this.#emit(message);
    if (!this.#iterating) {
      this.#queue.clear();
      return;
    }
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    const first = this.#queue.shift();
    if (first !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ value: first, done: false });
    } else if (this.#state === 'closed') {
      this.#waiter = undefined;
      waiter.resolve({ value: undefined, done: true });
    }
  }

  #confirmed(sid: number, reason: 'subscribe' | 'reconnect' | 'gap'): void {
    const previousSid = this.#sid;
    this.#sid = sid;
    if (this.#state === 'closed' || this.#state === 'failed') return;
    this.#state = 'active';
    if (reason !== 'subscribe') this.#events.emit('resubscribed', { sid, previousSid, reason });
  }

  #fail(error: Error): void {
    if (this.#state === 'closed' || this.#state === 'failed') return;
    this.#state = 'failed';
    this.#failure = error;
    this.#queue.clear();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
    this.#events.emit('error', error);
  }

  #end(): void {
    if (this.#state === 'closed' || this.#state === 'failed') return;
    this.#state = 'closed';
    // A waiting iterator finishes now if nothing is left for it; while holding, #flush settles it.
    const waiter = this.#waiter;
    if (waiter && !this.#holding && this.#queue.length === 0) {
      this.#waiter = undefined;
      waiter.resolve({ value: undefined, done: true });
    }
    this.#events.emit('closed');
  }
}
