import type { AsyncAPIDocumentInterface, Diagnostic, MessageInterface, Parser } from '@asyncapi/parser';
import { SpecError, joinPointer } from '../errors.ts';
import { resolvePointer, type JsonObject, type LoadedSpec } from '../load/index.ts';
import { UniqueNames } from '../unique.ts';
import { checkSchemaCycles, toTypeModel, type SchemaContext } from './schema.ts';
import { deriveBook } from './book-shape.ts';
import { channelSubscribeParams } from './subscribe-params.ts';
import type {
  NamedTypeModel,
  PropertyModel,
  TypeModel,
  WsChannelModel,
  WsErrorCodeModel,
  WsMessageModel,
  WsModel,
  WsSubscriptionModel,
} from './types.ts';
import {
  constValues,
  flattenOverridingAllOf,
  objectProperties,
  requiredFields,
  type TypeTable,
} from './type-queries.ts';

/** The field that tells frames apart on the wire, by who sends them (see `WsMessageModel.discriminator`). */
const DISCRIMINATOR = { server: 'type', client: 'cmd' } as const;
/** A payload that requires this field carries a per-subscription sequence number. */
const SEQUENCE_FIELD = 'seq';
/** The command the runtime subscribes with, and the param of it that the runtime fills in (templates/ws/client.ts). */
const SUBSCRIBE = { cmd: 'subscribe', params: 'params', channels: 'channels' } as const;

let parser: Promise<Parser> | undefined;

/**
 * The parser's core rules, which validate the resolved document against the AsyncAPI schema, without two that only
 * lint: the "recommended" style warnings (about half the parse time), and the second schema validation of the
 * unresolved document, which only reports a `$ref` written where AsyncAPI does not allow one; the parser resolves
 * such a reference like any other, so the model is the same (about a third of what is left).
 */
export const PARSER_RULESET = { recommended: false, rules: { 'asyncapi-document-unresolved': 'off' } } as const;

/**
 * Builds the WebSocket model from a loaded AsyncAPI 3 document. @asyncapi/parser validates the document and gives
 * the resolved channel / operation / message graph; payload schemas are converted from the loaded document itself
 * so that every error names a JSON pointer in the file the user gave us.
 */
export async function buildWsModel(spec: LoadedSpec): Promise<WsModel> {
  const { document: doc, location: file } = spec;
  if (typeof doc.asyncapi !== 'string' || !doc.asyncapi.startsWith('3.')) {
    const found = typeof doc.asyncapi === 'string' ? `"${doc.asyncapi}"` : 'no "asyncapi" field';
    throw new SpecError(file, '/asyncapi', `not an AsyncAPI 3.x document (found ${found})`);
  }
  return modelOf(spec, await parseDocument(spec));
}

function modelOf(spec: LoadedSpec, parsed: AsyncAPIDocumentInterface): WsModel {
  const { document: doc, location: file } = spec;
  const rawSchemas = objectAt(doc, ['components', 'schemas'], file);
  const namedSchemas = new Map(
    Object.keys(rawSchemas).map((specName) => [`#${joinPointer('/components/schemas', specName)}`, specName]),
  );
  const ctx: SchemaContext = { file, document: doc, namedSchemas };
  const converted = Object.entries(rawSchemas).map(([specName, schema]) => ({
    specName,
    type: toTypeModel(schema, joinPointer('/components/schemas', specName), ctx),
  }));
  checkSchemaCycles(converted, file);
  const rawTypes = new Map(converted.map((s) => [s.specName, s.type]));
  const schemas: NamedTypeModel[] = converted.map((s) => ({ ...s, type: flattenOverridingAllOf(s.type, rawTypes) }));
  const types = new Map(schemas.map((s) => [s.specName, s.type]));

  const found = collectMessages(parsed, file);
  const directions = messageDirections(parsed, found, file);
  const messages = [...found.values()].map((m) => buildMessage(m, directions.get(m.key), ctx, types));
  const channels = buildChannels(parsed, found, messages);
  addSubscribeParams(channels, messages, types);
  addBooks(channels, messages, types);

  const info = objectAt(doc, ['info'], file);
  return {
    spec: { location: file, sha256: spec.sha256, title: String(info.title ?? ''), version: String(info.version ?? '') },
    description: typeof info.description === 'string' ? info.description.trim() : undefined,
    servers: parsed
      .servers()
      .all()
      .map((s) => `${s.protocol()}://${s.host()}${s.pathname() ?? ''}`),
    schemas,
    messages,
    channels,
    errorCodes: buildErrorCodes(doc, file),
  };
}

