import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import { propertyKey } from '../model/names.ts';
import type {
  NamedTypeModel,
  TypeModel,
  WsChannelModel,
  WsMessageModel,
  WsModel,
  WsPayloadMemberModel,
} from '../model/types.ts';
import { docText, namedTypeStructures, printStatements, renderType, typeDocs } from './typescript.ts';

/**
 * `ws.ts`: the WebSocket API's types and the client bound to them. Everything here comes from the model; the
 * behaviour lives in the hand-written runtime under `./ws/`, which this module specialises:
 * - a type per message payload (the spec's schemas, plus aliases for inline payloads), and one per inline object
 *   directly in a payload (`TickerPayloadMsg`), so that hovers and type errors name every part of a message;
 * - `ServerMessage` / `ClientCommand`, unions discriminated by `type` / `cmd`;
 * - `ChannelMessages`, channel name → the messages a subscription to it delivers;
 * - per channel the subscribe params it accepts (`TickerSubscribeParams`), and `ChannelSubscribeParams`, channel name
 *   → that type, which `subscribe(channel, params)` takes;
 * - `WS_CHANNELS`, per channel what the runtime must know at run time (types, sequencing, overflow policy);
 * - `WS_ERROR_CODES`, the spec's error table;
 * - `KalshiWebSocket`, constructed with the platform by the package's entry points.
 */
export function emitWsModule(model: WsModel): string {
  return printStatements(wsStructures(model));
}

export function wsStructures(model: WsModel): StatementStructures[] {
  const plan = planWs(model);
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './ws/index.js',
      namedImports: [
        'KalshiWebSocketBase',
        ...[
          'ChannelDescriptor',
          'KalshiWebSocketOptions',
          ...(plan.channels.every(({ channel }) => channel.subscribeParams) ? [] : ['SubscribeParams']),
          'Subscription',
          'UpdateSubscriptionParams',
        ].map((name) => ({ name, isTypeOnly: true })),
      ],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: './runtime/platform.js',
      namedImports: ['Platform'],
    },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './ws/index.js' },
    ...namedTypeStructures(model.schemas.flatMap((schema) => withNamedMembers(schema, plan.members))),
    ...inlinePayloadStructures(model.messages, plan.members),
    unionAlias(
      'ServerMessage',
      plan.server,
      `Every JSON frame the server sends, discriminated by \`type\`. Replies to commands (\`subscribed\`, \`ok\`, \`error\`, …) and channel data alike.`,
    ),
    unionAlias(
      'ClientCommand',
      plan.client,
      'Every command the client can send, discriminated by `cmd`. The client assigns `id`.',
    ),
    {
      kind: StructureKind.Interface,
      name: 'ChannelMessages',
      isExported: true,
      docs: ['For each channel one can subscribe to, exactly the messages a subscription to it delivers.'],
      properties: plan.channels.map(({ channel, messages }) => ({
        kind: StructureKind.PropertySignature,
        name: propertyKey(channel.name),
        type: unionOf(messages),
        docs: channelDocs(channel),
      })),
    },
    ...namedTypeStructures(plan.channels.flatMap(({ channel }) => subscribeParamsType(channel))),
    {
      kind: StructureKind.Interface,
      name: 'ChannelSubscribeParams',
      isExported: true,
      docs: ['For each channel one can subscribe to, the params `subscribe` takes for it.'],
      properties: plan.channels.map(({ channel }) => ({
        kind: StructureKind.PropertySignature,
        name: propertyKey(channel.name),
        // A spec whose subscribe params cannot be listed leaves every channel all of them.
        type: channel.subscribeParams?.typeName ?? 'SubscribeParams<ClientCommand>',
      })),
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'ChannelName',
      isExported: true,
      docs: ['A channel name accepted by `subscribe`.'],
      type: plan.channels.length ? 'keyof ChannelMessages' : 'never',
    },
    channelsConstant(wsProtocolData(model).channels),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        'Every `type` a server frame can have. A frame with any other type is reported as unknown, never dropped.',
      ],
      declarations: [
        {
          name: 'WS_SERVER_MESSAGE_TYPES',
          initializer: `[${plan.serverTypes.map((t) => JSON.stringify(t)).join(', ')}] as const satisfies readonly ServerMessage['type'][]`,
        },
      ],
    },
    ...errorCodeStructures(model),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['What the runtime client needs to know about this spec at run time.'],
      declarations: [
        {
          name: 'WS_PROTOCOL',
          initializer:
            '{ channels: WS_CHANNELS, serverMessageTypes: WS_SERVER_MESSAGE_TYPES, errorCodes: WS_ERROR_CODES } as const',
        },
      ],
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'KalshiSubscription',
      isExported: true,
      typeParameters: [{ name: 'C', constraint: 'ChannelName' }],
      docs: ['A live subscription to channel `C`: an async iterator and a listener target for exactly its messages.'],
      type: 'Subscription<ChannelMessages[C], UpdateSubscriptionParams<ClientCommand>>',
    },
    {
      kind: StructureKind.Class,
      name: 'KalshiWebSocket',
      isExported: true,
      extends:
        'KalshiWebSocketBase<ServerMessage, ClientCommand, ChannelMessages, WsErrorCode, ChannelSubscribeParams>',
      docs: [
        `The ${model.spec.title} ${model.spec.version} client: typed subscriptions, automatic reconnect and resubscribe, ` +
          'sequence-gap recovery. The package entry points bind the platform (`ws` on Node, the native WebSocket in browsers).',
      ],
      ctors: [
        {
          parameters: [
            { name: 'options', type: 'KalshiWebSocketOptions' },
            { name: 'platform', type: 'Platform' },
          ],
          statements: 'super(options, platform, WS_PROTOCOL);',
        },
      ],
    },
  ];
}

