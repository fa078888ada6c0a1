import { createHash } from 'node:crypto';
import { parseLoadedSpec, type LoadedSpec } from '../../generator/load/index.ts';

/**
 * A small AsyncAPI 3 document using constructs Kalshi's captures do not (yet): a message written inline in its
 * channel, an operation without `messages` (it covers the whole channel), no error-code table, a payload that
 * extends another by allOf with an overriding `type`, a schema named like a runtime export.
 */
export function syntheticSpec(patch: (doc: Record<string, any>) => void = () => {}): LoadedSpec {
  const doc: Record<string, any> = {
    asyncapi: '3.0.0',
    info: { title: 'Synthetic', version: '0.1.0' },
    servers: { local: { host: '127.0.0.1:1', pathname: '/ws', protocol: 'ws' } },
    channels: {
      root: {
        address: '/',
        messages: {
          subscribe: { $ref: '#/components/messages/subscribe' },
          done: { $ref: '#/components/messages/done' },
        },
      },
      feed: {
        address: 'feed',
        title: 'Feed',
        messages: {
          tick: {
            name: 'tick',
            payload: {
              type: 'object',
              required: ['type', 'sid', 'seq'],
              properties: {
                type: { type: 'string', const: 'tick' },
                sid: { type: 'integer' },
                seq: { type: 'integer' },
                price: { type: 'string' },
              },
            },
          },
          tickSnapshot: { $ref: '#/components/messages/tickSnapshot' },
        },
      },
      news: { address: 'news', messages: { headline: { $ref: '#/components/messages/headline' } } },
    },
    operations: {
      sendSubscribe: {
        action: 'receive',
        channel: { $ref: '#/channels/root' },
        messages: [{ $ref: '#/channels/root/messages/subscribe' }],
      },
      receiveDone: {
        action: 'send',
        channel: { $ref: '#/channels/root' },
        messages: [{ $ref: '#/channels/root/messages/done' }],
      },
      receiveFeed: { action: 'send', channel: { $ref: '#/channels/feed' }, tags: [{ name: 'private' }] },
      receiveNews: { action: 'send', channel: { $ref: '#/channels/news' } },
    },
    components: {
      messages: {
        subscribe: {
          name: 'subscribe',
          payload: {
            type: 'object',
            required: ['id', 'cmd', 'params'],
            properties: {
              id: { type: 'integer' },
              cmd: { type: 'string', const: 'subscribe' },
              params: {
                type: 'object',
                required: ['channels'],
                properties: { channels: { type: 'array', items: { type: 'string' } }, topic: { type: 'string' } },
              },
            },
          },
        },
        done: { name: 'subscribed', payload: { $ref: '#/components/schemas/Subscription' } },
        tickSnapshot: { name: 'tick_snapshot', payload: { $ref: '#/components/schemas/tickSnapshotPayload' } },
        headline: { name: 'headline', payload: { $ref: '#/components/schemas/headlinePayload' } },
      },
      schemas: {
        Subscription: {
          type: 'object',
          required: ['type', 'msg'],
          properties: {
            id: { type: 'integer' },
            type: { type: 'string', const: 'subscribed' },
            msg: { type: 'object', properties: { sid: { type: 'integer' } } },
          },
        },
        headlinePayload: {
          type: 'object',
          required: ['type', 'sid', 'msg'],
          properties: {
            type: { type: 'string', const: 'headline' },
            sid: { type: 'integer' },
            msg: { type: 'object', properties: { text: { type: 'string' } } },
          },
        },
        tickSnapshotPayload: {
          allOf: [
            { $ref: '#/components/schemas/headlinePayload' },
            {
              type: 'object',
              required: ['seq'],
              properties: { type: { type: 'string', const: 'tick_snapshot' }, seq: { type: 'integer' } },
            },
          ],
        },
      },
    },
  };
  patch(doc);
  const text = JSON.stringify(doc, null, 2);
  return parseLoadedSpec({ location: 'synthetic.json', text, sha256: createHash('sha256').update(text).digest('hex') });
}

