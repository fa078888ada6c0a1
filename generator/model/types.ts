import type { BookShape } from '../../templates/ws/orderbook.ts';
import type { OverflowPolicy } from '../../templates/ws/protocol.ts';
import type { RateLimitCost } from './rate-limits.ts';

/**
 * The intermediate model: what the naming stage, the emitters and the drift engine see. It is built once from a
 * spec and holds no YAML and no `$ref`s. It names nothing in any target language: named schemas are referenced by
 * their name in the spec, operations are known by their operationId, messages by their key; the identifiers a
 * target emits are chosen by its naming stage (generator/plan/).
 */

export interface SpecIdentity {
  /** Path or URL the spec was read from. */
  location: string;
  sha256: string;
  title: string;
  version: string;
}

/**
 * A type expression. A `ref` stands for a named schema of the same spec, by its name there
 * (`NamedTypeModel.specName`). `nullable` and the doc fields apply to every kind.
 */
export type TypeModel = (
  | { kind: 'ref'; schema: string }
  /** `decimal`: the string is a decimal number (see isDecimalStringSchema), typed `DecimalString`. */
  | { kind: 'string'; format?: string; decimal?: boolean }
  | { kind: 'number'; integer: boolean; format?: string }
  | { kind: 'boolean' }
  | { kind: 'null' }
  | { kind: 'unknown' }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'enum'; values: (string | number)[] }
  | { kind: 'array'; items: TypeModel }
  | {
      kind: 'object';
      properties: PropertyModel[];
      additionalProperties?: TypeModel;
      /**
       * The `allOf` parts this object was merged from (see flattenOverridingAllOf), as declared: the SDK emits the
       * merged object, drift detection the declaration, so that a change of an extended schema is reported once,
       * at that schema.
       */
      mergedFrom?: TypeModel[];
    }
  | { kind: 'allOf'; parts: TypeModel[] }
  | { kind: 'oneOf'; variants: TypeModel[] }
) &
  TypeAnnotations;

export interface TypeAnnotations {
  nullable?: boolean;
  description?: string;
  deprecated?: boolean;
  default?: unknown;
  /** The schema's `example` (or first of its `examples`), as written: sample data for the SDK's mock exchange. */
  example?: unknown;
}

export interface PropertyModel {
  name: string;
  required: boolean;
  type: TypeModel;
}

export interface NamedTypeModel {
  /** Name in the spec (`components/schemas/<specName>`), unique in its spec. */
  specName: string;
  type: TypeModel;
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  type: TypeModel;
  description?: string;
  deprecated?: boolean;
  /** Query serialisation (OpenAPI defaults: form, explode). */
  style: string;
  explode: boolean;
}

export interface RequestBodyModel {
  required: boolean;
  contentType: string;
  type: TypeModel;
  /**
   * Property names of the body when it is an object whose fields can be spread into the params object without
   * clashing with a path or query parameter; otherwise the body is passed whole as `params.body`.
   */
  fields?: string[];
}

export interface ResponseModel {
  /** HTTP status code as written in the spec (`200`, `201`, `2XX`, `default`). */
  status: string;
  description?: string;
  /** Undefined when the response has no JSON body. */
  type?: TypeModel;
}

/** How a list operation pages: `cursor` query parameter in, a cursor field out, one or more item arrays. */
export interface PaginationModel {
  cursorParam: string;
  cursorField: string;
  /** Array-valued fields of the 2xx body that carry the page's items, in spec order. */
  itemFields: string[];
}

export interface OperationModel {
  /** Unique in its spec: what the operation is known by. */
  operationId: string;
  method: HttpMethod;
  /** Path template relative to the server URL, e.g. `/markets/{ticker}`. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** Whether the spec requires credentials for this operation. */
  requiresAuth: boolean;
  /** The credentials it takes (see credentials.ts); undefined: none is sent. */
  auth?: OperationCredential;
  /** Security requirement names as written (sorted), for drift detection. */
  security: string[][];
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  /** The success (2xx) response the operation returns. */
  success: ResponseModel;
  /** Every declared response, success and error, for documentation and drift. */
  responses: ResponseModel[];
  pagination?: PaginationModel;
  /** The token cost the spec documents, and the body arrays a batch is billed by; undefined: the default cost. */
  rateLimit?: RateLimitCost;
  /** The request body field that makes a retry safe (e.g. `client_order_id`); see findIdempotencyKey. */
  idempotencyKey?: string;
  /** JSON pointer of the operation in its spec, for error messages. */
  pointer: string;
}

/** `signed`: Kalshi's KALSHI-ACCESS-* headers; `bearer`: an http bearer token; `optional`: signed when possible. */
export type OperationCredential = 'signed' | 'bearer' | 'optional';

