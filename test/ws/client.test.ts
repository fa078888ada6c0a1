import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../generator/defaults.ts';
import { startWsMockServer, type WsMockServer } from '../../templates/testing/ws-mock-server.ts';
import { generateWsFixture, until, type WsFixture } from './fixture.ts';

/*
 * The generated client end to end: `ws.ts` emitted from a published spec, with the runtime templates, against the
 * shipped WebSocket mock server (given the spec's channel table), which verifies signatures and speaks Kalshi's protocol.
 */

// A fixed published spec, so expectations about its channels hold forever.
const SPEC = join(SPECS_DIR, 'versions/asyncapi/2026-04-09.yaml');

type Message = { type: string; sid?: number; seq?: number; msg: Record<string, unknown> };
type Generated = Record<string, any>;

let fixture: WsFixture;
let mod: Generated;
let nodePlatform: unknown;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
let server: WsMockServer;
const clients: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  fixture = await generateWsFixture(SPEC);
  ({ mod, nodePlatform } = await fixture.load());
});

afterAll(async () => {
  await fixture?.remove();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
});

/** The mock server for the fixture's channels; markets named INVALID-… do not exist. */
function startServer(options: { publicKey: KeyObject; pingIntervalMs?: number }): Promise<WsMockServer> {
  return startWsMockServer({
    channels: mod.WS_CHANNELS,
    marketExists: (ticker) => !ticker.startsWith('INVALID'),
    ...options,
  });
}

async function setup(options: Record<string, unknown> = {}, serverOptions: { pingIntervalMs?: number } = {}) {
  server = await startServer({ publicKey, ...serverOptions });
  const client = new mod.KalshiWebSocket(
    {
      env: {},
      wsUrl: server.url,
      apiKeyId: 'key-1',
      privateKey: pem,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      commandTimeoutMs: 2_000,
      ...options,
    },
    nodePlatform,
  );
  clients.push(client);
  return client;
}

/** Collects events of one kind. */
function record<T>(subscribe: (listener: (value: T) => void) => unknown): T[] {
  const seen: T[] = [];
  subscribe((value) => seen.push(value));
  return seen;
}

function delta(market: string, price: string, count: string, side = 'yes') {
  return { market_ticker: market, market_id: `id-${market}`, price_dollars: price, delta_fp: count, side };
}

describe('handshake and keep-alive', () => {
  it('signs timestamp + GET + path with a fresh timestamp on every connect, and answers pings', async () => {
    const client = await setup({}, { pingIntervalMs: 20 });
    const before = Date.now();
    await client.connect();
    await server.waitFor(() => server.pongs.length > 0);
    expect(server.pongs[0]).toBe('heartbeat');
    expect(server.handshakes).toHaveLength(1);
    expect(server.handshakes[0]).toMatchObject({ keyId: 'key-1', valid: true });
    expect(server.handshakes[0]!.timestamp).toBeGreaterThanOrEqual(before);

    await new Promise((r) => setTimeout(r, 5));
    server.dropAll();
    await server.waitFor(() => server.handshakes.length === 2 && server.connections === 1);
    expect(server.handshakes[1]!.valid).toBe(true);
    expect(server.handshakes[1]!.timestamp).toBeGreaterThan(server.handshakes[0]!.timestamp);
  });

  it('is refused by a server that cannot verify the signature, and says so', async () => {
    server = await startServer({ publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey });
    const client = new mod.KalshiWebSocket(
      { env: {}, wsUrl: server.url, apiKeyId: 'k', privateKey: pem, reconnect: false },
      nodePlatform,
    );
    clients.push(client);
    const errors = record<Error>((l) => client.on('error', l));
    await expect(client.connect()).rejects.toThrow(/reconnect is disabled/);
    expect(errors[0]!.message).toMatch(/could not connect .*401/);
    expect(client.state).toBe('closed');
  });

  it('reconnects when nothing (not even a ping) arrives for idleTimeoutMs', async () => {
    const client = await setup({ idleTimeoutMs: 200 }, { pingIntervalMs: 20 });
    const sub = await client.subscribe('ticker', {});
    const reconnecting = record<{ attempt: number }>((l) => client.on('reconnecting', l));
    // Pings keep an otherwise quiet connection alive.
    await new Promise((r) => setTimeout(r, 400));
    expect(reconnecting).toHaveLength(0);

    const firstSid = sub.sid;
    server.silent = true;
    await until(() => reconnecting.length > 0, 2_000);
    server.silent = false;
    await until(() => sub.state === 'active' && sub.sid !== firstSid);
    expect(server.handshakes.length).toBeGreaterThanOrEqual(2);
  });
});