interface ChannelPlan {
  channel: WsChannelModel;
  /** The channel's server messages that have a `type`: what a subscription to it delivers. */
  messages: WsMessageModel[];
}

interface WsPlan {
  /** The payload members the model named, by payload type. */
  members: ReadonlyMap<string, WsPayloadMemberModel[]>;
  server: WsMessageModel[];
  client: WsMessageModel[];
  serverTypes: string[];
  channels: ChannelPlan[];
}

/**
 * Which messages go in which union. Only JSON frames with a discriminator can be told apart on the wire; control
 * frames (ping/pong) are handled by the WebSocket itself. Messages sharing a payload type appear once.
 */
function planWs(model: WsModel): WsPlan {
  const typed = (m: WsMessageModel) => m.discriminator !== undefined;
  const server = uniqueByType(model.messages.filter((m) => m.direction === 'server' && typed(m)));
  const client = uniqueByType(model.messages.filter((m) => m.direction === 'client' && typed(m)));
  const byKey = new Map(model.messages.map((m) => [m.key, m]));
  const channels = model.channels
    .filter((c) => c.subscribable)
    .map((channel) => ({
      channel,
      messages: uniqueByType(
        channel.messages
          .map((k) => byKey.get(k))
          .filter((m): m is WsMessageModel => !!m && m.direction === 'server' && typed(m)),
      ),
    }))
    .filter((c) => c.messages.length > 0);
  const members = new Map<string, WsPayloadMemberModel[]>();
  for (const m of model.payloadMembers ?? []) members.set(m.owner, [...(members.get(m.owner) ?? []), m]);
  return {
    members,
    server,
    client,
    serverTypes: [...new Set(server.flatMap((m) => m.discriminator!.values))],
    channels,
  };
}

function uniqueByType(messages: WsMessageModel[]): WsMessageModel[] {
  const seen = new Set<string>();
  return messages.filter((m) => !seen.has(m.typeName) && !!seen.add(m.typeName));
}

function unionOf(messages: WsMessageModel[]): string {
  return messages.length ? messages.map((m) => m.typeName).join(' | ') : 'never';
}

function unionAlias(name: string, messages: WsMessageModel[], doc: string): StatementStructures {
  return { kind: StructureKind.TypeAlias, name, isExported: true, docs: [doc], type: unionOf(messages) };
}

/** Messages whose payload is not a named schema get an alias named after the message (e.g. the ping frames). */
function inlinePayloadStructures(
  messages: WsMessageModel[],
  members: ReadonlyMap<string, WsPayloadMemberModel[]>,
): StatementStructures[] {
  return messages
    .filter((m) => m.payload.kind !== 'ref')
    .flatMap((m) => {
      const [payload, ...named] = withNamedMembers({ name: m.typeName, type: m.payload }, members);
      const docs = docText([m.title ?? m.name, m.summary ?? '', ...typeDocs(m.payload)]);
      return [
        {
          kind: StructureKind.TypeAlias,
          name: m.typeName,
          isExported: true,
          docs: docs ? [docs] : [],
          type: renderType(payload!.type),
        },
        ...namedTypeStructures(named),
      ];
    });
}

type Declaration = Pick<NamedTypeModel, 'name' | 'type'>;

/**
 * A payload type with the inline objects the model named (WsModel.payloadMembers) written as references to their
 * names, followed by their declarations.
 */
function withNamedMembers(declared: Declaration, members: ReadonlyMap<string, WsPayloadMemberModel[]>): Declaration[] {
  const own = members.get(declared.name);
  if (!own || declared.type.kind !== 'object') return [declared];
  const named: Declaration[] = [];
  const nameObject = (t: TypeModel, member: WsPayloadMemberModel): TypeModel => {
    if (t.kind !== 'object') return t;
    // The property keeps what the spec says of it (its docs, nullability); the type declares the object itself.
    const { kind: _kind, properties, additionalProperties, mergedFrom: _mergedFrom, ...annotations } = t;
    const what = `\`${member.property}\` of a {@link ${declared.name}}`;
    const description = docText([member.items ? `An item of the ${what}.` : `The ${what}.`, t.description ?? '']);
    named.push({
      name: member.typeName,
      type: { kind: 'object', properties, ...(additionalProperties ? { additionalProperties } : {}), description },
    });
    return { ...annotations, kind: 'ref', name: member.typeName };
  };
  const properties = declared.type.properties.map((p) => {
    const member = own.find((m) => m.property === p.name);
    if (!member) return p;
    if (!member.items) return { ...p, type: nameObject(p.type, member) };
    return p.type.kind === 'array' ? { ...p, type: { ...p.type, items: nameObject(p.type.items, member) } } : p;
  });
  return [{ ...declared, type: { ...declared.type, properties } }, ...named];
}