/** Runs @asyncapi/parser; the first diagnostic of severity error becomes a SpecError, warnings are ignored. */
async function parseDocument(spec: LoadedSpec): Promise<AsyncAPIDocumentInterface> {
  // Loaded on first use: importing it costs a third of a second that a generation spends on a worker thread.
  parser ??= import('@asyncapi/parser').then(({ Parser }) => new Parser({ ruleset: PARSER_RULESET }));
  // The already-loaded document is passed rather than the text, so the parser sees exactly what we read (YAML 1.2:
  // `yes`/`no` stay strings) and diagnostic paths line up with our pointers.
  const { document, diagnostics } = await (
    await parser
  ).parse(spec.document as { asyncapi: string } & Record<string, unknown>, { source: spec.location });
  const error = diagnostics.find((d) => d.severity === 0);
  if (error) throw diagnosticError(spec.location, error);
  if (!document) throw new SpecError(spec.location, '', 'the AsyncAPI parser rejected the document without saying why');
  return document;
}

function diagnosticError(file: string, d: Diagnostic): SpecError {
  const message = d.message.split('\n')[0]!.replace(/\.$/, '');
  return new SpecError(file, joinPointer('', ...d.path), `${message} (${d.code})`);
}

interface FoundMessage {
  key: string;
  /** Pointer of the message object in the loaded document. */
  pointer: string;
  /** The parser's resolved message object, for identity. */
  json: unknown;
  model: MessageInterface;
}

/**
 * Every message: those under `components/messages` keyed by their component key, then any written inline in a
 * channel. The parser resolves `$ref`s to shared objects, so object identity tells which component a channel's
 * or operation's message is.
 */
function collectMessages(parsed: AsyncAPIDocumentInterface, file: string): Map<unknown, FoundMessage> {
  const found = new Map<unknown, FoundMessage>();
  // A message written inline in two channels under one id is two messages: the second gets a key of its own.
  const keys = new UniqueNames();
  for (const m of parsed.components().messages().all()) {
    found.set(m.json(), {
      key: keys.claim(m.id()),
      pointer: joinPointer('/components/messages', m.id()),
      json: m.json(),
      model: m,
    });
  }
  for (const channel of parsed.channels().all()) {
    for (const m of channel.messages().all()) {
      if (found.has(m.json())) continue;
      found.set(m.json(), {
        key: keys.claim(m.id()),
        pointer: joinPointer('/channels', channel.id(), 'messages', m.id()),
        json: m.json(),
        model: m,
      });
    }
  }
  if (found.size === 0) throw new SpecError(file, '/components/messages', 'the document defines no messages');
  return found;
}

/**
 * Who sends each message. In AsyncAPI 3 the operations are written from the application's (Kalshi's) side: `send`
 * is a frame the server sends, `receive` one the client sends. An operation without `messages` covers every
 * message of its channel.
 */
