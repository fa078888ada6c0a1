import { describe, expect, it } from 'vitest';
import type { Frame, ReplyHandlers } from '../../templates/ws/commands.js';
import { WsClosedError, WsCommandError } from '../../templates/ws/errors.js';
import type { ChannelDescriptor } from '../../templates/ws/protocol.js';
import type { GapEvent } from '../../templates/ws/subscription.js';
import { Subscriptions } from '../../templates/ws/subscriptions.js';

/*
 * The subscriptions' state machine over a fake command channel: the test sees every command the subscriptions send
 * and answers it (or not) when and how it likes. No socket, no clock.
 */

const BOOK: ChannelDescriptor = {
  messageTypes: ['orderbook_snapshot', 'orderbook_delta'],
  snapshotTypes: ['orderbook_snapshot'],
  sequenced: true,
  overflow: 'error',
};

interface Sent {
  id: number;
  cmd: string;
  params: Record<string, unknown> | undefined;
  handlers: ReplyHandlers;
}

/** A registry wired to a fake client that records commands, gaps and errors. */
function setup() {
  const sent: Sent[] = [];
  const gaps: GapEvent[] = [];
  const errors: Error[] = [];
  const state = { connected: true };
  const subs = new Subscriptions({
    send: (cmd, params, handlers) => {
      const id = sent.length + 1;
      if (state.connected) sent.push({ id, cmd, params, handlers });
      else handlers.onDrop();
      return id;
    },
    connected: () => state.connected,
    gap: (gap) => gaps.push(gap),
    error: (error) => errors.push(error),
    listenerError: (error) => {
      throw error;
    },
  });
  /** The commands sent so far, as `cmd params`. */
  const wire = () => sent.map((c) => `${c.cmd} ${JSON.stringify(c.params)}`);
  /** The last command named `cmd` not answered yet. */
  const pending = (cmd: string) => {
    const found = sent.filter((c) => c.cmd === cmd && !answered.has(c)).at(-1);
    if (!found) throw new Error(`no ${cmd} awaits a reply; sent: ${wire().join('; ')}`);
    answered.add(found);
    return found;
  };
  const answered = new Set<Sent>();
  const confirm = (sid: number, sub = pending('subscribe')) =>
    sub.handlers.onReply({ type: 'subscribed', msg: { sid } });
  /** A data frame as the client routes it: to the subscription with its sid, if any. */
  const frame = (sid: number, seq: number, type = 'orderbook_delta', market = 'A') => {
    const message: Frame = { type, sid, seq, msg: { market_ticker: market } };
    const record = subs.routed(sid);
    if (record === undefined || !record.types.has(type)) return subs.misrouted(sid) ?? 'stale';
    return record.receive(message, sid) ? 'delivered' : 'withheld';
  };
  return { subs, sent, gaps, errors, state, wire, pending, confirm, frame };
}

async function subscribed(t: ReturnType<typeof setup>, params: Record<string, unknown>, sid: number) {
  const confirmed = t.subs.add('orderbook_delta', BOOK, params, 'error', 100);
  t.confirm(sid);
  const sub = await confirmed;
  const seen: Frame[] = [];
  sub.on('*', (m) => seen.push(m as Frame));
  const resubscribed: unknown[] = [];
  sub.onEvent('resubscribed', (info) => resubscribed.push(info));
  await Promise.resolve();
  return { sub, seen, resubscribed };
}