/** Edits the book spec: its schemas and its `ladder` channel's messages, or the whole document. */
export type BookSpecPatch = (
  schemas: Record<string, any>,
  messages: Record<string, any>,
  doc: Record<string, any>,
) => void;

/**
 * A spec of book channels, in names no Kalshi spec uses: `ladder`, a bid/ask book of a snapshot `ladder_snapshot`
 * and a delta `ladder_change` (schemas `snapshot`, `change`, `direction`) carrying their fields in `body`, with no
 * `market_ticker`; `patch` edits it, and may add channels with `addBookChannel`.
 */
export function bookSpec(patch: BookSpecPatch = () => {}): LoadedSpec {
  const schemas: Record<string, any> = {
    direction: { type: 'string', enum: ['sell', 'buy'] },
    ...bookSchemas('ladder', ['buy', 'sell'], 'direction'),
  };
  const messages: Record<string, any> = {
    ladderSnapshot: { name: 'ladder_snapshot', payload: { $ref: '#/components/schemas/snapshot' } },
    ladderChange: { name: 'ladder_change', payload: { $ref: '#/components/schemas/change' } },
  };
  const doc: Record<string, any> = {
    asyncapi: '3.0.0',
    info: { title: 'Ladders', version: '1.0.0' },
    servers: { local: { host: '127.0.0.1:1', pathname: '/ws', protocol: 'ws' } },
    channels: { ladder: { address: 'ladder', messages } },
    operations: { receiveLadder: { action: 'send', channel: { $ref: '#/channels/ladder' } } },
    components: { schemas },
  };
  patch(schemas, messages, doc);
  const text = JSON.stringify(doc, null, 2);
  return parseLoadedSpec({ location: 'ladders.json', text, sha256: createHash('sha256').update(text).digest('hex') });
}

/**
 * Adds to a book spec's document the channel `name`: a book like `ladder`'s, its schemas prefixed by the name,
 * whose side enum holds `sides` (`['bid', 'ask']` a bid/ask book, any other pair a binary one).
 */
export function addBookChannel(doc: Record<string, any>, name: string, sides: [string, string]): void {
  const side = `${name}_side`;
  Object.assign(doc.components.schemas, {
    [side]: { type: 'string', enum: sides },
    ...bookSchemas(name, sides, side, `${name}_`),
  });
  doc.channels[name] = {
    address: name,
    messages: {
      [`${name}Snapshot`]: { name: `${name}_snapshot`, payload: { $ref: `#/components/schemas/${name}_snapshot` } },
      [`${name}Change`]: { name: `${name}_change`, payload: { $ref: `#/components/schemas/${name}_change` } },
    },
  };
  doc.operations[`receive_${name}`] = { action: 'send', channel: { $ref: `#/channels/${name}` } };
}

/** The snapshot and change schemas of a book channel, whose side is the schema `sideSchema`. */
function bookSchemas(channel: string, sides: [string, string], sideSchema: string, prefix = '') {
  const level = { type: 'array', items: { type: 'string' } };
  return {
    [`${prefix}snapshot`]: {
      type: 'object',
      required: ['type', 'seq', 'body'],
      properties: {
        type: { type: 'string', const: `${channel}_snapshot` },
        seq: { type: 'integer' },
        body: {
          type: 'object',
          properties: {
            instrument: { type: 'string' },
            [`${sides[0]}_levels`]: { type: 'array', items: level },
            [`${sides[1]}_levels`]: { type: 'array', items: level },
            [`${sides[0]}_notes`]: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    [`${prefix}change`]: {
      type: 'object',
      required: ['type', 'seq', 'body'],
      properties: {
        type: { type: 'string', const: `${channel}_change` },
        seq: { type: 'integer' },
        body: {
          type: 'object',
          properties: {
            instrument: { type: 'string' },
            price_usd: { type: 'string' },
            count_change: { type: 'string' },
            venue: { type: 'string', enum: ['north', 'south'] },
            direction: { $ref: `#/components/schemas/${sideSchema}` },
          },
        },
      },
    },
  };
}