function messageDirections(
  parsed: AsyncAPIDocumentInterface,
  found: Map<unknown, FoundMessage>,
  file: string,
): Map<string, { direction: 'client' | 'server'; operation: string }> {
  const directions = new Map<string, { direction: 'client' | 'server'; operation: string }>();
  for (const op of parsed.operations().all()) {
    const operation = op.id() ?? '';
    const direction = op.action() === 'send' ? 'server' : 'client';
    const listed = op.messages().all();
    const messages = listed.length
      ? listed
      : op
          .channels()
          .all()
          .flatMap((c) => c.messages().all());
    for (const m of messages) {
      const message = found.get(m.json());
      if (!message) continue;
      const previous = directions.get(message.key);
      if (previous && previous.direction !== direction) {
        throw new SpecError(
          file,
          joinPointer('/operations', operation, 'action'),
          `message "${message.key}" is sent by the ${direction} here but by the ${previous.direction} in operation "${previous.operation}"`,
        );
      }
      directions.set(message.key, { direction, operation });
    }
  }
  return directions;
}

function buildMessage(
  found: FoundMessage,
  used: { direction: 'client' | 'server' } | undefined,
  ctx: SchemaContext,
  types: Map<string, TypeModel>,
): WsMessageModel {
  const { file, document: doc } = ctx;
  const raw = resolvePointer(doc, found.pointer);
  const message = followRefs(doc, raw, found.pointer, file);
  const payloadPointer = joinPointer(message.pointer, 'payload');
  const payload = flattenOverridingAllOf(
    toTypeModel(schemaOf(message.node.payload, payloadPointer, file), payloadPointer, ctx),
    types,
  );
  // A message no operation mentions has no declared sender; a payload with a constant `cmd` is a client command.
  const direction = used?.direction ?? (constValues(payload, DISCRIMINATOR.client, types) ? 'client' : 'server');
  const field = DISCRIMINATOR[direction];
  const values = constValues(payload, field, types);
  const name = found.model.name() ?? found.key;
  const contentType =
    found.model.contentType() ??
    (typeof doc.defaultContentType === 'string' ? doc.defaultContentType : 'application/json');

  const model: WsMessageModel = {
    key: found.key,
    name,
    direction,
    contentType,
    payload,
  };
  const title = found.model.title();
  const summary = found.model.summary();
  const description = found.model.description();
  if (title) model.title = title;
  if (summary) model.summary = summary.trim();
  if (description) model.description = description.trim();
  if (values) model.discriminator = { field, values };
  if (direction === 'server' && requiredFields(payload, types).has(SEQUENCE_FIELD)) model.sequenced = true;
  if (direction === 'server' && isSnapshot(name, values)) model.snapshot = true;
  return model;
}

/** A message whose name or type has the word "snapshot" carries the full state of what its channel updates. */
function isSnapshot(name: string, values: string[] | undefined): boolean {
  return [name, ...(values ?? [])].some((n) =>
    n
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .includes('snapshot'),
  );
}

/**
 * The payload's schema. AsyncAPI 3 allows a multi-format schema object (`{schemaFormat, schema}`); only JSON Schema
 * formats can become TypeScript types.
 */
function schemaOf(payload: unknown, pointer: string, file: string): unknown {
  if (payload === undefined) return undefined;
  if (payload && typeof payload === 'object' && 'schemaFormat' in payload) {
    const { schemaFormat, schema } = payload as JsonObject;
    if (
      typeof schemaFormat !== 'string' ||
      !/^application\/(vnd\.aai\.asyncapi|schema)(\+json|\+yaml|;|$)/.test(schemaFormat)
    ) {
      throw new SpecError(
        file,
        joinPointer(pointer, 'schemaFormat'),
        `unsupported schemaFormat ${JSON.stringify(schemaFormat)}: only AsyncAPI / JSON Schema payloads are supported`,
      );
    }
    return schema;
  }
  return payload;
}

