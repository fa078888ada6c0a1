import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../generator/defaults.ts';
import { emitWsModule } from '../../generator/targets/typescript/emit/ws.ts';
import { SpecError } from '../../generator/errors.ts';
import { loadSpec, parseLoadedSpec } from '../../generator/load/index.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import { channelSubscribeParams, type ChannelText } from '../../generator/model/subscribe-params.ts';
import type { PropertyModel, WsModel } from '../../generator/model/types.ts';
import { wsNamesFor } from '../helpers/plan.ts';
import { syntheticSpec } from './synthetic-spec.ts';

const FIXED = join(SPECS_DIR, 'versions/asyncapi/2026-04-09.yaml');
let model: WsModel;
let fixedText: string;

beforeAll(async () => {
  model = await buildWsModel(await loadSpec(FIXED));
  fixedText = await readFile(FIXED, 'utf8');
});

const message = (key: string) => model.messages.find((m) => m.key === key)!;
const channel = (name: string) => model.channels.find((c) => c.name === name)!;

describe('buildWsModel on a published spec', () => {
  it('reads identity, servers and the error table', () => {
    expect(model.spec).toMatchObject({ location: FIXED, title: 'Kalshi Market Data WebSocket API', version: '2.0.0' });
    expect(model.spec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.servers).toEqual(['wss://api.elections.kalshi.com/trade-api/ws/v2']);
    expect(model.errorCodes).toHaveLength(22);
    expect(model.errorCodes[5]).toEqual({
      code: 6,
      name: 'Already subscribed',
      description: 'Duplicate subscription attempt',
    });
  });

  it('tells client commands from server messages by the operations, with their discriminators', () => {
    expect(message('subscribeCommand')).toMatchObject({
      direction: 'client',
      name: 'subscribe',
      discriminator: { field: 'cmd', values: ['subscribe'] },
    });
    expect(message('updateSubscriptionDeleteCommand')).toMatchObject({
      direction: 'client',
      payload: { kind: 'ref', schema: 'updateSubscriptionCommandPayload' },
    });
    expect(message('orderbookDelta')).toMatchObject({
      direction: 'server',
      payload: { kind: 'ref', schema: 'orderbookDeltaPayload' },
      discriminator: { field: 'type', values: ['orderbook_delta'] },
    });
    expect(message('listSubscriptionsResponse').discriminator).toEqual({ field: 'type', values: ['ok'] });
    // Control frames have no discriminator; their payloads are their own.
    expect(message('outgoingPing')).toMatchObject({
      direction: 'server',
      contentType: 'application/octet-stream',
    });
    expect(message('outgoingPing').discriminator).toBeUndefined();
    expect(message('outgoingPing').payload).toMatchObject({ kind: 'literal', value: 'heartbeat' });
  });

  it('marks sequenced and snapshot messages from their payloads', () => {
    const flags = (key: string) => [message(key).sequenced ?? false, message(key).snapshot ?? false];
    expect(flags('orderbookSnapshot')).toEqual([true, true]);
    expect(flags('orderbookDelta')).toEqual([true, false]);
    expect(flags('orderGroupUpdates')).toEqual([true, false]);
    expect(flags('ticker')).toEqual([false, false]);
    expect(flags('subscribeCommand')).toEqual([false, false]);
  });

  it('lists channels with their messages, operation tags and whether one subscribes to them', () => {
    expect(channel('orderbook_delta')).toMatchObject({
      address: 'orderbook_delta',
      messages: ['orderbookSnapshot', 'orderbookDelta'],
      tags: ['market-data'],
      subscribable: true,
    });
    expect(channel('fill').tags).toEqual(['private']);
    expect(channel('root')).toMatchObject({ address: '/', subscribable: false });
    expect(channel('control_frames').subscribable).toBe(false);
    expect(channel('multivariate_market_lifecycle').messages).toEqual([
      'multivariateMarketLifecycle',
      'eventLifecycle',
    ]);
  });

  it('reads an allOf that overrides a property as the merged object it means', () => {
    const schema = model.schemas.find((s) => s.specName === 'multivariateMarketLifecyclePayload')!;
    expect(schema.type.kind).toBe('object');
    const props = (schema.type as { properties: { name: string; required: boolean; type: unknown }[] }).properties;
    expect(props.map((p) => p.name)).toEqual(['type', 'sid', 'msg']);
    expect(props[0]).toMatchObject({
      required: true,
      type: { kind: 'literal', value: 'multivariate_market_lifecycle' },
    });
    expect(message('multivariateMarketLifecycle').discriminator?.values).toEqual(['multivariate_market_lifecycle']);
  });
});

