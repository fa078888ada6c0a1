import { Scope, StructureKind, type StatementStructures } from 'ts-morph';
import { propertyKey } from '../../../plan/identifiers.ts';
import { payloadDeclaration, type BookNames, type PayloadMember, type WsNames } from '../../../plan/index.ts';
import type { TypeModel, WsChannelModel, WsMessageModel, WsModel, WsSubscriptionModel } from '../../../model/types.ts';
import type { WsProtocol } from '../../../../templates/ws/protocol.ts';
import { wsProtocol } from './descriptors.ts';
import { code, printLiteral } from './literal.ts';
import { runtimeImport } from './operations.ts';
import {
  docText,
  exportedConst,
  namedTypeStructures,
  previousNameStructures,
  printStatements,
  renderType,
  typeDocs,
  type Declaration,
  type TypeNames,
} from './typescript.ts';

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
 * - `KalshiWebSocket`, constructed with the platform by the package's entry points;
 * - per book shape of the spec, the runtime's order books bound to it and typed by its channels' messages
 *   (`OrderBook`, `OrderBooks`, `ORDER_BOOK_SHAPE`; names in plan/ws.ts `claimBooks`).
 */
/**
 * `namespace`: what the package entry exports the module as, for the deprecated aliases to say where their names
 * are now (the entry's own may be the REST spec's).
 */
export function emitWsModule(model: WsModel, names: WsNames, namespace?: string): string {
  return printStatements(wsStructures(model, names, namespace));
}

export function wsStructures(model: WsModel, names: WsNames, namespace?: string): StatementStructures[] {
  const use = namespace
    ? (name: string) => `\`${namespace}.${name}\` from the package (\`${name}\` in this module)`
    : undefined;
  const unions = wsUnions(model, names);
  const protocol = wsProtocol(model);
  const { own } = names;
  const runtime = (name: string) => names.runtime(name);
  const typeNames = wsTypeNames(names);
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: names.specifier('ws/index.ts'),
      namedImports: [
        runtimeImport(names, 'KalshiWebSocketBase'),
        ...(names.books.length ? [runtimeImport(names, 'OrderBook'), runtimeImport(names, 'OrderBooks')] : []),
        ...[
          ...(names.books.length ? ['BookShape'] : []),
          'ChannelDescriptor',
          'KalshiWebSocketOptions',
          ...(unions.channels.every(({ channel }) => channel.subscribeParams) ? [] : ['SubscribeParams']),
          'Subscription',
          'UpdateSubscriptionParams',
        ].map((name) => ({ ...runtimeImport(names, name), isTypeOnly: true })),
      ],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: names.specifier('runtime/platform.ts'),
      namedImports: [runtimeImport(names, 'Platform')],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: names.specifier('runtime/product.ts'),
      namedImports: [runtimeImport(names, 'Product')],
    },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: names.specifier('ws/index.ts') },
    ...namedTypeStructures(
      model.schemas.flatMap((s) =>
        withNamedMembers(
          { name: names.schema(s.specName), type: s.type, previous: names.previous.schema(s.specName) },
          names.members({ schema: s.specName }),
          typeNames,
        ),
      ),
      typeNames,
      use,
    ),
    ...inlinePayloadStructures(model.messages, names, typeNames, use),
    unionAlias(
      own.serverMessage,
      unions.server,
      names,
      `Every JSON frame the server sends, discriminated by \`type\`. Replies to commands (\`subscribed\`, \`ok\`, \`error\`, …) and channel data alike.`,
    ),
    unionAlias(
      own.clientCommand,
      unions.client,
      names,
      'Every command the client can send, discriminated by `cmd`. The client assigns `id`.',
    ),
    {
      kind: StructureKind.Interface,
      name: own.channelMessages,
      isExported: true,
      docs: ['For each channel one can subscribe to, exactly the messages a subscription to it delivers.'],
      properties: unions.channels.map(({ channel, messages }) => ({
        kind: StructureKind.PropertySignature,
        name: propertyKey(channel.name),
        type: unionOf(messages, names),
        docs: channelDocs(channel),
      })),
    },
    ...namedTypeStructures(
      unions.channels.flatMap(({ channel }) => subscribeParamsType(channel, names)),
      typeNames,
      use,
    ),
    {
      kind: StructureKind.Interface,
      name: own.channelSubscribeParams,
      isExported: true,
      docs: ['For each channel one can subscribe to, the params `subscribe` takes for it.'],
      properties: unions.channels.map(({ channel }) => ({
        kind: StructureKind.PropertySignature,
        name: propertyKey(channel.name),
        // A spec whose subscribe params cannot be listed leaves every channel all of them.
        type: channel.subscribeParams
          ? names.subscribeParams(channel.name)
          : `${runtime('SubscribeParams')}<${own.clientCommand}>`,
      })),
    },
    {
      kind: StructureKind.TypeAlias,
      name: own.channelName,
      isExported: true,
      docs: ['A channel name accepted by `subscribe`.'],
      type: unions.channels.length ? `keyof ${own.channelMessages}` : 'never',
    },
    channelsConstant(protocol.channels, names),
    exportedConst(
      own.serverMessageTypes,
      `${printLiteral(protocol.serverMessageTypes)} as const satisfies readonly ${own.serverMessage}['type'][]`,
      ['Every `type` a server frame can have. A frame with any other type is reported as unknown, never dropped.'],
    ),
    ...errorCodeStructures(protocol.errorCodes, names),
    exportedConst(
      own.protocol,
      `${printLiteral({
        channels: code(own.channels),
        serverMessageTypes: code(own.serverMessageTypes),
        errorCodes: code(own.errorCodes),
      })} as const`,
      ['What the runtime client needs to know about this spec at run time.'],
    ),
    {
      kind: StructureKind.TypeAlias,
      name: own.subscription,
      isExported: true,
      typeParameters: [{ name: 'C', constraint: own.channelName }],
      docs: ['A live subscription to channel `C`: an async iterator and a listener target for exactly its messages.'],
      type: `${runtime('Subscription')}<${own.channelMessages}[C], ${runtime('UpdateSubscriptionParams')}<${own.clientCommand}>>`,
    },
    {
      kind: StructureKind.Class,
      name: own.client,
      isExported: true,
      extends: `${runtime('KalshiWebSocketBase')}<${own.serverMessage}, ${own.clientCommand}, ${own.channelMessages}, ${own.errorCode}, ${own.channelSubscribeParams}>`,
      docs: [
        `The ${model.spec.title} ${model.spec.version} client: typed subscriptions, automatic reconnect and resubscribe, ` +
          'sequence-gap recovery. The package entry points bind the platform (`ws` on Node, the native WebSocket in browsers).',
      ],
      ctors: [
        {
          parameters: [
            { name: 'options', type: runtime('KalshiWebSocketOptions') },
            { name: 'platform', type: runtime('Platform') },
            { name: 'product', type: runtime('Product') },
          ],
          statements: `super(options, platform, ${own.protocol}, product);`,
        },
      ],
    },
    ...names.books.flatMap((book) => bookStructures(model, names, book)),
  ];
}