describe('Subscriptions', () => {
  it('subscribes with the channel, routes frames by the confirmed sid, and tells the other ones apart', async () => {
    const t = setup();
    const { sub, seen } = await subscribed(t, { market_tickers: ['A'] }, 7);
    expect(t.wire()).toEqual(['subscribe {"market_tickers":["A"],"channels":["orderbook_delta"]}']);
    expect([sub.state, sub.sid]).toEqual(['active', 7]);
    expect([t.frame(7, 1, 'orderbook_snapshot'), t.frame(7, 2)]).toEqual(['delivered', 'delivered']);
    expect(seen.map((m) => m.seq)).toEqual([1, 2]);
    expect([t.frame(7, 3, 'ticker'), t.frame(8, 1)]).toEqual(['wrong-channel', 'no-subscription']);
  });

  it('waits for the connection: nothing is sent until it opens, then each subscription is requested once', async () => {
    const t = setup();
    t.state.connected = false;
    const confirmed = t.subs.add('orderbook_delta', BOOK, {}, 'error', 100);
    expect(t.sent).toEqual([]);
    t.state.connected = true;
    t.subs.resume();
    t.subs.resume();
    expect(t.wire()).toEqual(['subscribe {"channels":["orderbook_delta"]}']);
    t.confirm(1);
    expect((await confirmed).sid).toBe(1);
  });

  it('on a gap withholds the frame, reports it, leaves the sid (its frames stale) and resubscribes', async () => {
    const t = setup();
    const { sub, seen, resubscribed } = await subscribed(t, { market_tickers: ['A'] }, 1);
    const subGaps: GapEvent[] = [];
    sub.onEvent('gap', (gap) => subGaps.push(gap));
    t.frame(1, 1, 'orderbook_snapshot');
    expect(t.frame(1, 3)).toBe('withheld');
    const gap = { channel: 'orderbook_delta', sid: 1, expected: 2, received: 3 };
    expect([t.gaps, subGaps, t.subs.gaps]).toEqual([[gap], [gap], 1]);
    expect(sub.state).toBe('resubscribing');
    expect(t.wire().slice(1)).toEqual([
      'unsubscribe {"sids":[1]}',
      'subscribe {"market_tickers":["A"],"channels":["orderbook_delta"]}',
    ]);
    expect(t.frame(1, 4)).toBe('stale');
    expect(t.subs.staleFrames).toBe(1);
    t.confirm(2);
    expect(t.frame(2, 1, 'orderbook_snapshot')).toBe('delivered');
    expect(resubscribed).toEqual([{ sid: 2, previousSid: 1, reason: 'gap' }]);
    expect(seen.map((m) => [m.sid, m.seq])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('an update acknowledged while a gap’s resubscribe is in flight: asks again with the updated markets', async () => {
    const t = setup();
    const { sub, resubscribed } = await subscribed(t, { market_tickers: ['A'] }, 1);
    t.frame(1, 1, 'orderbook_snapshot');
    const updated = sub.update({ action: 'add_markets', market_tickers: ['B'] });
    const update = t.pending('update_subscription');
    expect(update.params).toEqual({ action: 'add_markets', market_tickers: ['B'], sids: [1] });
    // The gap is seen before the update's reply, which the server sent before it saw the resubscribe.
    t.frame(1, 3);
    update.handlers.onReply({ id: update.id, sid: 1, seq: 4, type: 'ok', msg: { market_tickers: ['A', 'B'] } });
    await updated;
    expect(sub.params).toEqual({ market_tickers: ['A', 'B'] });
    expect(t.wire().slice(1)).toEqual([
      'update_subscription {"action":"add_markets","market_tickers":["B"],"sids":[1]}',
      'unsubscribe {"sids":[1]}',
      'subscribe {"market_tickers":["A"],"channels":["orderbook_delta"]}',
      'subscribe {"market_tickers":["A","B"],"channels":["orderbook_delta"]}',
    ]);
    const [outdated, current] = t.sent.filter((c) => c.cmd === 'subscribe').slice(1);
    // The outdated request's subscription is left as soon as it is confirmed; only the current one counts.
    t.confirm(2, outdated);
    expect(t.wire().at(-1)).toBe('unsubscribe {"sids":[2]}');
    expect(t.frame(2, 1, 'orderbook_snapshot')).toBe('stale');
    expect(sub.state).toBe('resubscribing');
    t.confirm(3, current);
    expect([sub.state, sub.sid]).toEqual(['active', 3]);
    expect(resubscribed).toEqual([{ sid: 3, previousSid: 1, reason: 'gap' }]);
    expect([t.frame(3, 1, 'orderbook_snapshot', 'A'), t.frame(3, 2, 'orderbook_snapshot', 'B')]).toEqual([
      'delivered',
      'delivered',
    ]);
  });

  it('an update that changes nothing, or fails, leaves the resubscribe in flight alone', async () => {
    const t = setup();
    const { sub } = await subscribed(t, { market_tickers: ['A'] }, 1);
    t.frame(1, 1, 'orderbook_snapshot');
    const snapshot = sub.update({ action: 'get_snapshot' });
    const refused = sub.update({ action: 'add_markets', market_tickers: ['INVALID'] });
    // The latest unanswered first.
    const addInvalid = t.pending('update_subscription');
    const getSnapshot = t.pending('update_subscription');
    t.frame(1, 3);
    getSnapshot.handlers.onReply({ type: 'ok', sid: 1, msg: { market_tickers: ['A'] } });
    const error = new WsCommandError('update_subscription', 16, 'Market not found', undefined, {});
    addInvalid.handlers.onError(error);
    await snapshot;
    await expect(refused).rejects.toBe(error);
    expect(t.sent.filter((c) => c.cmd === 'subscribe')).toHaveLength(2);
    expect(sub.params).toEqual({ market_tickers: ['A'] });
  });

  it('an update sent while no sid is confirmed waits for the confirmation, then goes to the new sid', async () => {
    const t = setup();
    const { sub } = await subscribed(t, { market_tickers: ['A'] }, 1);
    t.frame(1, 1);
    t.frame(1, 5);
    const updated = sub.update({ action: 'add_markets', market_tickers: ['B'] });
    await Promise.resolve();
    expect(t.sent.some((c) => c.cmd === 'update_subscription')).toBe(false);
    t.confirm(2);
    await new Promise((r) => setTimeout(r, 0));
    const update = t.pending('update_subscription');
    expect(update.params!.sids).toEqual([2]);
    // Its reply takes the next place in the new sid's sequence.
    t.frame(2, 1, 'orderbook_snapshot');
    update.handlers.onReply({ type: 'ok', sid: 2, seq: 2, msg: {} });
    await updated;
    expect(t.frame(2, 3)).toBe('delivered');
    expect(t.sent.filter((c) => c.cmd === 'subscribe')).toHaveLength(2);
  });

  it('after the connection is lost, requests every subscription again with its current params', async () => {
    const t = setup();
    const { sub, resubscribed } = await subscribed(t, { market_tickers: ['A'] }, 1);
    t.state.connected = false;
    t.subs.connectionLost();
    expect([sub.state, t.frame(1, 1)]).toEqual(['resubscribing', 'no-subscription']);
    t.state.connected = true;
    t.subs.resume();
    t.confirm(2);
    expect(resubscribed).toEqual([{ sid: 2, previousSid: 1, reason: 'reconnect' }]);
  });

  it('a refused resubscribe fails the subscription and is reported to the client, nobody awaiting it', async () => {
    const t = setup();
    const { sub } = await subscribed(t, {}, 1);
    const failures: Error[] = [];
    sub.onEvent('error', (e) => failures.push(e));
    t.frame(1, 1);
    t.frame(1, 3);
    const error = new WsCommandError('subscribe', 16, 'Market not found', undefined, {});
    t.pending('subscribe').handlers.onError(error);
    expect([t.errors, failures, sub.state]).toEqual([[error], [error], 'failed']);
    await expect(sub.update({ action: 'add_markets' })).rejects.toThrow(/no longer active \(state failed\)/);
  });

  it('a first subscribe refused rejects subscribe() only', async () => {
    const t = setup();
    const confirmed = t.subs.add('orderbook_delta', BOOK, {}, 'error', 100);
    const error = new WsCommandError('subscribe', 8, 'Unknown channel name', undefined, {});
    t.pending('subscribe').handlers.onError(error);
    await expect(confirmed).rejects.toBe(error);
    expect(t.errors).toEqual([]);
  });

  it('unsubscribed before the server confirmed it: the waiters learn so and the late sid is left', async () => {
    const t = setup();
    const { sub } = await subscribed(t, {}, 1);
    t.frame(1, 1);
    t.frame(1, 3);
    const update = sub.update({ action: 'add_markets', market_tickers: ['B'] });
    await sub.unsubscribe();
    await expect(update).rejects.toBeInstanceOf(WsClosedError);
    expect(sub.state).toBe('closed');
    t.confirm(2);
    expect(t.wire().at(-1)).toBe('unsubscribe {"sids":[2]}');
  });

  it('unsubscribe() ends it on the server; a stale sid reply (unknown subscription) still resolves', async () => {
    const t = setup();
    const { sub } = await subscribed(t, {}, 4);
    const done = sub.unsubscribe();
    const unsubscribe = t.pending('unsubscribe');
    expect(unsubscribe.params).toEqual({ sids: [4] });
    expect(t.frame(4, 1)).toBe('stale');
    unsubscribe.handlers.onError(new WsCommandError('unsubscribe', 7, 'Unknown subscription ID', undefined, {}));
    await done;
    expect(sub.state).toBe('closed');
  });

  it('when the client closes every subscription ends; when the connection gives up every one fails', async () => {
    const closing = setup();
    const { sub } = await subscribed(closing, {}, 1);
    const pendingFirst = closing.subs.add('orderbook_delta', BOOK, {}, 'error', 100);
    const error = new WsClosedError('closed');
    closing.subs.clientClosed(error);
    expect(sub.state).toBe('closed');
    await expect(pendingFirst).rejects.toBe(error);
    expect(closing.frame(1, 1)).toBe('no-subscription');

    const failing = setup();
    const other = (await subscribed(failing, {}, 1)).sub;
    const gaveUp = new Error('gave up');
    failing.subs.connectionFailed(gaveUp);
    expect(other.state).toBe('failed');
  });

  it('an overflowing subscription is forgotten and left on the server', async () => {
    const t = setup();
    const confirmed = t.subs.add('orderbook_delta', BOOK, {}, 'error', 2);
    t.confirm(9);
    const sub = await confirmed;
    const iterator = sub[Symbol.asyncIterator]();
    await Promise.resolve();
    for (let seq = 1; seq <= 3; seq++) t.frame(9, seq);
    await expect(iterator.next()).rejects.toThrow(/overflowed its buffer of 2/);
    expect(t.wire().at(-1)).toBe('unsubscribe {"sids":[9]}');
    expect(t.frame(9, 4)).toBe('stale');
  });
});
