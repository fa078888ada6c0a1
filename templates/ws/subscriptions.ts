import { KalshiError } from '../runtime/errors.js';
import { IGNORE_REPLY, type Frame, type ReplyHandlers } from './commands.js';
import { WsClosedError, WsCommandError, WsTimeoutError } from './errors.js';
import { applySubscriptionUpdate, sameParams } from './params.js';
import type { ChannelDescriptor, OverflowPolicy, TypedMessage } from './protocol.js';
import { Subscription, type GapEvent, type SubscriptionHost, type SubscriptionSink } from './subscription.js';

type AnySubscription = Subscription<TypedMessage, unknown>;
/** A subscribe command sent, and the params it asked for. */
type SubscribeRequest = { readonly params: Readonly<Record<string, unknown>> };
type Send = (cmd: string, params: Record<string, unknown> | undefined, handlers: ReplyHandlers) => number;

/** What the subscriptions need from the client. */
export interface SubscriptionsClient {
  /** Sends a command (Commands.send). */
  send: Send;
  /** Whether a subscribe can be sent now; otherwise it is sent when the connection opens. */
  connected(): boolean;
  /** A gap, already reported on its subscription. */
  gap(gap: GapEvent): void;
  /** A failure nobody awaits (a resubscribe refused). */
  error(error: Error): void;
  /** A listener of a subscription threw. */
  listenerError(error: unknown): void;
}

/** What a record asks of the registry it is kept in. */
interface RecordOwner {
  send: Send;
  /** Frames with `sid` go to `record`. */
  route(sid: number, record: SubscriptionRecord): void;
  /** Frames with `sid` are stale from now on. */
  retire(sid: number): void;
  /** The record is no longer kept: its subscription ended or failed. */
  forget(record: SubscriptionRecord): void;
  gap(gap: GapEvent): void;
  error(error: Error): void;
}

type Waiter<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };

/**
 * The client's record of one subscription: its server-side sid, the sequence seen on it, the subscribe in flight.
 * Its methods are the transitions (confirmed, gap, update acknowledged, connection lost, ended); nothing else
 * changes its state.
 */
export class SubscriptionRecord {
  readonly sub: AnySubscription;
  /** The message types its channel delivers: a frame of another type with its sid is not for it. */
  readonly types: ReadonlySet<string>;
  readonly #sequenced: boolean;
  readonly #sink: SubscriptionSink<TypedMessage>;
  readonly #owner: RecordOwner;
  #sid: number | undefined;
  #lastSeq = 0;
  /** The subscribe command in flight. */
  #request: SubscribeRequest | undefined;
  /** Whether the server ever confirmed it (later confirmations are resubscribes). */
  #confirmedOnce = false;
  /** Why the next confirmation happens, once the server-side subscription was lost. */
  #resubscribeReason: 'reconnect' | 'gap' = 'reconnect';
  /** Unsubscribed, failed or ended with the client. */
  #closed = false;
  #first: Waiter<AnySubscription> | undefined;
  #confirmWaiters: Waiter<void>[] = [];

  constructor(
    channel: string,
    descriptor: ChannelDescriptor,
    params: Record<string, unknown>,
    overflow: OverflowPolicy,
    bufferSize: number,
    host: SubscriptionHost<unknown>,
    owner: RecordOwner,
  ) {
    let sink!: SubscriptionSink<TypedMessage>;
    this.sub = new Subscription<TypedMessage, unknown>(channel, params, overflow, bufferSize, host, (s) => (sink = s));
    this.#sink = sink;
    this.types = new Set(descriptor.messageTypes);
    this.#sequenced = descriptor.sequenced;
    this.#owner = owner;
  }