interface SubscribableChannel {
  channel: WsChannelModel;
  subscription: WsSubscriptionModel;
  /** What a subscription to it delivers (`WsSubscriptionModel.messages`). */
  messages: WsMessageModel[];
}

interface WsUnions {
  server: WsMessageModel[];
  client: WsMessageModel[];
  channels: SubscribableChannel[];
}

/**
 * Which messages go in which union. Only JSON frames with a discriminator can be told apart on the wire; control
 * frames (ping/pong) are handled by the WebSocket itself. Messages sharing a payload type appear once.
 */
function wsUnions(model: WsModel, names: WsNames): WsUnions {
  const typed = (m: WsMessageModel) => m.discriminator !== undefined;
  const server = uniqueByType(
    model.messages.filter((m) => m.direction === 'server' && typed(m)),
    names,
  );
  const client = uniqueByType(
    model.messages.filter((m) => m.direction === 'client' && typed(m)),
    names,
  );
  const byKey = new Map(model.messages.map((m) => [m.key, m]));
  const channels = model.channels.flatMap(({ subscription, ...channel }) =>
    subscription ? [{ channel, subscription, messages: subscription.messages.map((key) => byKey.get(key)!) }] : [],
  );
  return { server, client, channels };
}

function uniqueByType(messages: WsMessageModel[], names: WsNames): WsMessageModel[] {
  const seen = new Set<string>();
  return messages.filter((m) => !seen.has(names.payload(m)) && !!seen.add(names.payload(m)));
}

function unionOf(messages: WsMessageModel[], names: WsNames): string {
  return messages.length ? messages.map((m) => names.payload(m)).join(' | ') : 'never';
}

