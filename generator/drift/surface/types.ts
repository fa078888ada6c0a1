/**
 * The normalised API surface: what the drift engine compares and what `specs/kalshi.lock.json` stores. It keeps
 * only what code using the SDK depends on (operations, parameters, fields, types, enums, security, WebSocket
 * channels and messages); descriptions are reduced to fingerprints in `documentation` so that a documentation
 * edit is visible without being API drift. Every map is keyed by a stable name and written sorted.
 */

/** Where a type is used: `request` for what the client sends, `response` for what it reads. */
export type Role = 'request' | 'response';

/**
 * One node of a type: a parameter, a body, a schema root, a property, an array item, a map value.
 *
 * `type` is canonical text: `string`, `string(date-time)`, `integer(int64)`, `number`, `boolean`, `null`,
 * `unknown`, `none` (a response without a JSON body), `object`, `array`, `map`, `enum<string>`, a literal
 * (`"subscribe"`), a named schema (`#Market`), or a combination (`oneOf(#A | #B)`, `allOf(#A & object)`). Array
 * items, map values and inline object properties are separate nodes, so a change is reported once, where it is.
 */
export interface FieldSurface {
  type: string;
  /** Required property, parameter or request body. Absent for roots that cannot be optional. */
  required?: true;
  nullable?: true;
  /** Enum values, sorted. */
  enum?: (string | number)[];
  deprecated?: true;
  /** The default the server applies, as JSON. */
  default?: unknown;
}

/**
 * The nodes of one element, keyed by their path below it. For a schema: `''` (the schema itself), `.status`,
 * `.price_ranges[]`, `.price_ranges[].start`, `.metadata{}` (map values), `|0` (first inline oneOf variant).
 * For an operation: `query.status`, `path.ticker`, `request`, `request.ticker`, `response 200`,
 * `response 200.markets[]`.
 */
export type FieldMap = Record<string, FieldSurface>;

export interface SchemaSurface {
  /** Whether the schema is reachable from requests, responses, both, or neither (`[]`). */
  usedIn: Role[];
  fields: FieldMap;
}

export interface PaginationSurface {
  cursorParam: string;
  cursorField: string;
}

export interface OperationSurface {
  method: string;
  path: string;
  deprecated?: true;
  /**
   * Accepted security requirements, each the `+`-joined scheme names it needs, sorted; `''` is the anonymous
   * alternative. `[]` when the spec declares none.
   */
  security: string[];
  pagination?: PaginationSurface;
  fields: FieldMap;
}

export interface SecuritySchemeSurface {
  type: string;
  in?: string;
  /** Header (or query) name of an apiKey scheme: what the runtime's signer must send. */
  name?: string;
}

export interface RestSurface {
  /** Server URLs, sorted: the SDK's default endpoints must stay among them. */
  servers: string[];
  /** Keyed by operationId, the SDK's function name. */
  operations: Record<string, OperationSurface>;
  /** Keyed by the schema's name in the spec. */
  schemas: Record<string, SchemaSurface>;
  securitySchemes: Record<string, SecuritySchemeSurface>;
  /** Location (as in change reports) → fingerprint of its human-readable text. */
  documentation: Record<string, string>;
}

export interface WsMessageSurface {
  /** The message's wire name (`orderbook_delta`, `subscribe`). */
  name: string;
  direction: 'client' | 'server';
  contentType: string;
  /** `field=value|value` of the payload field that identifies the message on the wire, when there is one. */
  discriminator?: string;
  fields: FieldMap;
}

export interface WsChannelSurface {
  address: string;
  /** Keys of the messages the channel carries, sorted. */
  messages: string[];
}

export interface WsSurface {
  /** Server URLs (`wss://host/path`), sorted. */
  servers: string[];
  /** Keyed by the message's key under `components/messages`. */
  messages: Record<string, WsMessageSurface>;
  /** Keyed by channel name (what subscribe commands use). */
  channels: Record<string, WsChannelSurface>;
  schemas: Record<string, SchemaSurface>;
  /** Numeric error code (as a string key) → its name. */
  errorCodes: Record<string, string>;
  documentation: Record<string, string>;
}

/** Which spec a surface or report is about, REST first (the order reports list them in). */
export const API_KINDS = ['openapi', 'asyncapi'] as const;
export type ApiKind = (typeof API_KINDS)[number];

/** Identity of a spec as read: where from, which `info.version`, which bytes. */
export interface SpecStamp {
  /** The file or URL the spec was read from; for a surface read from a lock, the one the lock recorded it from. */
  source: string;
  version: string;
  sha256: string;
  /** The lock file the surface was read from, when it was. */
  lock?: string;
}

export type SpecSurface =
  | { kind: 'openapi'; stamp: SpecStamp; surface: RestSurface }
  | { kind: 'asyncapi'; stamp: SpecStamp; surface: WsSurface };

export type RestSpecSurface = Extract<SpecSurface, { kind: 'openapi' }>;
export type WsSpecSurface = Extract<SpecSurface, { kind: 'asyncapi' }>;