  /** Resolves with the subscription when the server first confirms it; rejects if that never happens. */
  firstConfirmation(): Promise<AnySubscription> {
    return new Promise((resolve, reject) => (this.#first = { resolve, reject }));
  }

  /** Asks the server for the subscription, unless it has it or a request is under way. */
  subscribe(): void {
    if (!this.#closed && this.#request === undefined && this.#sid === undefined) this.#requestSubscribe();
  }

  /** A frame routed here by its sid. False when it broke the sequence: it is withheld and a resubscribe started. */
  receive(frame: Frame, sid: number): boolean {
    if (this.#sequenced) {
      const seq = frame.seq;
      if (typeof seq === 'number') {
        if (this.#lastSeq !== 0 && seq !== this.#lastSeq + 1) {
          this.#onGap(sid, seq);
          return false;
        }
        this.#lastSeq = seq;
      }
    }
    this.#sink.deliver(frame as TypedMessage);
    return true;
  }

  async update(update: Record<string, unknown>): Promise<void> {
    if (this.#sid === undefined) {
      await new Promise<void>((resolve, reject) => this.#confirmWaiters.push({ resolve, reject }));
    }
    const sid = this.#sid!;
    await new Promise<void>((resolve, reject) => {
      this.#owner.send(
        'update_subscription',
        { ...update, sids: [sid] },
        {
          // Applied here, not after an await: frames that came in the same chunk as the reply (the added markets'
          // snapshots) are handled before any continuation runs, and must see the reply's seq and the new markets.
          onReply: (reply) => {
            // A reply carrying the subscription's seq took a place in its sequence.
            if (this.#sequenced && this.#sid === sid && reply.seq === this.#lastSeq + 1) this.#lastSeq++;
            this.#paramsUpdated(applySubscriptionUpdate(this.sub.params, update, reply));
            resolve();
          },
          onError: reject,
          onDrop: () =>
            reject(
              new WsClosedError(
                `the connection closed before update_subscription was answered; ${this.sub.channel} keeps its previous markets`,
              ),
            ),
        },
      );
    });
  }

  async unsubscribe(): Promise<void> {
    this.#closed = true;
    this.#owner.forget(this);
    this.#rejectWaiters(new WsClosedError(`unsubscribed from ${this.sub.channel} before the server confirmed it`));
    const sid = this.#sid;
    if (sid !== undefined) {
      this.#retire(sid);
      await new Promise<void>((resolve, reject) => {
        this.#owner.send(
          'unsubscribe',
          { sids: [sid] },
          {
            onReply: () => resolve(),
            // Unknown subscription id: already gone on the server, which is what was asked.
            onError: (error) =>
              error instanceof WsCommandError || error instanceof WsTimeoutError ? resolve() : reject(error),
            onDrop: () => resolve(),
          },
        );
      });
    }
    this.#sink.end();
  }

  /** The subscription failed on its own (overflow): forget it and leave it on the server. */
  overflowed(): void {
    this.#owner.forget(this);
    this.#closed = true;
    this.#rejectWaiters(new WsClosedError(`the ${this.sub.channel} subscription failed`));
    const sid = this.#sid;
    if (sid === undefined) return;
    this.#retire(sid);
    this.#endOnServer(sid);
  }

  /** The server-side subscription died with the connection; it is requested again when the next one opens. */
  connectionLost(): void {
    this.#sid = undefined;
    this.#lastSeq = 0;
    this.#request = undefined;
    this.#resubscribeReason = 'reconnect';
    this.#sink.detached();
  }

  /** No connection will come back: the subscription fails with `error`. */
  connectionFailed(error: Error): void {
    this.#rejectWaiters(error);
    this.#sink.fail(error);
  }

  /** The client was closed: the subscription ends. */
  clientClosed(error: Error): void {
    this.#closed = true;
    this.#rejectWaiters(error);
    this.#sink.end();
  }

  #requestSubscribe(): void {
    const reason = this.#confirmedOnce ? this.#resubscribeReason : 'subscribe';
    const request: SubscribeRequest = { params: this.sub.params };
    this.#request = request;
    this.#owner.send(
      'subscribe',
      { ...request.params, channels: [this.sub.channel] },
      {
        onReply: (frame) => this.#subscribed(request, reason, frame),
        onError: (error) => {
          if (this.#settle(request)) this.#fail(error);
        },
        // Sent again when the next connection opens.
        onDrop: () => this.#settle(request),
      },
    );
  }

  /** A reply to `request` came: true when it is still the request that counts, not one a newer one replaced. */
  #settle(request: SubscribeRequest): boolean {
    if (this.#request !== request) return false;
    this.#request = undefined;
    return true;
  }

  #subscribed(request: SubscribeRequest, reason: 'subscribe' | 'reconnect' | 'gap', frame: Frame): void {
    const current = this.#settle(request);
    const sid = (frame.msg as { sid?: unknown } | undefined)?.sid;
    if (typeof sid !== 'number') {
      if (current) this.#fail(new KalshiError(`subscribe to ${this.sub.channel}: the reply has no sid`));
      return;
    }
    if (this.#closed) return this.#endOnServer(sid);
    // Replaced by a request with the params an update changed meanwhile: this sid streams the old ones.
    if (!current) {
      this.#retire(sid);
      return this.#endOnServer(sid);
    }
    this.#sid = sid;
    this.#lastSeq = 0;
    this.#confirmedOnce = true;
    this.#owner.route(sid, this);
    this.#sink.confirmed(sid, reason);
    this.#first?.resolve(this.sub);
    this.#first = undefined;
    for (const w of this.#confirmWaiters.splice(0)) w.resolve();
  }

  #onGap(sid: number, received: number): void {
    const gap: GapEvent = { channel: this.sub.channel, sid, expected: this.#lastSeq + 1, received };
    this.#retire(sid);
    this.#resubscribeReason = 'gap';
    this.#sink.detached();
    this.#sink.gap(gap);
    this.#owner.gap(gap);
    // Leave the broken stream and start a fresh one: a book channel begins again with a snapshot.
    this.#endOnServer(sid);
    this.#requestSubscribe();
  }

  /**
   * The server applied an update. A subscribe sent before its reply (a gap's resubscribe) asks for the old params,
   * and the subscription it makes would never stream what the update added: ask again with the new ones.
   */
  #paramsUpdated(params: Record<string, unknown>): void {
    this.#sink.setParams(params);
    const request = this.#request;
    if (!this.#closed && request !== undefined && !sameParams(request.params, params)) this.#requestSubscribe();
  }

  /** The subscription failed for good: forget it and reject whoever waits on it. */
  #fail(error: Error): void {
    this.#owner.forget(this);
    this.#closed = true;
    // Nobody awaits the subscribe any more (a resubscribe was refused): report it on the client.
    if (!this.#first) this.#owner.error(error);
    this.#rejectWaiters(error);
    this.#sink.fail(error);
  }

  /** Gives up `sid` (its own, or the one a replaced request got): frames still coming on it are stale. */
  #retire(sid: number): void {
    this.#owner.retire(sid);
    if (this.#sid !== sid) return;
    this.#sid = undefined;
    this.#lastSeq = 0;
  }

  /** Ends `sid` on the server; the reply does not matter. */
  #endOnServer(sid: number): void {
    this.#owner.send('unsubscribe', { sids: [sid] }, IGNORE_REPLY);
  }

  /** Everyone waiting on the subscription's (re)confirmation learns it will not come. */
  #rejectWaiters(error: unknown): void {
    this.#first?.reject(error);
    this.#first = undefined;
    for (const w of this.#confirmWaiters.splice(0)) w.reject(error);
  }
}

/**
 * The client's subscriptions: a record per subscription, the sid each frame is routed by, and the sids it has left
 * (frames still in flight on them are expected, and ignored).
 */
export class Subscriptions {
  readonly #client: SubscriptionsClient;
  readonly #host: SubscriptionHost<unknown>;
  readonly #owner: RecordOwner;
  readonly #records = new Map<AnySubscription, SubscriptionRecord>();
  readonly #routes = new Map<number, SubscriptionRecord>();
  readonly #retired = new Set<number>();
  #gaps = 0;
  #staleFrames = 0;

  constructor(client: SubscriptionsClient) {
    this.#client = client;
    this.#host = {
      unsubscribe: (sub) => this.#recordOf(sub).unsubscribe(),
      update: (sub, params) => this.#recordOf(sub).update(params as Record<string, unknown>),
      failed: (sub) => this.#recordOf(sub).overflowed(),
      listenerError: (error) => client.listenerError(error),
    };
    this.#owner = {
      send: (cmd, params, handlers) => client.send(cmd, params, handlers),
      route: (sid, record) => void this.#routes.set(sid, record),
      retire: (sid) => {
        this.#routes.delete(sid);
        this.#retired.add(sid);
      },
      forget: (record) => void this.#records.delete(record.sub),
      gap: (gap) => {
        this.#gaps++;
        client.gap(gap);
      },
      error: (error) => client.error(error),
    };
  }