describe('buildWsModel on constructs beyond the published specs', () => {
  it('handles inline channel messages, operations without messages and missing error tables', async () => {
    const synthetic = await buildWsModel(syntheticSpec());
    const tick = synthetic.messages.find((m) => m.key === 'tick')!;
    expect(tick).toMatchObject({
      direction: 'server',
      payload: { kind: 'object' },
      sequenced: true,
      discriminator: { field: 'type', values: ['tick'] },
    });
    expect(synthetic.messages.find((m) => m.key === 'tickSnapshot')).toMatchObject({
      snapshot: true,
      sequenced: true,
      discriminator: { values: ['tick_snapshot'] },
    });
    expect(synthetic.channels.find((c) => c.name === 'feed')).toMatchObject({
      subscribable: true,
      tags: ['private'],
      messages: ['tick', 'tickSnapshot'],
    });
    expect(synthetic.errorCodes).toEqual([]);
    expect(synthetic.channels.find((c) => c.name === 'feed')?.subscription).toEqual({
      messages: ['tick', 'tickSnapshot'],
      messageTypes: ['tick', 'tick_snapshot'],
      snapshotTypes: ['tick_snapshot'],
      sequenced: true,
      overflow: 'error',
    });
    // The connection's own channel is no subscription.
    expect(synthetic.channels.find((c) => c.name === 'root')?.subscription).toBeUndefined();

    const text = emitWsModule(synthetic, wsNamesFor(synthetic));
    expect(text).toContain('export type WsErrorCode = number;');
    expect(text).toMatch(
      /feed: \{ messageTypes: \["tick", "tick_snapshot"\], snapshotTypes: \["tick_snapshot"\], sequenced: true, overflow: "error" \}/,
    );
    expect(text).toMatch(
      /news: \{ messageTypes: \["headline"\], snapshotTypes: \[\], sequenced: false, overflow: "drop-oldest" \}/,
    );
    expect(text).toMatch(
      /export interface ChannelMessages \{[\s\S]*feed: Tick \| TickSnapshotPayload;[\s\S]*news: HeadlinePayload;/,
    );
  });

  it('gives a message no operation mentions a direction from its payload', async () => {
    const orphaned = await buildWsModel(
      syntheticSpec((doc) => {
        doc.components.messages.ping = {
          name: 'ping_cmd',
          payload: { type: 'object', properties: { cmd: { const: 'ping' } } },
        };
        doc.components.messages.note = {
          name: 'note',
          payload: { type: 'object', properties: { type: { const: 'note' } } },
        };
      }),
    );
    expect(orphaned.messages.find((m) => m.key === 'ping')).toMatchObject({
      direction: 'client',
      discriminator: { field: 'cmd', values: ['ping'] },
    });
    expect(orphaned.messages.find((m) => m.key === 'note')).toMatchObject({
      direction: 'server',
      discriminator: { field: 'type', values: ['note'] },
    });
  });
});

describe('subscribe params per channel', () => {
  const param = (name: string, description?: string): PropertyModel => ({
    name,
    required: false,
    type: { kind: 'string', ...(description ? { description } : {}) },
  });
  const channel = (name: string, title?: string, description?: string): ChannelText => ({
    name,
    address: name,
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
  });
  const accepted = (channels: ChannelText[], params: PropertyModel[]) =>
    Object.fromEntries([...channelSubscribeParams(channels, params)].map(([c, ps]) => [c, ps.map((p) => p.name)]));

  it.each([
    {
      rule: 'a param said to be for a channel (by its address) is that channel’s only',
      given: {
        channels: [channel('ticker'), channel('trade')],
        params: [param('market_ticker'), param('send_initial_snapshot', 'Snapshot first, on the Ticker channel')],
      },
      want: { ticker: ['market_ticker', 'send_initial_snapshot'], trade: ['market_ticker'] },
    },
    {
      rule: 'a channel is also named by its title and the first word of its title',
      given: {
        channels: [channel('orderbook_delta', 'Orderbook Updates'), channel('fill', 'User Fills')],
        params: [param('use_yes_price', 'Orderbook channel only. Yes-leg pricing.'), param('x', 'user fills only')],
      },
      want: { orderbook_delta: ['use_yes_price'], fill: ['x'] },
    },
    {
      rule: 'a title word two channels share names neither, so the param stays everyone’s',
      given: {
        channels: [channel('fill', 'User Fills'), channel('user_orders', 'User Orders')],
        params: [param('x', 'For the user channel')],
      },
      want: { fill: ['x'], user_orders: ['x'] },
    },
    {
      rule: 'an address wins over the first word of another channel’s title',
      given: {
        channels: [channel('multivariate', 'Lookups'), channel('multivariate_lifecycle', 'Multivariate Lifecycle')],
        params: [param('x', 'multivariate channel only')],
      },
      want: { multivariate: ['x'], multivariate_lifecycle: [] },
    },
    {
      rule: '`only` and `subscriptions` name a channel too, and several joined by a slash',
      given: {
        channels: [channel('ticker'), channel('ticker_v2'), channel('trade')],
        params: [
          param('market_id', 'By UUID (ticker/ticker_v2 only; exclusive)'),
          param('s', 'For ticker subscriptions.'),
        ],
      },
      want: { ticker: ['market_id', 's'], ticker_v2: ['market_id'], trade: [] },
    },
    {
      rule: 'a label is matched as a whole word: `market_ticker channel` and `ticker_v2 channel` do not name ticker',
      given: {
        channels: [channel('ticker'), channel('ticker_v2'), channel('trade')],
        params: [param('a', 'Like the market_ticker channel field'), param('b', 'ticker_v2 channel only')],
      },
      want: { ticker: ['a'], ticker_v2: ['a', 'b'], trade: ['a'] },
    },
    {
      rule: 'a channel excludes the backticked params of a clause saying they are not supported or ignored',
      given: {
        channels: [
          channel('positions', undefined, '- Filters are by `market_ticker` only; `market_id` is not supported'),
          channel('index', undefined, '- `market_ticker`/`market_id` are ignored for this channel\n- Uses `index_ids`'),
          channel('groups', undefined, 'Market specification ignored. Sends `market_id` updates.'),
        ],
        params: [param('market_ticker'), param('market_id'), param('index_ids')],
      },
      want: {
        positions: ['market_ticker', 'index_ids'],
        index: ['index_ids'],
        groups: ['market_ticker', 'market_id', 'index_ids'],
      },
    },
  ])('$rule', ({ given, want }) => {
    expect(accepted(given.channels, given.params)).toEqual(want);
  });

  it('reads a published spec’s prose into the params of each channel', async () => {
    const published = await buildWsModel(await loadSpec(join(SPECS_DIR, 'versions/asyncapi/2026-06-30.yaml')));
    const table = Object.fromEntries(
      published.channels.flatMap((c) =>
        c.subscribeParams ? [[c.name, c.subscribeParams.map((p) => p.name).join(' ')]] : [],
      ),
    );
    const markets = 'market_ticker market_tickers';
    expect(table).toEqual({
      orderbook_delta: `${markets} skip_ticker_ack use_yes_price`,
      ticker: `${markets} market_id market_ids send_initial_snapshot skip_ticker_ack`,
      trade: `${markets} skip_ticker_ack`,
      fill: `${markets} skip_ticker_ack`,
      market_positions: `${markets} skip_ticker_ack`,
      market_lifecycle_v2: 'market_tickers skip_ticker_ack',
      multivariate_market_lifecycle: 'market_tickers skip_ticker_ack',
      multivariate: `${markets} skip_ticker_ack`,
      communications: `${markets} skip_ticker_ack shard_factor shard_key`,
      order_group_updates: `${markets} skip_ticker_ack`,
      user_orders: `${markets} skip_ticker_ack`,
      cfbenchmarks_value: 'skip_ticker_ack index_ids',
    });
  });

  it('keeps what the subscribe command requires, and gives the connection’s own channel none', async () => {
    const synthetic = await buildWsModel(
      syntheticSpec((doc) => doc.components.messages.subscribe.payload.properties.params.required.push('topic')),
    );
    const params = (name: string) => synthetic.channels.find((c) => c.name === name)?.subscribeParams;
    expect(params('feed')).toMatchObject([{ name: 'topic', required: true }]);
    expect(params('root')).toBeUndefined();
  });
});

describe('buildWsModel on bad specs', () => {
  const fromText = (text: string) => parseLoadedSpec({ location: 'bad.yaml', text, sha256: 'x' });
  const failure = async (build: Promise<unknown>) => {
    const error = await build.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    return error as SpecError;
  };

  it('reports the parser’s validation errors with the JSON pointer they concern', async () => {
    const error = await failure(buildWsModel(fromText(fixedText.replace('action: receive', 'action: recieve'))));
    expect(error.file).toBe('bad.yaml');
    expect(error.pointer).toBe('/operations/sendPing/action');
    expect(error.message).toMatch(
      /^bad\.yaml#\/operations\/sendPing\/action: "action" property must be equal to one of the allowed values/,
    );
  });

  it('rejects a document that is not AsyncAPI 3', async () => {
    const error = await failure(buildWsModel(fromText(fixedText.replace('asyncapi: 3.0.0', 'asyncapi: 2.6.0'))));
    expect(error.pointer).toBe('/asyncapi');
    expect(error.problem).toMatch(/not an AsyncAPI 3\.x document \(found "2\.6\.0"\)/);
  });

  it('points at a malformed error table entry', async () => {
    const error = await failure(
      buildWsModel(
        syntheticSpec(
          (doc) =>
            (doc['x-error-codes'] = {
              codes: [
                { code: 1, name: 'ok' },
                { code: 'two', name: 'bad' },
              ],
            }),
        ),
      ),
    );
    expect(error.pointer).toBe('/x-error-codes/codes/1/code');
  });

  it('points at a payload schema it cannot type', async () => {
    const error = await failure(
      buildWsModel(
        syntheticSpec(
          (doc) =>
            (doc.components.schemas.headlinePayload.properties.sid = { type: 'object', not: { type: 'string' } }),
        ),
      ),
    );
    expect(error.pointer).toBe('/components/schemas/headlinePayload/properties/sid/not');
  });

  it('refuses a message that both sides send', async () => {
    const error = await failure(
      buildWsModel(
        syntheticSpec((doc) => {
          doc.operations.echo = {
            action: 'send',
            channel: { $ref: '#/channels/root' },
            messages: [{ $ref: '#/channels/root/messages/subscribe' }],
          };
        }),
      ),
    );
    expect(error.pointer).toMatch(/^\/operations\/(echo|sendSubscribe)\/action$/);
    expect(error.problem).toMatch(
      /message "subscribe" is sent by the (client|server) here but by the (client|server) in operation/,
    );
  });

  it('rejects payloads in a schema format it cannot turn into types', async () => {
    const error = await failure(
      buildWsModel(
        syntheticSpec(
          (doc) =>
            (doc.components.messages.headline.payload = {
              schemaFormat: 'application/vnd.apache.avro;version=1.9.0',
              schema: { type: 'record' },
            }),
        ),
      ),
    );
    expect(error.pointer).toMatch(/^\/components\/messages\/headline\/payload/);
  });
});
