/**
 * What the client knows about a spec, as data: the generated `ws.ts` passes a `WsProtocol` built from the spec, so
 * this runtime never reads or names a spec's channels itself. Also the type helpers that derive listener and
 * parameter types from the generated unions.
 */

/**
 * What a subscription does when its buffer is full: `drop-oldest` discards the oldest message (feeds where the newest
 * value matters); `error` fails the subscription with a SubscriptionOverflowError (streams whose state would be
 * silently corrupted by a lost message).
 */
export type OverflowPolicy = 'drop-oldest' | 'error';

/** The run-time facts about one channel, generated from the spec. */
export interface ChannelDescriptor<Type extends string = string> {
  /** The `type` of every message a subscription to the channel delivers. */
  readonly messageTypes: readonly Type[];
  /** Of those, the ones that carry full state (a "book" channel); a resubscribe brings fresh ones. */
  readonly snapshotTypes: readonly Type[];
  /** Whether messages carry `seq`, consecutive per subscription id; a gap triggers a resubscribe. */
  readonly sequenced: boolean;
  /** Default overflow policy; `subscribe(…, {overflow})` overrides it. */
  readonly overflow: OverflowPolicy;
}

export interface ErrorCodeInfo {
  readonly name: string;
  readonly description?: string;
}

export interface WsProtocol {
  readonly channels: { readonly [channel: string]: ChannelDescriptor };
  readonly serverMessageTypes: readonly string[];
  readonly errorCodes: { readonly [code: number]: ErrorCodeInfo };
}

/** A server frame: discriminated by `type`. */
export interface TypedMessage {
  type?: string;
}

/** The `type` values of a message union. */
export type MessageType<M extends TypedMessage> = Exclude<M['type'], undefined>;

/** The member of union `M` whose `type` is `T`. */
export type MessageOfType<M extends TypedMessage, T extends MessageType<M>> = Extract<M, { type?: T }>;

/** A listener for messages of type `T` (or every message for `'*'`), derived from the union. */
export type MessageListener<M extends TypedMessage, T extends MessageType<M> | '*'> = (
  message: T extends MessageType<M> ? MessageOfType<M, T> : M,
) => void;

type ParamsOf<Command, Name extends string> = Command extends { cmd?: Name; params?: infer P } ? P : never;
/** `Omit` for each member of a union: a spec may define one command name with several param shapes. */
type Without<P, K extends PropertyKey> = [P] extends [never]
  ? Record<string, unknown>
  : P extends unknown
    ? Omit<P, K>
    : never;

/** The `params` of the spec's `subscribe` command, without `channels` (the client sets it). */
export type SubscribeParams<Command> = Without<ParamsOf<Command, 'subscribe'>, 'channels'>;

/**
 * The arguments of `subscribe` after the channel, for a channel whose params are `P`: the params may be left out
 * unless the spec requires some of them.
 */
// `{} extends P` is true when every key of P is optional: the empty object type is the point here.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type SubscribeArguments<P, Options> = {} extends P
  ? [params?: P, options?: Options]
  : [params: P, options?: Options];

/** The `params` of the spec's `update_subscription` command, without the subscription ids (the client sets them). */
export type UpdateSubscriptionParams<Command> = Without<ParamsOf<Command, 'update_subscription'>, 'sid' | 'sids'>;
