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