  /** Sequence gaps seen so far. */
  get gaps(): number {
    return this.#gaps;
  }

  /** Frames for a sid the client had already left. */
  get staleFrames(): number {
    return this.#staleFrames;
  }

  /**
   * A new subscription, requested at once when connected. Returns the promise of its first confirmation; throws
   * when the options are invalid (the buffer size).
   */
  add(
    channel: string,
    descriptor: ChannelDescriptor,
    params: Record<string, unknown>,
    overflow: OverflowPolicy,
    bufferSize: number,
  ): Promise<AnySubscription> {
    const record = new SubscriptionRecord(channel, descriptor, params, overflow, bufferSize, this.#host, this.#owner);
    this.#records.set(record.sub, record);
    const confirmed = record.firstConfirmation();
    if (this.#client.connected()) record.subscribe();
    return confirmed;
  }

  /** The subscription frames with `sid` belong to. */
  routed(sid: number): SubscriptionRecord | undefined {
    return this.#routes.get(sid);
  }

  /** Why a data frame with `sid` reached no subscription; undefined for a sid the client left (counted as stale). */
  misrouted(sid: number): 'wrong-channel' | 'no-subscription' | undefined {
    if (this.#retired.has(sid)) {
      this.#staleFrames++;
      return undefined;
    }
    return this.#routes.has(sid) ? 'wrong-channel' : 'no-subscription';
  }

  /** A connection opened: every subscription the server does not have yet is requested. */
  resume(): void {
    for (const record of this.#records.values()) record.subscribe();
  }

  /** The server-side subscriptions died with the connection; the records stay for the resubscribe. */
  connectionLost(): void {
    for (const record of this.#records.values()) record.connectionLost();
    this.#routes.clear();
    this.#retired.clear();
  }

  /** No connection will come back: every subscription fails with `error`. */
  connectionFailed(error: Error): void {
    for (const record of [...this.#records.values()]) record.connectionFailed(error);
    this.#records.clear();
  }

  /** The client was closed: every subscription ends. */
  clientClosed(error: Error): void {
    for (const record of [...this.#records.values()]) record.clientClosed(error);
    this.#records.clear();
    this.#routes.clear();
  }

  #recordOf(sub: AnySubscription): SubscriptionRecord {
    const record = this.#records.get(sub);
    if (!record) throw new KalshiError(`this ${sub.channel} subscription is no longer active (state ${sub.state})`);
    return record;
  }
}
