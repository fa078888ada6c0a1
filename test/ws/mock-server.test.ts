import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startWsMockServer, type WsMockServer } from '../../templates/testing/ws-mock-server.ts';

/*
 * The shipped WebSocket mock server on its own, through a bare `ws` client: what the generated client never sends
 * (malformed commands, unknown channels) and what the server checks itself. Its channels are made up, to show it
 * takes everything it knows about them from the table it is given.
 */

const CHANNELS = {
  books: { messageTypes: ['book_snapshot', 'book_change'], snapshotTypes: ['book_snapshot'], sequenced: true },
  news: { messageTypes: ['headline'], snapshotTypes: [], sequenced: false },
} as const;

type Frame = { id?: number; type: string; sid?: number; seq?: number; msg?: unknown };

let server: WsMockServer<typeof CHANNELS>;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await server?.close();
});

/** A bare client that collects every frame it receives. */
async function connect(): Promise<{
  send(frame: unknown): void;
  frames: Frame[];
  next(count: number): Promise<Frame[]>;
}> {
  const socket = new WebSocket(server.url);
  sockets.push(socket);
  const frames: Frame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let read = 0;
  return {
    frames,
    send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    /** The next `count` frames not returned before. */
    async next(count) {
      const started = Date.now();
      while (frames.length < read + count) {
        if (Date.now() - started > 5_000) throw new Error(`expected ${count} more frames, have ${frames.slice(read)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      read += count;
      return frames.slice(read - count, read);
    },
  };
}

describe('startWsMockServer', () => {
  it('answers commands it cannot carry out with Kalshi’s error codes', async () => {
    server = await startWsMockServer({ channels: CHANNELS, marketExists: (t) => t !== 'GONE' });
    const client = await connect();
    client.send({ id: 1, cmd: 'subscribe', params: {} });
    client.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'] } });
    client.send({ id: 3, cmd: 'subscribe', params: { channels: ['news'], market_tickers: ['A', 'GONE'] } });
    client.send({ id: 4, cmd: 'unsubscribe', params: { sids: [42] } });
    client.send({ id: 5, cmd: 'update_subscription', params: { sids: [1, 2], action: 'add_markets' } });
    client.send({ id: 6, cmd: 'dance' });
    client.send('{not json');
    const replies = await client.next(7);
    expect(replies.map((f) => [f.id, f.type, (f.msg as { code: number }).code])).toEqual([
      [1, 'error', 3],
      [2, 'error', 8],
      [3, 'error', 16],
      [4, 'error', 7],
      [5, 'error', 12],
      [6, 'error', 5],
      [undefined, 'error', 1],
    ]);
    expect(replies[2]!.msg).toEqual({ code: 16, msg: 'Market not found', market_ticker: 'GONE' });
    expect(server.subscriptions()).toEqual([]);
    expect(server.commands.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('starts a subscription with a snapshot per market, numbers sequenced channels and filters by market', async () => {
    server = await startWsMockServer({ channels: CHANNELS });
    server.setSnapshot('books', 'A', { bids: [['0.4000', '10.00']] });
    // Called once the snapshots are out: its view already counts them.
    const confirmed: unknown[] = [];
    server.onSubscribe((sub) => confirmed.push(sub));
    const client = await connect();
    client.send({ id: 1, cmd: 'subscribe', params: { channels: ['books'], market_tickers: ['A', 'B'] } });
    const [subscribed, snapshotA, snapshotB] = await client.next(3);
    expect(subscribed).toEqual({ id: 1, type: 'subscribed', msg: { channel: 'books', sid: 1 } });
    expect(snapshotA).toEqual({
      type: 'book_snapshot',
      sid: 1,
      seq: 1,
      msg: { bids: [['0.4000', '10.00']], market_ticker: 'A' },
    });
    expect(snapshotB).toEqual({ type: 'book_snapshot', sid: 1, seq: 2, msg: { market_ticker: 'B' } });
    expect(confirmed).toEqual([{ sid: 1, channel: 'books', markets: ['A', 'B'], seq: 2 }]);

    client.send({ id: 2, cmd: 'subscribe', params: { channels: ['news'] } });
    await client.next(1);
    expect(server.publish('books', 'book_change', { market_ticker: 'C' })).toBe(0);
    expect(server.publish('books', 'book_change', { market_ticker: 'A' })).toBe(1);
    server.skipSequence('books');
    expect(server.publish('news', 'headline', { text: 'hi' })).toBe(1);
    expect(server.publish('books', 'book_change', { market_ticker: 'B' })).toBe(1);
    expect(await client.next(3)).toEqual([
      { type: 'book_change', sid: 1, seq: 3, msg: { market_ticker: 'A' } },
      { type: 'headline', sid: 2, msg: { text: 'hi' } },
      { type: 'book_change', sid: 1, seq: 5, msg: { market_ticker: 'B' } },
    ]);

    client.send({
      id: 3,
      cmd: 'update_subscription',
      params: { sids: [1], action: 'delete_markets', market_ticker: 'A' },
    });
    client.send({ id: 4, cmd: 'unsubscribe', params: { sids: [2] } });
    client.send({ id: 5, cmd: 'list_subscriptions' });
    // The reply of an update takes a place in the sequence.
    expect(await client.next(3)).toEqual([
      { id: 3, sid: 1, seq: 6, type: 'ok', msg: { market_tickers: ['B'] } },
      { id: 4, sid: 2, seq: 0, type: 'unsubscribed' },
      { id: 5, type: 'ok', msg: [{ channel: 'books', sid: 1 }] },
    ]);

    // Markets an update adds start with their snapshot, right behind the reply.
    client.send({
      id: 6,
      cmd: 'update_subscription',
      params: { sids: [1], action: 'add_markets', market_tickers: ['A', 'B'] },
    });
    expect(await client.next(2)).toEqual([
      { id: 6, sid: 1, seq: 7, type: 'ok', msg: { market_tickers: ['B', 'A'] } },
      { type: 'book_snapshot', sid: 1, seq: 8, msg: { bids: [['0.4000', '10.00']], market_ticker: 'A' } },
    ]);
  });

  it('refuses to publish what the channel table does not allow', async () => {
    server = await startWsMockServer({ channels: CHANNELS });
    // @ts-expect-error: a headline is not a message of the books channel
    expect(() => server.publish('books', 'headline', {})).toThrow(/"books" does not deliver "headline"/);
    // @ts-expect-error: not a channel of the table
    expect(() => server.publish('ticker', 'ticker', {})).toThrow(/unknown channel "ticker"; channels: books, news/);
    // @ts-expect-error: news has no snapshots
    expect(() => server.setSnapshot('news', 'A', {})).toThrow(/"news" has no snapshot types/);
  });

  it('without a public key accepts any handshake and records it unverified; silence stops answers', async () => {
    server = await startWsMockServer({ channels: CHANNELS });
    const client = await connect();
    expect(server.handshakes).toEqual([{ keyId: '', timestamp: NaN, valid: undefined }]);
    server.silent = true;
    client.send({ id: 1, cmd: 'list_subscriptions' });
    await new Promise((r) => setTimeout(r, 50));
    expect(client.frames).toEqual([]);
    server.silent = false;
    client.send({ id: 2, cmd: 'list_subscriptions' });
    expect(await client.next(1)).toEqual([{ id: 2, type: 'ok', msg: [] }]);
    await expect(server.waitFor(() => false, 20)).rejects.toThrow(/timed out after 20 ms/);
  });
});