function buildChannels(
  parsed: AsyncAPIDocumentInterface,
  found: Map<unknown, FoundMessage>,
  messages: WsMessageModel[],
): WsChannelModel[] {
  const byKey = new Map(messages.map((m) => [m.key, m]));
  const tags = new Map<string, Set<string>>();
  for (const op of parsed.operations().all()) {
    for (const channel of op.channels().all()) {
      const set = tags.get(channel.id()) ?? new Set<string>();
      for (const tag of op.tags().all()) set.add(tag.name());
      tags.set(channel.id(), set);
    }
  }
  return parsed
    .channels()
    .all()
    .map((c) => {
      const address = c.address() ?? '';
      const channel: WsChannelModel = {
        name: c.id(),
        address,
        messages: c
          .messages()
          .all()
          .flatMap((m) => {
            const message = found.get(m.json());
            return message ? [message.key] : [];
          }),
      };
      const title = c.json('title');
      if (typeof title === 'string' && title) channel.title = title;
      if (c.description()) channel.description = c.description()!.trim();
      const channelTags = [...(tags.get(c.id()) ?? [])].sort();
      if (channelTags.length) channel.tags = channelTags;
      // The root address is the connection itself (commands, replies, control frames); any other address is a
      // stream one subscribes to by channel name.
      channel.subscribable = address.replace(/^\/+/, '') !== '';
      const subscription = channel.subscribable ? subscriptionOf(channel, byKey) : undefined;
      if (subscription) channel.subscription = subscription;
      return channel;
    });
}

/**
 * What a subscription to a subscribable channel delivers: its server messages with a discriminator (only those can
 * be told apart on the wire; control frames are the WebSocket's own), one per payload type. Undefined when there
 * are none. The policies come from the spec by documented rules, never from channel names:
 * - `sequenced`: some message of the channel requires a `seq` field → gaps are detected per subscription;
 * - `snapshotTypes`: messages carrying full state → the channel is a "book" and a resubscribe brings a fresh one;
 * - `overflow`: what a full subscription buffer does. A channel whose stream is stateful (sequenced, or has
 *   snapshots) or private (an operation tagged private / auth: your fills, orders, positions) must not lose
 *   messages silently, so it fails with an error; anything else is a feed where the newest value matters and
 *   drops its oldest message. Callers can override it per subscription.
 */
function subscriptionOf(
  channel: WsChannelModel,
  messages: ReadonlyMap<string, WsMessageModel>,
): WsSubscriptionModel | undefined {
  const payloads = new Set<string>();
  const delivered = channel.messages
    .map((key) => messages.get(key))
    .filter((m): m is WsMessageModel => m?.direction === 'server' && m.discriminator !== undefined)
    .filter((m) => {
      // A payload is one type however many messages carry it: a named schema, or the message's own.
      const payload = m.payload.kind === 'ref' ? `schema ${m.payload.schema}` : `message ${m.key}`;
      return !payloads.has(payload) && !!payloads.add(payload);
    });
  if (!delivered.length) return undefined;
  const sequenced = delivered.some((m) => m.sequenced);
  const snapshotTypes = delivered.filter((m) => m.snapshot).flatMap((m) => m.discriminator!.values);
  const isPrivate = (channel.tags ?? []).some((t) => /private|auth/i.test(t));
  return {
    messages: delivered.map((m) => m.key),
    messageTypes: [...new Set(delivered.flatMap((m) => m.discriminator!.values))],
    snapshotTypes,
    sequenced,
    overflow: sequenced || snapshotTypes.length > 0 || isPrivate ? 'error' : 'drop-oldest',
  };
}

/** Gives every channel one subscribes to whose messages keep an order book that book (see deriveBook). */
function addBooks(channels: WsChannelModel[], messages: WsMessageModel[], types: TypeTable): void {
  const byKey = new Map(messages.map((m) => [m.key, m]));
  for (const channel of channels) {
    const book = channel.subscription && deriveBook(channel, byKey, types);
    if (book) channel.subscription!.book = book;
  }
}

/** Gives every subscribable channel the subscribe params it accepts (see channelSubscribeParams). */
function addSubscribeParams(channels: WsChannelModel[], messages: WsMessageModel[], types: TypeTable): void {
  const params = subscribeCommandParams(messages, types);
  if (!params) return;
  const subscribable = channels.filter((c) => c.subscribable);
  const accepted = channelSubscribeParams(subscribable, params);
  for (const channel of subscribable) channel.subscribeParams = accepted.get(channel.name)!;
}