function unionAlias(name: string, messages: WsMessageModel[], names: WsNames, doc: string): StatementStructures {
  return { kind: StructureKind.TypeAlias, name, isExported: true, docs: [doc], type: unionOf(messages, names) };
}

/** Messages whose payload is not a named schema get an alias named after the message (e.g. the ping frames). */
function inlinePayloadStructures(
  messages: WsMessageModel[],
  names: WsNames,
  typeNames: MemberTypeNames,
  use: ((name: string) => string) | undefined,
): StatementStructures[] {
  return messages
    .filter((m) => m.payload.kind !== 'ref')
    .flatMap((m) => {
      const declared = { name: names.payload(m), type: m.payload };
      const [payload, ...named] = withNamedMembers(declared, names.members(payloadDeclaration(m)), typeNames);
      const docs = docText([m.title ?? m.name, m.summary ?? '', ...typeDocs(m.payload)]);
      const previous = names.previous.payload(m.key);
      return [
        {
          kind: StructureKind.TypeAlias,
          name: declared.name,
          isExported: true,
          docs: docs ? [docs] : [],
          type: renderType(payload!.type, typeNames),
        },
        ...(previous ? previousNameStructures(declared.name, previous, false, use?.(declared.name)) : []),
        ...namedTypeStructures(named, typeNames, use),
      ];
    });
}

/** The module's type names, and those of the inline objects it declares under names of their own. */
interface MemberTypeNames extends TypeNames {
  /** Stands for the type declared as `name`: a `ref` this module made itself. */
  declared(name: string, annotations: Omit<TypeModel, 'kind'>): TypeModel;
}

/** How the WebSocket module writes types: with the names the naming stage gave its schemas and payload members. */
export function wsTypeNames(names: WsNames): MemberTypeNames {
  const declared = new WeakMap<TypeModel, string>();
  return {
    ref: (t) => declared.get(t) ?? names.schema(t.schema),
    decimalString: names.runtime('DecimalString'),
    specifier: names.specifier,
    declared(name, annotations) {
      const ref: TypeModel = { ...annotations, kind: 'ref', schema: '' };
      declared.set(ref, name);
      return ref;
    },
  };
}

/**
 * A payload type with its inline objects the naming stage named (`WsNames.members`) written as references to their
 * names, followed by their declarations.
 */
function withNamedMembers(
  declared: Declaration,
  members: readonly PayloadMember[],
  typeNames: MemberTypeNames,
): Declaration[] {
  if (!members.length || declared.type.kind !== 'object') return [declared];
  const named: Declaration[] = [];
  const nameObject = (t: TypeModel, member: PayloadMember): TypeModel => {
    if (t.kind !== 'object') return t;
    // The property keeps what the spec says of it (its docs, nullability); the type declares the object itself.
    const { kind: _kind, properties, additionalProperties, mergedFrom: _mergedFrom, ...annotations } = t;
    const what = `\`${member.property}\` of a {@link ${declared.name}}`;
    const description = docText([member.items ? `An item of the ${what}.` : `The ${what}.`, t.description ?? '']);
    named.push({
      name: member.name,
      type: { kind: 'object', properties, ...(additionalProperties ? { additionalProperties } : {}), description },
      previous: member.previous,
    });
    return typeNames.declared(member.name, annotations);
  };
  const properties = declared.type.properties.map((p) => {
    const member = members.find((m) => m.property === p.name);
    if (!member) return p;
    if (!member.items) return { ...p, type: nameObject(p.type, member) };
    return p.type.kind === 'array' ? { ...p, type: { ...p.type, items: nameObject(p.type.items, member) } } : p;
  });
  return [{ ...declared, type: { ...declared.type, properties } }, ...named];
}

/** The interface of a channel's subscribe params, each documented as in the spec. */
function subscribeParamsType(channel: WsChannelModel, names: WsNames): Declaration[] {
  if (!channel.subscribeParams) return [];
  const description = `The params of a \`${channel.name}\` subscription: those of the spec's \`subscribe\` command this channel accepts (without \`channels\`, which the client sets).`;
  return [
    {
      name: names.subscribeParams(channel.name),
      type: { kind: 'object', properties: channel.subscribeParams, description },
      previous: names.previous.subscribeParams(channel.name),
    },
  ];
}

function channelDocs(channel: Omit<WsChannelModel, 'subscription'>): string[] {
  const text = docText([channel.title ?? '', channel.description ?? '']);
  return text ? [text] : [];
}