describe('commands', () => {
  it('settles subscribe on subscribed, and rejects with Kalshi’s code and message on error', async () => {
    const client = await setup();
    const sub = await client.subscribe('ticker', { market_tickers: ['FED-23DEC-T3.00'] });
    expect(sub.sid).toBeTypeOf('number');
    expect(sub.state).toBe('active');
    const sent = server.commands.find((c) => c.cmd === 'subscribe')!;
    expect(sent).toMatchObject({
      id: expect.any(Number),
      params: { channels: ['ticker'], market_tickers: ['FED-23DEC-T3.00'] },
    });

    const failure = await client.subscribe('ticker', { market_ticker: 'INVALID-1' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(mod.WsCommandError);
    expect(failure).toMatchObject({
      code: 16,
      codeName: 'Market not found',
      serverMessage: 'Market not found',
      command: 'subscribe',
    });
    expect((failure as { frame: Message }).frame.msg.market_ticker).toBe('INVALID-1');
  });

  it('gives every command its own id and settles list_subscriptions on its ok reply', async () => {
    const client = await setup();
    const [a, b] = await Promise.all([client.subscribe('ticker'), client.subscribe('trade')]);
    const reply = await client.command('list_subscriptions');
    expect(reply.type).toBe('ok');
    expect(reply.msg).toEqual(
      expect.arrayContaining([
        { channel: 'ticker', sid: a.sid },
        { channel: 'trade', sid: b.sid },
      ]),
    );
    const ids = server.commands.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rejects an unknown channel before sending anything', async () => {
    const client = await setup();
    await expect(client.subscribe('no_such_channel')).rejects.toThrow(/unknown channel "no_such_channel"/);
  });

  it('keeps update_subscription changes for the resubscribe after a reconnect', async () => {
    const client = await setup();
    const sub = await client.subscribe('fill', { market_tickers: ['A'] });
    await sub.update({ action: 'add_markets', market_tickers: ['B', 'C'] });
    await sub.update({ action: 'delete_markets', market_ticker: 'A' });
    expect(sub.params).toEqual({ market_tickers: ['B', 'C'] });
    const oldSid = sub.sid;
    server.dropAll();
    await until(() => sub.state === 'active' && sub.sid !== oldSid);
    const resubscribe = server.commands.filter((c) => c.cmd === 'subscribe').at(-1)!;
    expect(resubscribe.params).toEqual({ channels: ['fill'], market_tickers: ['B', 'C'] });
  });
});

describe('subscriptions', () => {
  it('delivers to an async iterator and to typed listeners, snapshot first', async () => {
    const client = await setup();
    server.setSnapshot('orderbook_delta', 'M1', {
      yes_dollars_fp: [['0.4000', '10.00']],
      no_dollars_fp: [['0.5500', '5.00']],
    });
    const sub = await client.subscribe('orderbook_delta', { market_ticker: 'M1' });
    const deltas = record<Message>((l) => sub.on('orderbook_delta', l));
    const snapshots = record<Message>((l) => sub.on('orderbook_snapshot', l));
    const all = record<Message>((l) => sub.on('*', l));
    const iterated: Message[] = [];
    const loop = (async () => {
      for await (const m of sub) {
        iterated.push(m);
        if (iterated.length === 3) break;
      }
    })();
    await server.waitFor(() => server.subscriptions('orderbook_delta').length === 1);
    server.publish('orderbook_delta', 'orderbook_delta', delta('M1', '0.4000', '-4.00'));
    server.publish('orderbook_delta', 'orderbook_delta', delta('M1', '0.4100', '2.00'));
    await loop;
    expect(iterated.map((m) => [m.type, m.seq])).toEqual([
      ['orderbook_snapshot', 1],
      ['orderbook_delta', 2],
      ['orderbook_delta', 3],
    ]);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.msg.yes_dollars_fp).toEqual([['0.4000', '10.00']]);
    expect(deltas.map((m) => m.msg.price_dollars)).toEqual(['0.4000', '0.4100']);
    expect(all).toHaveLength(3);
    // Leaving the loop unsubscribed.
    await server.waitFor(() => server.subscriptions('orderbook_delta').length === 0);
    expect(sub.state).toBe('closed');

    const book = new mod.OrderBook('M1');
    for (const m of iterated) book.apply(m.msg);
    expect(book.bestYesBid).toMatchObject({ price: '0.4100', count: '2.00' });
    expect(book.bestYesAsk).toMatchObject({ price: '0.4500', count: '5.00' });
  });

  it('resubscribes every subscription after a drop, keeping the caller’s objects valid under new sids', async () => {
    const client = await setup();
    const book = await client.subscribe('orderbook_delta', { market_ticker: 'M1' });
    const ticker = await client.subscribe('ticker');
    const seen = record<Message>((l) => book.on('*', l));
    const tickers = record<Message>((l) => ticker.on('ticker', l));
    const resubscribed = record<{ reason: string }>((l) => book.onEvent('resubscribed', l));
    const closes = record<{ willReconnect: boolean }>((l) => client.on('close', l));
    const [sid1, sid2] = [book.sid, ticker.sid];

    server.publish('orderbook_delta', 'orderbook_delta', delta('M1', '0.3000', '1.00'));
    await until(() => seen.length === 2);
    server.dropAll();
    await until(() => book.state === 'active' && ticker.state === 'active' && book.sid !== sid1 && ticker.sid !== sid2);
    expect(closes[0]!.willReconnect).toBe(true);
    expect(resubscribed).toMatchObject([{ reason: 'reconnect' }]);

    // A fresh snapshot starts the new sid's sequence at 1; the same objects keep receiving.
    await until(() => seen.length === 3);
    expect(seen[2]).toMatchObject({ type: 'orderbook_snapshot', sid: book.sid, seq: 1 });
    server.publish('orderbook_delta', 'orderbook_delta', delta('M1', '0.3000', '1.00'));
    server.publish('ticker', 'ticker', { market_ticker: 'M1', price_dollars: '0.5000' });
    await until(() => seen.length === 4 && tickers.length === 1);
    expect(seen[3]).toMatchObject({ type: 'orderbook_delta', seq: 2, sid: book.sid });
    expect(tickers[0]!.sid).toBe(ticker.sid);
  });

  it('on a sequence gap emits gap, leaves the broken sid and resubscribes for a fresh snapshot', async () => {
    const client = await setup();
    server.setSnapshot('orderbook_delta', 'M1', { yes_dollars_fp: [['0.2000', '3.00']], no_dollars_fp: [] });
    const sub = await client.subscribe('orderbook_delta', { market_ticker: 'M1' });
    const seen = record<Message>((l) => sub.on('*', l));
    const gaps = record<{ expected: number; received: number; sid: number }>((l) => client.on('gap', l));
    const subGaps = record<unknown>((l) => sub.onEvent('gap', l));
    const firstSid = sub.sid;
    server.publish('orderbook_delta', 'orderbook_delta', delta('M1', '0.2000', '1.00'));
    server.skipSequence('orderbook_delta');
    server.publish('orderbook_delta', 'orderbook_delta', delta('M1', '0.2000', '1.00'));
    await until(() => gaps.length === 1 && sub.state === 'active' && sub.sid !== firstSid);
    expect(gaps[0]).toEqual({ channel: 'orderbook_delta', sid: firstSid, expected: 3, received: 4 });
    expect(subGaps).toHaveLength(1);
    expect(
      server.commands.some((c) => c.cmd === 'unsubscribe' && (c.params as { sids: number[] }).sids[0] === firstSid),
    ).toBe(true);
    await until(() => seen.length === 3);
    // The out-of-sequence delta was withheld; the book restarts from a snapshot on the new sid.
    expect(seen.map((m) => [m.type, m.sid, m.seq])).toEqual([
      ['orderbook_snapshot', firstSid, 1],
      ['orderbook_delta', firstSid, 2],
      ['orderbook_snapshot', sub.sid, 1],
    ]);
    expect(client.stats.gaps).toBe(1);
  });

  it('update_subscription on a busy book: the frames right behind the reply see its seq and the new markets', async () => {
    const client = await setup();
    const sub = await client.subscribe('orderbook_delta', { market_tickers: ['M1'] });
    const seen = record<Message>((l) => sub.on('*', l));
    const gaps = record<unknown>((l) => client.on('gap', l));
    const sid = sub.sid;
    server.publish('orderbook_delta', 'orderbook_delta', delta('M1', '0.3000', '1.00'));
    await until(() => seen.length === 2);

    // The server writes the reply (seq 3) and M2's snapshot (seq 4) in one TCP write: one chunk for the client.
    await sub.update({ action: 'add_markets', market_tickers: ['M2'] });
    await until(() => seen.length === 3 || gaps.length > 0);
    // Every command before this one's reply has been handled by the server, a gap's resubscribe included.
    await client.command('list_subscriptions');
    expect(gaps).toEqual([]);
    expect(sub.sid).toBe(sid);
    expect(seen.map((m) => [m.type, m.seq, m.msg.market_ticker])).toEqual([
      ['orderbook_snapshot', 1, 'M1'],
      ['orderbook_delta', 2, 'M1'],
      ['orderbook_snapshot', 4, 'M2'],
    ]);
    expect(sub.params).toEqual({ market_tickers: ['M1', 'M2'] });
    expect(server.subscriptions('orderbook_delta').map((s) => [s.sid, s.markets])).toEqual([[sid, ['M1', 'M2']]]);

    // The added market streams.
    server.publish('orderbook_delta', 'orderbook_delta', delta('M2', '0.6000', '2.00'));
    await until(() => seen.length === 4);
    expect(seen[3]).toMatchObject({ type: 'orderbook_delta', sid, seq: 5, msg: { market_ticker: 'M2' } });
  });

  it('an update acknowledged while a gap’s resubscribe is in flight carries into the new subscription', async () => {
    const client = await setup();
    const sub = await client.subscribe('orderbook_delta', { market_tickers: ['A'] });
    const seen = record<Message>((l) => sub.on('*', l));
    const gaps = record<unknown>((l) => client.on('gap', l));
    const resubscribed = record<{ reason: string }>((l) => sub.onEvent('resubscribed', l));
    const firstSid = sub.sid;
    await until(() => seen.length === 1);

    // The gapped frame is on its way when the update goes out on the old sid: the server answers the update before
    // it sees the client's unsubscribe and resubscribe, so its reply arrives while that resubscribe is in flight.
    server.skipSequence('orderbook_delta');
    server.publish('orderbook_delta', 'orderbook_delta', delta('A', '0.3000', '1.00'));
    await sub.update({ action: 'add_markets', market_tickers: ['B'] });
    expect(gaps).toHaveLength(1);
    expect(sub.params).toEqual({ market_tickers: ['A', 'B'] });

    await until(() => sub.state === 'active' && sub.sid !== firstSid);
    await client.command('list_subscriptions');
    expect(server.subscriptions('orderbook_delta').map((s) => [s.sid, s.markets])).toEqual([[sub.sid, ['A', 'B']]]);
    expect(resubscribed).toMatchObject([{ reason: 'gap' }]);
    server.publish('orderbook_delta', 'orderbook_delta', delta('B', '0.6000', '2.00'));
    await until(() => seen.some((m) => m.type === 'orderbook_delta' && m.msg.market_ticker === 'B'));
    expect(seen.filter((m) => m.sid === sub.sid).map((m) => [m.type, m.msg.market_ticker])).toEqual([
      ['orderbook_snapshot', 'A'],
      ['orderbook_snapshot', 'B'],
      ['orderbook_delta', 'B'],
    ]);
  });

  it('surfaces unknown types and invalid JSON with the raw frame', async () => {
    const client = await setup();
    const unhandled = record<{ reason: string; raw: string; error?: unknown }>((l) => client.on('unhandledFrame', l));
    await client.connect();
    server.sendRaw('{"type":"brand_new_thing","sid":1,"msg":{}}');
    server.sendRaw('{not json');
    server.sendRaw('[1,2]');
    server.sendRaw('{"type":"ticker","sid":999,"msg":{}}');
    await until(() => unhandled.length === 4);
    expect(unhandled.map((u) => [u.reason, u.raw])).toEqual([
      ['unknown-type', '{"type":"brand_new_thing","sid":1,"msg":{}}'],
      ['invalid-json', '{not json'],
      ['not-an-object', '[1,2]'],
      ['no-subscription', '{"type":"ticker","sid":999,"msg":{}}'],
    ]);
    expect(unhandled[1]!.error).toBeInstanceOf(SyntaxError);
    expect(client.stats.unhandledFrames).toBe(4);
  });

  it('drops the oldest unread ticker messages when the buffer is full', async () => {
    const client = await setup({ bufferSize: 3 });
    const sub = await client.subscribe('ticker');
    expect(sub.overflow).toBe('drop-oldest');
    const iterator = sub[Symbol.asyncIterator]();
    const dropped = record<{ total: number }>((l) => sub.onEvent('dropped', l));
    for (let i = 1; i <= 5; i++) server.publish('ticker', 'ticker', { market_ticker: 'M', price_dollars: `0.0${i}00` });
    await until(() => client.stats.framesReceived >= 6);
    await new Promise((r) => setTimeout(r, 0));
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push(((await iterator.next()).value as Message).msg.price_dollars as string);
    expect(got).toEqual(['0.0300', '0.0400', '0.0500']);
    expect(sub.dropped).toBe(2);
    expect(dropped.at(-1)).toEqual({ total: 2 });
  });

  it('fails an orderbook subscription that overflows instead of dropping, and leaves it on the server', async () => {
    const client = await setup({ bufferSize: 2 });
    const sub = await client.subscribe('orderbook_delta', { market_ticker: 'M1' });
    expect(sub.overflow).toBe('error');
    const iterator = sub[Symbol.asyncIterator]();
    const errors = record<Error>((l) => sub.onEvent('error', l));
    for (let i = 0; i < 3; i++) server.publish('orderbook_delta', 'orderbook_delta', delta('M1', '0.1000', '1.00'));
    await until(() => errors.length === 1);
    await expect(iterator.next()).rejects.toBeInstanceOf(mod.SubscriptionOverflowError);
    expect(sub.state).toBe('failed');
    await server.waitFor(() => server.subscriptions('orderbook_delta').length === 0);
  });

  it('lets the caller override the overflow policy per subscription', async () => {
    const client = await setup({ bufferSize: 2 });
    const sub = await client.subscribe('fill', {}, { overflow: 'drop-oldest', bufferSize: 5 });
    expect([sub.overflow, sub.bufferSize]).toEqual(['drop-oldest', 5]);
    expect((await client.subscribe('fill')).overflow).toBe('error');
  });
});

describe('closing', () => {
  it('closes cleanly: code 1000, iterators finish, pending work rejects, no reconnect', async () => {
    const client = await setup();
    const sub = await client.subscribe('trade');
    const loop = (async () => {
      const seen: unknown[] = [];
      for await (const m of sub) seen.push(m);
      return seen;
    })();
    server.publish('trade', 'trade', { trade_id: 't1' });
    await until(() => client.stats.framesReceived >= 2);
    server.silent = true;
    const pending = client.command('list_subscriptions').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 10));
    await client.close();
    expect(await pending).toBeInstanceOf(mod.WsClosedError);
    expect(await loop).toHaveLength(1);
    await server.waitFor(() => server.closeCodes.length === 1);
    expect(server.closeCodes).toEqual([1000]);
    expect(client.state).toBe('closed');
    await expect(client.subscribe('trade')).rejects.toBeInstanceOf(mod.WsClosedError);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.handshakes).toHaveLength(1);
  });

  it('rejects, never throws, from every method that returns a promise, whatever state it is called in', async () => {
    /** Calls `call`, which must return a promise rather than throw; resolves to its rejection (or undefined). */
    const settled = (call: () => Promise<unknown>) => {
      let promise!: Promise<unknown>;
      expect(() => (promise = call())).not.toThrow();
      return promise.then(
        () => undefined,
        (e: unknown) => e,
      );
    };
    const client = await setup();
    const sub = await client.subscribe('fill');
    // A second unsubscribe while the first is under way waits for it.
    const [first, second] = [settled(() => sub.unsubscribe()), settled(() => sub.unsubscribe())];
    expect(await first).toBeUndefined();
    expect(await second).toBeUndefined();
    expect(await settled(() => sub.update({ action: 'add_markets', market_tickers: ['B'] }))).toMatchObject({
      message: expect.stringMatching(/fill subscription is no longer active \(state closed\)/),
    });

    const other = await client.subscribe('trade');
    await client.close();
    const closed = [
      () => other.update({ action: 'add_markets', market_tickers: ['B'] }),
      () => other.unsubscribe(),
      () => client.subscribe('trade'),
      () => client.command('list_subscriptions'),
      () => client.connect(),
      () => client.close(),
    ];
    const outcomes = await Promise.all(closed.map(settled));
    expect(outcomes.map((e) => (e === undefined ? 'resolved' : (e as Error).name))).toEqual([
      'KalshiError',
      'resolved',
      'WsClosedError',
      'WsClosedError',
      'WsClosedError',
      'resolved',
    ]);
  });

  it('refuses credentials on a platform that cannot sign the handshake (browsers)', () => {
    const browserLike = { ...(nodePlatform as object), name: 'web', webSocketHeaders: false };
    expect(() => new mod.KalshiWebSocket({ env: {}, apiKeyId: 'k', privateKey: pem }, browserLike)).toThrow(
      /server-side relay/,
    );
    // Without credentials (a relay signs for it) it constructs.
    expect(new mod.KalshiWebSocket({ env: {}, wsUrl: 'wss://relay.example/ws' }, browserLike).url).toBe(
      'wss://relay.example/ws',
    );
  });
});