/**
 * The params of the spec's subscribe command, but `channels`: those of every variant (a spec may define the command
 * more than once), each required if every variant requires it. Undefined when some variant's params are not an
 * object, which leaves every channel the runtime's `SubscribeParams`.
 */
function subscribeCommandParams(messages: WsMessageModel[], types: TypeTable): PropertyModel[] | undefined {
  const variants: PropertyModel[][] = [];
  for (const m of messages) {
    if (m.direction !== 'client' || !m.discriminator?.values.includes(SUBSCRIBE.cmd)) continue;
    const params = objectProperties(m.payload, types)?.find((p) => p.name === SUBSCRIBE.params);
    const properties = params && objectProperties(params.type, types);
    if (!properties) return undefined;
    variants.push(properties);
  }
  if (!variants.length) return undefined;
  const merged = new Map<string, PropertyModel>();
  for (const p of variants.flat()) {
    if (p.name !== SUBSCRIBE.channels && !merged.has(p.name)) merged.set(p.name, p);
  }
  return [...merged.values()].map((p) => ({
    ...p,
    required: variants.every((v) => v.some((q) => q.name === p.name && q.required)),
  }));
}

/** Kalshi's error table: the `x-error-codes` extension (`{codes: [{code, name, description}]}`); empty without it. */
function buildErrorCodes(doc: JsonObject, file: string): WsErrorCodeModel[] {
  const ext = doc['x-error-codes'];
  if (ext === undefined) return [];
  const list = ext && typeof ext === 'object' && !Array.isArray(ext) ? (ext as JsonObject).codes : undefined;
  if (!Array.isArray(list))
    throw new SpecError(file, '/x-error-codes/codes', 'expected an array of {code, name, description}');
  const seen = new Set<number>();
  return list.map((entry, i) => {
    const pointer = joinPointer('/x-error-codes/codes', i);
    const e = (entry && typeof entry === 'object' ? entry : {}) as JsonObject;
    if (!Number.isSafeInteger(e.code))
      throw new SpecError(file, joinPointer(pointer, 'code'), 'error code must be an integer');
    if (typeof e.name !== 'string' || !e.name.trim())
      throw new SpecError(file, joinPointer(pointer, 'name'), 'error code name must be a non-empty string');
    const code = e.code as number;
    if (seen.has(code)) throw new SpecError(file, joinPointer(pointer, 'code'), `duplicate error code ${code}`);
    seen.add(code);
    const model: WsErrorCodeModel = { code, name: e.name.trim() };
    if (typeof e.description === 'string' && e.description.trim()) model.description = e.description.trim();
    return model;
  });
}

/** Follows `$ref`s in the loaded document (they were all checked at load time). */
function followRefs(
  doc: JsonObject,
  node: unknown,
  pointer: string,
  file: string,
): { node: JsonObject; pointer: string } {
  const seen = new Set<string>();
  while (node && typeof node === 'object' && typeof (node as JsonObject).$ref === 'string') {
    const ref = (node as JsonObject).$ref as string;
    if (seen.has(ref)) throw new SpecError(file, pointer, `circular $ref "${ref}"`);
    seen.add(ref);
    pointer = ref.slice(1);
    node = resolvePointer(doc, pointer);
  }
  if (!node || typeof node !== 'object' || Array.isArray(node))
    throw new SpecError(file, pointer, 'expected an object');
  return { node: node as JsonObject, pointer };
}

/** The mapping at `path`, `{}` when absent. */
function objectAt(doc: JsonObject, path: string[], file: string): JsonObject {
  let node: unknown = doc;
  for (const [i, key] of path.entries()) {
    node = (node as JsonObject)[key];
    if (node === undefined) return {};
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new SpecError(file, joinPointer('', ...path.slice(0, i + 1)), 'expected a mapping');
    }
  }
  return node as JsonObject;
}
