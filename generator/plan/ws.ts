import type { TypeModel, WsMessageModel, WsModel } from '../model/types.ts';
import { pascalCase } from './identifiers.ts';
import { claimRuntimeLocals, found, type ModuleNames, type Scopes } from './rest.ts';
import type { RuntimeSurface } from './runtime.ts';
import type { NameTable } from './table.ts';

/**
 * An inline object directly under a message payload (a frame's `msg`, a command's `params`) that the SDK declares
 * as a type of its own, so that hovers and type errors name it instead of spelling it out.
 */
export interface PayloadMember {
  property: string;
  /** The object is the items of the property's array, not the property itself. */
  items: boolean;
  /** After its payload and property: `TickerPayload.msg` → `TickerPayloadMsg`. */
  name: string;
}

/** The names the WebSocket module declares besides the spec's (see emit/ws.ts). */
export const WS_MODULE_NAMES = {
  serverMessage: 'ServerMessage',
  clientCommand: 'ClientCommand',
  channelMessages: 'ChannelMessages',
  channelSubscribeParams: 'ChannelSubscribeParams',
  channelName: 'ChannelName',
  channels: 'WS_CHANNELS',
  serverMessageTypes: 'WS_SERVER_MESSAGE_TYPES',
  errorCodes: 'WS_ERROR_CODES',
  errorCode: 'WsErrorCode',
  protocol: 'WS_PROTOCOL',
  subscription: 'KalshiSubscription',
  client: 'KalshiWebSocket',
} as const;

/** The names of the WebSocket module. */
export interface WsNames extends ModuleNames {
  schema(specName: string): string;
  /** The type of a message's payload: its schema's, or the message's own. */
  payload(message: WsMessageModel): string;
  /** The members of a payload declared as a schema (by its spec name) or by a message (by its key). */
  members(declaration: PayloadDeclaration): readonly PayloadMember[];
  /** The type of a channel's subscribe params. */
  subscribeParams(channel: string): string;
  readonly own: { readonly [K in keyof typeof WS_MODULE_NAMES]: string };
}

/** What declares a payload type: a named schema, or the message whose payload is written inline. */
export type PayloadDeclaration = { schema: string } | { message: string };

export function payloadDeclaration(message: WsMessageModel): PayloadDeclaration {
  return message.payload.kind === 'ref' ? { schema: message.payload.schema } : { message: message.key };
}

function declarationKey(declaration: PayloadDeclaration): string {
  return 'schema' in declaration ? `schema ${declaration.schema}` : `message ${declaration.message}`;
}

/**
 * Claims the WebSocket names, in this order: the schemas, the payloads messages write inline (after the message's
 * key), the objects directly in each payload, each channel's subscribe params, the module's own names, then the
 * local names of every runtime export.
 */
export function claimWs(table: NameTable, scopes: Scopes, model: WsModel, runtime: RuntimeSurface): WsNames {
  const { ws } = scopes;
  const schemas = new Map(
    model.schemas.map((s) => [s.specName, table.claim(ws, `schema ${s.specName}`, pascalCase(s.specName))]),
  );
  const inline = new Map(
    model.messages
      .filter((m) => m.payload.kind !== 'ref')
      .map((m) => [m.key, table.claim(ws, `payload ${m.key}`, pascalCase(m.key))]),
  );
  const payload = (m: WsMessageModel) =>
    m.payload.kind === 'ref' ? found(schemas, m.payload.schema, 'schema') : found(inline, m.key, 'payload');

  const types = new Map(model.schemas.map((s) => [s.specName, s.type]));
  const members = new Map<string, PayloadMember[]>();
  for (const m of model.messages) {
    const declaration = payloadDeclaration(m);
    const key = declarationKey(declaration);
    if (members.has(key)) continue;
    const owner = payload(m);
    members.set(
      key,
      objectMembers('schema' in declaration ? types.get(declaration.schema) : m.payload).map(({ property, items }) => ({
        property,
        items,
        name: table.claim(ws, `member ${key}.${property}`, pascalCase(`${owner}_${property}${items ? '_item' : ''}`)),
      })),
    );
  }

  const subscribeParams = new Map(
    model.channels
      .filter((c) => c.subscribeParams)
      .map((c) => [c.name, table.claim(ws, `subscribe params ${c.name}`, pascalCase(`${c.name}_subscribe_params`))]),
  );
  const own = Object.fromEntries(
    Object.entries(WS_MODULE_NAMES).map(([key, name]) => [key, table.claim(ws, `own ${key}`, name)]),
  ) as WsNames['own'];
  return {
    schema: (specName) => found(schemas, specName, 'WebSocket schema'),
    payload,
    members: (declaration) => members.get(declarationKey(declaration)) ?? [],
    subscribeParams: (channel) => found(subscribeParams, channel, 'subscribe params of channel'),
    own,
    runtime: claimRuntimeLocals(table, ws, runtime),
  };
}

/** The properties of an object type that are objects, or arrays of objects, written inline. */
function objectMembers(type: TypeModel | undefined): { property: string; items: boolean }[] {
  if (type?.kind !== 'object') return [];
  return type.properties.flatMap((p) => {
    const items = p.type.kind === 'array';
    const object = p.type.kind === 'array' ? p.type.items : p.type;
    return object.kind === 'object' ? [{ property: p.name, items }] : [];
  });
}