/** The interface of a channel's subscribe params, each documented as in the spec. */
function subscribeParamsType(channel: WsChannelModel): Declaration[] {
  if (!channel.subscribeParams) return [];
  const { typeName, properties } = channel.subscribeParams;
  const description = `The params of a \`${channel.name}\` subscription: those of the spec's \`subscribe\` command this channel accepts (without \`channels\`, which the client sets).`;
  return [{ name: typeName, type: { kind: 'object', properties, description } }];
}

function channelDocs(channel: WsChannelModel): string[] {
  const text = docText([channel.title ?? '', channel.description ?? '']);
  return text ? [text] : [];
}

/** The run-time facts of one channel (the runtime's `ChannelDescriptor`). */
export interface ChannelPolicy {
  messageTypes: string[];
  snapshotTypes: string[];
  sequenced: boolean;
  overflow: 'error' | 'drop-oldest';
}

/** What `WS_PROTOCOL` holds for a model: the data the runtime client is given about the spec. */
export interface WsProtocolData {
  channels: Record<string, ChannelPolicy>;
  serverMessageTypes: string[];
  errorCodes: Record<number, { name: string; description?: string }>;
}

export function wsProtocolData(model: WsModel): WsProtocolData {
  const plan = planWs(model);
  return {
    channels: Object.fromEntries(
      plan.channels.map(({ channel, messages }) => [channel.name, channelPolicy(messages, channel)]),
    ),
    serverMessageTypes: plan.serverTypes,
    errorCodes: Object.fromEntries(
      model.errorCodes.map((e) => [
        e.code,
        e.description ? { name: e.name, description: e.description } : { name: e.name },
      ]),
    ),
  };
}

/**
 * The run-time channel table. Policies come from the spec by documented rules, never from channel names:
 * - `sequenced`: some message of the channel requires a `seq` field → gaps are detected per subscription;
 * - `snapshotTypes`: messages carrying full state → the channel is a "book" and a resubscribe brings a fresh one;
 * - `overflow`: what a full subscription buffer does. A channel whose stream is stateful (sequenced, or has
 *   snapshots) or private (an operation tagged private / auth: your fills, orders, positions) must not lose
 *   messages silently, so it fails with an error; anything else is a feed where the newest value matters and
 *   drops its oldest message. Callers can override it per subscription.
 */
function channelPolicy(messages: WsMessageModel[], channel: WsChannelModel): ChannelPolicy {
  const sequenced = messages.some((m) => m.sequenced);
  const snapshotTypes = messages.filter((m) => m.snapshot).flatMap((m) => m.discriminator!.values);
  const isPrivate = (channel.tags ?? []).some((t) => /private|auth/i.test(t));
  return {
    messageTypes: [...new Set(messages.flatMap((m) => m.discriminator!.values))],
    snapshotTypes,
    sequenced,
    overflow: sequenced || snapshotTypes.length > 0 || isPrivate ? 'error' : 'drop-oldest',
  };
}

function channelsConstant(channels: Record<string, ChannelPolicy>): StatementStructures {
  const list = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  const entries = Object.entries(channels).map(
    ([name, p]) =>
      `${propertyKey(name)}: { messageTypes: ${list(p.messageTypes)}, snapshotTypes: ${list(p.snapshotTypes)}, ` +
      `sequenced: ${p.sequenced}, overflow: ${JSON.stringify(p.overflow)} }`,
  );
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      'Per channel: the message types it delivers, which of them are snapshots, whether messages carry sequence ' +
        'numbers, and the default overflow policy (`error` for stateful or private channels, `drop-oldest` for feeds).',
    ],
    declarations: [
      {
        name: 'WS_CHANNELS',
        initializer: `{\n${entries.join(',\n')}\n} as const satisfies { readonly [C in ChannelName]: ChannelDescriptor<ChannelMessages[C]['type']> }`,
      },
    ],
  };
}

function errorCodeStructures(model: WsModel): StatementStructures[] {
  const entries = model.errorCodes.map((e) => {
    const description = e.description ? `, description: ${JSON.stringify(e.description)}` : '';
    return `${e.code}: { name: ${JSON.stringify(e.name)}${description} }`;
  });
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['The error codes a command can fail with (`WsCommandError.code`), from the spec’s error table.'],
      declarations: [{ name: 'WS_ERROR_CODES', initializer: `{\n${entries.join(',\n')}\n} as const` }],
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'WsErrorCode',
      isExported: true,
      docs: ['A documented command error code.'],
      // Without a table in the spec any number may come back.
      type: entries.length ? 'keyof typeof WS_ERROR_CODES' : 'number',
    },
  ];
}