function channelsConstant(channels: WsProtocol['channels'], names: WsNames): StatementStructures {
  const { own } = names;
  return exportedConst(
    own.channels,
    `${printLiteral(channels, { expanded: true })} as const satisfies { readonly [C in ${own.channelName}]: ${names.runtime('ChannelDescriptor')}<${own.channelMessages}[C]['type']> }`,
    [
      'Per channel: the message types it delivers, which of them are snapshots, whether messages carry sequence ' +
        'numbers, and the default overflow policy (`error` for stateful or private channels, `drop-oldest` for feeds).',
    ],
  );
}

/**
 * The runtime's `OrderBook` and `OrderBooks` bound to one book shape of the spec: constructed without one, and
 * applying only the bodies of its channels' snapshots and deltas (a delta of another book's sides does not
 * type-check).
 */
function bookStructures(model: WsModel, names: WsNames, book: BookNames): StatementStructures[] {
  const channels = book.channels.map((name) => model.channels.find((c) => c.name === name)!.subscription!.book!);
  const { shape } = channels[0]!;
  const sides = shape.sides.map((side) => JSON.stringify(side)).join(' | ');
  const messages = new Map(model.messages.map((m) => [m.key, m]));
  // A book tells a delta by its side field, so a snapshot is typed without one: else a delta of other sides, which
  // has every field a snapshot requires, would pass for one.
  const noSide = `{ readonly ${propertyKey(shape.delta.side)}?: undefined }`;
  const bodies = channels.flatMap(({ body, messages: [snapshot, delta] }) => [
    `(${bodyType(messages.get(snapshot)!, body, names)} & ${noSide})`,
    bodyType(messages.get(delta)!, body, names),
  ]);
  const which = `the ${book.channels.map((c) => `\`${c}\``).join(', ')} channel${book.channels.length > 1 ? 's' : ''}`;
  return [
    {
      kind: StructureKind.TypeAlias,
      name: book.message,
      isExported: true,
      docs: [`What the order books of ${which} apply: the \`${channels[0]!.body}\` of a snapshot or a delta.`],
      type: [...new Set(bodies)].join(' | '),
    },
    exportedConst(
      book.shape,
      `${printLiteral(shape, { expanded: true })} as const satisfies ${names.runtime('BookShape')}<${sides}>`,
      [`Which fields of ${which} hold a book's sides, prices and counts, read from the spec.`],
    ),
    {
      kind: StructureKind.Class,
      name: book.book,
      isExported: true,
      extends: `${names.runtime('OrderBook')}<${sides}, ${book.message}>`,
      docs: [`One market's order book, kept from ${which}: of shape {@link ${book.shape}}.`],
      ctors: [
        {
          parameters: [{ name: 'marketTicker', type: 'string', hasQuestionToken: true }],
          statements: `super(marketTicker, ${book.shape});`,
        },
      ],
    },
    {
      kind: StructureKind.Class,
      name: book.books,
      isExported: true,
      extends: `${names.runtime('OrderBooks')}<${sides}, ${book.message}>`,
      docs: [`The order books of many markets of ${which}, keyed by \`market_ticker\`: each a {@link ${book.book}}.`],
      ctors: [{ statements: `super(${book.shape});` }],
      methods: [
        {
          name: 'createBook',
          scope: Scope.Protected,
          hasOverrideKeyword: true,
          parameters: [{ name: 'marketTicker', type: 'string' }],
          returnType: book.book,
          statements: `return new ${book.book}(marketTicker);`,
        },
      ],
    },
  ];
}

/** The type of a message's body: the one the naming stage gave it, or else its payload's property. */
function bodyType(message: WsMessageModel, body: string, names: WsNames): string {
  const member = names.members(payloadDeclaration(message)).find((m) => m.property === body && !m.items);
  return member?.name ?? `NonNullable<${names.payload(message)}[${JSON.stringify(body)}]>`;
}

function errorCodeStructures(errorCodes: WsProtocol['errorCodes'], names: WsNames): StatementStructures[] {
  const { own } = names;
  return [
    exportedConst(own.errorCodes, `${printLiteral(errorCodes, { expanded: true })} as const`, [
      'The error codes a command can fail with (`WsCommandError.code`), from the spec’s error table.',
    ]),
    {
      kind: StructureKind.TypeAlias,
      name: own.errorCode,
      isExported: true,
      docs: ['A documented command error code.'],
      // Without a table in the spec any number may come back.
      type: Object.keys(errorCodes).length ? `keyof typeof ${own.errorCodes}` : 'number',
    },
  ];
}
