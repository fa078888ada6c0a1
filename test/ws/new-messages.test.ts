import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../generator/defaults.ts';
import { startWsMockServer, type WsMockServer } from '../../templates/testing/ws-mock-server.ts';
import { generateWsFixture, until, type WsFixture } from './fixture.ts';

/*
 * Messages Kalshi added in June 2026 (CF Benchmarks index values, event fee updates, fills and orders with
 * book_side / outcome_side), generated from that capture and streamed through the shipped mock server.
 */
const SPEC = join(SPECS_DIR, 'versions/asyncapi/2026-06-30.yaml');

type Generated = Record<string, any>;
type Frame = { type: string; sid: number; seq?: number; msg: Record<string, unknown> };

let fixture: WsFixture;
let mod: Generated;
let nodePlatform: unknown;
let server: WsMockServer;
let client: { close(): Promise<void> } & Generated;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

beforeAll(async () => {
  fixture = await generateWsFixture(SPEC);
  ({ mod, nodePlatform } = await fixture.load());
});
afterAll(async () => {
  await fixture?.remove();
});
afterEach(async () => {
  await client?.close();
  await server?.close();
});

async function connect() {
  server = await startWsMockServer({ channels: mod.WS_CHANNELS, publicKey });
  client = new mod.KalshiWebSocket(
    {
      env: {},
      wsUrl: server.url,
      apiKeyId: 'key-1',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    },
    nodePlatform,
  );
  return client;
}

/** The next message, leaving the subscription open (leaving a `for await` would unsubscribe). */
async function next(sub: AsyncIterable<Frame>): Promise<Frame> {
  const result = await sub[Symbol.asyncIterator]().next();
  if (result.done) throw new Error('subscription ended');
  return result.value;
}

describe('WebSocket messages of the 2026-06-30 capture', () => {
  it('has them in the server-message table and routes each to its channel', () => {
    expect(mod.WS_SERVER_MESSAGE_TYPES).toEqual(
      expect.arrayContaining(['cfbenchmarks_value', 'cfbenchmarks_value_indexlist', 'event_fee_update', 'fill']),
    );
    expect(mod.WS_CHANNELS.cfbenchmarks_value.messageTypes).toEqual([
      'cfbenchmarks_value',
      'cfbenchmarks_value_indexlist',
    ]);
    expect(mod.WS_CHANNELS.market_lifecycle_v2.messageTypes).toContain('event_fee_update');
  });

  it('streams CF Benchmarks values in sequence, and keeps index changes for the resubscribe', async () => {
    const ws = await connect();
    const sub = await ws.subscribe('cfbenchmarks_value', { index_ids: ['BRTI'] });
    const value = { index_id: 'BRTI', received_at: 1_750_000_000_000, data: '{"v":"104250.12"}' };
    server.publish('cfbenchmarks_value', 'cfbenchmarks_value', value);
    expect(await next(sub)).toMatchObject({ type: 'cfbenchmarks_value', sid: sub.sid, seq: 1, msg: value });

    await sub.update({ action: 'subscribe_indices', index_ids: ['ETHUSD_RR'] });
    expect(sub.params).toEqual({ index_ids: ['BRTI', 'ETHUSD_RR'] });
    expect(server.commands.at(-1)).toMatchObject({
      cmd: 'update_subscription',
      params: { sids: [sub.sid], action: 'subscribe_indices', index_ids: ['ETHUSD_RR'] },
    });
    const before = sub.sid;
    server.dropAll();
    await until(() => sub.state === 'active' && sub.sid !== before);
    expect(server.commands.filter((c) => c.cmd === 'subscribe').at(-1)!.params).toEqual({
      channels: ['cfbenchmarks_value'],
      index_ids: ['BRTI', 'ETHUSD_RR'],
    });
  });

  it('delivers event fee updates on market_lifecycle_v2 and fills with their book and outcome side', async () => {
    const ws = await connect();
    const lifecycle = await ws.subscribe('market_lifecycle_v2');
    const fee = { event_ticker: 'KXFED-26JUL', fee_type_override: 'flat', fee_multiplier_override: null };
    server.publish('market_lifecycle_v2', 'event_fee_update', fee);
    expect(await next(lifecycle)).toMatchObject({ type: 'event_fee_update', msg: fee });

    const fills = await ws.subscribe('fill');
    const fill = {
      trade_id: 't-1',
      order_id: 'o-1',
      market_ticker: 'KXFED-26JUL-T4.25',
      book_side: 'ask',
      outcome_side: 'no',
      count_fp: '2.00',
      yes_price_dollars: '0.4200',
      ts_ms: 1_750_000_000_123,
    };
    server.publish('fill', 'fill', fill);
    expect(await next(fills)).toMatchObject({ type: 'fill', sid: fills.sid, msg: fill });
  });
});