/** The operations an account's rate limits are read from, by operationId (see account-limits.ts). */
export interface AccountLimitsModel {
  limits: string;
  costs?: string;
}

export interface SecuritySchemeModel {
  name: string;
  type: string;
  /** The http scheme (`bearer`, `basic`) of an `http` scheme. */
  scheme?: string;
  in?: string;
  /** Header (or query) name for apiKey schemes. */
  paramName?: string;
  description?: string;
}

export interface ApiModel {
  spec: SpecIdentity;
  description?: string;
  servers: string[];
  schemas: NamedTypeModel[];
  operations: OperationModel[];
  securitySchemes: SecuritySchemeModel[];
  /** Where a rate limiter reads the account's limits from, when the spec has such operations. */
  accountLimits?: AccountLimitsModel;
}

/** One message of the WebSocket API (`components/messages/<key>`). */
export interface WsMessageModel {
  /** Key under `components/messages`, e.g. `orderbookDelta`. */
  key: string;
  /** The message's `name`, e.g. `orderbook_delta`, `subscribe`. */
  name: string;
  title?: string;
  summary?: string;
  description?: string;
  /** `client` when the client sends it (the spec's `receive` operations), `server` when the server sends it. */
  direction: 'client' | 'server';
  contentType: string;
  /** A `ref` when the payload is a named schema; otherwise the message declares its payload itself. */
  payload: TypeModel;
  /**
   * The payload field that tells messages apart on the wire and its fixed value(s) from the spec: `type` for
   * server messages, `cmd` for client commands. Undefined for frames without one (ping/pong control frames).
   */
  discriminator?: { field: string; values: string[] };
  /** Server messages only: the payload requires `seq`, a per-subscription sequence number (gaps mean lost frames). */
  sequenced?: boolean;
  /** Server messages only: the message carries full state (its name or type has the word "snapshot"). */
  snapshot?: boolean;
}

export interface WsChannelModel {
  /** Key under `channels`, the name used in subscribe commands (e.g. `orderbook_delta`). */
  name: string;
  address: string;
  title?: string;
  description?: string;
  /** Keys of the messages (`WsMessageModel.key`) the channel can carry. */
  messages: string[];
  /** Tag names of the operations on this channel, sorted (Kalshi tags private channels `private`). */
  tags?: string[];
  /**
   * Whether the channel is a stream one subscribes to by name: its address is not the connection root (`/`), which
   * carries commands, replies and control frames.
   */
  subscribable?: boolean;
  /**
   * The params of the spec's `subscribe` command this channel accepts, without `channels` (the client sets it).
   * Which params those are is read from the spec's prose (see `channelSubscribeParams`). Subscribable channels only,
   * when the subscribe command's params are an object.
   */
  subscribeParams?: PropertyModel[];
  /** What a subscription to the channel delivers and how the runtime treats it; see `WsSubscriptionModel`. */
  subscription?: WsSubscriptionModel;
}

/**
 * A channel one can subscribe to that delivers messages the client can tell apart (subscribable, with server
 * messages that have a discriminator), and the policies the runtime follows for it. The policies come from the spec
 * by documented rules, never from channel names (see `subscriptionOf` in asyncapi.ts).
 */
export interface WsSubscriptionModel {
  /** Keys of the messages a subscription delivers: the channel's server messages with a discriminator, one per payload. */
  messages: string[];
  /** The discriminator values of those messages. */
  messageTypes: string[];
  /** Of those, the ones that carry full state (a "book" channel). */
  snapshotTypes: string[];
  /** Whether some message requires a sequence number: gaps are then detected per subscription. */
  sequenced: boolean;
  /** What a full subscription buffer does by default. */
  overflow: OverflowPolicy;
  /** Whether its messages keep an order book, and how (see `deriveBook` in book-shape.ts). */
  book?: WsBookModel;
}

/** An order book a channel's snapshots and deltas keep. */
export interface WsBookModel {
  /** Which fields hold the sides, prices and counts, and how prices behave: data the runtime's book follows. */
  shape: BookShape;
  /** The payload property both messages carry the book's fields in (the `msg` a book applies). */
  body: string;
  /** Keys of the snapshot and the delta message the shape was read from. */
  messages: readonly [snapshot: string, delta: string];
}

export interface WsErrorCodeModel {
  code: number;
  name: string;
  description?: string;
}

export interface WsModel {
  spec: SpecIdentity;
  description?: string;
  /** Server URLs as `wss://host/path`. */
  servers: string[];
  schemas: NamedTypeModel[];
  messages: WsMessageModel[];
  channels: WsChannelModel[];
  errorCodes: WsErrorCodeModel[];
}
