import { createPublicKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ACCESS_KEY_HEADER, ACCESS_TIMESTAMP_HEADER } from '../runtime/signer.js';
import { applySubscriptionUpdate } from '../ws/params.js';
import { signatureIsValid } from './mock-server.js';

/**
 * A local stand-in for Kalshi's WebSocket API, for tests and offline runs: a server on 127.0.0.1 (a free port) that
 * checks the signed handshake, speaks the command protocol (`subscribe`, `unsubscribe`, `update_subscription`,
 * `list_subscriptions`, answering mistakes with Kalshi's error codes), numbers the frames of sequenced channels per
 * subscription, sends a snapshot per market on channels that have snapshots (also for markets an update adds), pings,
 * and misbehaves on demand: drops connections, skips a sequence number, sends raw frames, goes silent.
 *
 * Like a busy server, it writes a command's reply and the frames that follow from it (snapshots) in one TCP write,
 * so a client receives them in one chunk and handles them one after another without awaiting in between.
 *
 * It knows no channel by name: pass the SDK's channel table, `WS_CHANNELS`.
 *
 *   const server = await startWsMockServer({ channels: WS_CHANNELS, publicKey });
 *   server.setSnapshot('orderbook_delta', 'FED-23DEC-T3.00', { market_id: '…', yes_dollars_fp: [['0.4000', '10.00']] });
 *   const ws = new KalshiWebSocket({ wsUrl: server.url, apiKeyId: 'key', privateKey: privateKeyPem, env: {} });
 *   const sub = await ws.subscribe('orderbook_delta', { market_ticker: 'FED-23DEC-T3.00' }); // snapshot arrives
 *   server.publish('orderbook_delta', 'orderbook_delta', { market_ticker: 'FED-23DEC-T3.00', … });
 *   await server.close();
 */

/** What the server needs to know about one channel. The generated `WS_CHANNELS` entries have this shape. */
export interface WsMockChannel {
  /** The `type` of every message a subscription to the channel delivers; `publish` accepts only these. */
  readonly messageTypes: readonly string[];
  /** Types that carry full state. When there are any, each subscription starts with a snapshot per market. */
  readonly snapshotTypes: readonly string[];
  /** Whether frames carry `seq`, counting from 1 per subscription. */
  readonly sequenced: boolean;
}

export type WsMockChannels = { readonly [channel: string]: WsMockChannel };

/** The channels of `C` that have snapshots. */
export type WsMockSnapshotChannel<C extends WsMockChannels> = {
  [K in keyof C & string]: C[K]['snapshotTypes'] extends readonly [] ? never : K;
}[keyof C & string];

export interface WsMockServerOptions<C extends WsMockChannels = WsMockChannels> {
  /** The channels one can subscribe to (pass `WS_CHANNELS`); subscribing to any other fails with code 8. */
  channels: C;
  /** Verify the signed handshake with this RSA public key (PEM or KeyObject); a bad or missing signature gets 401. */
  publicKey?: string | KeyObject;
  /** The path upgrades are accepted on. Default `/trade-api/ws/v2`, Kalshi's. */
  path?: string;
  /** Ping every connection this often with Kalshi's `heartbeat` payload. Default 0: never. */
  pingIntervalMs?: number;
  /** Whether a market ticker exists; subscribing to one that does not fails with code 16. Default: every one does. */
  marketExists?: (ticker: string) => boolean;
}

/** A WebSocket handshake as the server saw it. */
export interface WsMockHandshake {
  keyId: string;
  /** KALSHI-ACCESS-TIMESTAMP, in milliseconds (NaN when absent or malformed). */
  timestamp: number;
  /** With a public key: whether the signature is valid; undefined without a key. */
  valid: boolean | undefined;
}

/** A live subscription on the server. */
export interface WsMockSubscription {
  readonly sid: number;
  readonly channel: string;
  /** The markets it was subscribed to (empty: every market). */
  readonly markets: readonly string[];
  /** The last sequence number sent (sequenced channels). */
  readonly seq: number;
}

/** A JSON frame. */
export type WsMockFrame = Record<string, unknown>;

export interface WsMockServer<C extends WsMockChannels = WsMockChannels> {
  /** The URL to give the client, e.g. `ws://127.0.0.1:40123/trade-api/ws/v2`. */
  readonly url: string;
  readonly port: number;
  /** Every handshake attempted, refused ones included. */
  readonly handshakes: WsMockHandshake[];
  /** Every command received, in order. */
  readonly commands: WsMockFrame[];
  /** Payloads of the pongs received. */
  readonly pongs: string[];
  /** Close codes of the connections that ended. */
  readonly closeCodes: number[];
  /** Open connections. */
  readonly connections: number;
  /** While true the server neither pings nor answers nor publishes: the connection looks alive but nothing arrives. */
  silent: boolean;
  /** Live subscriptions, of one channel or all. */
  subscriptions(channel?: keyof C & string): WsMockSubscription[];
  /**
   * The state sent as the snapshot (the channel's first snapshot type) when a subscription to `market` starts.
   * `market_ticker` is filled in. Without one, the snapshot is `{ market_ticker }`: an empty book.
   */
  setSnapshot(channel: WsMockSnapshotChannel<C>, market: string, msg: WsMockFrame): void;
  /**
   * Sends a data frame of `type` to every subscription of `channel` that covers `msg.market_ticker` (every
   * subscription when the message names no market). Returns how many frames were sent.
   */
  publish<K extends keyof C & string>(channel: K, type: C[K]['messageTypes'][number], msg: WsMockFrame): number;
  /** Calls `listener` after each subscription is confirmed (and its snapshots sent). Returns a function that removes it. */
  onSubscribe(listener: (subscription: WsMockSubscription) => void): () => void;
  /** The next frame of each subscription of `channel` skips a sequence number, as if one was lost. */
  skipSequence(channel: keyof C & string): void;
  /** Sends `text` as is on every connection. */
  sendRaw(text: string): void;
  /** Cuts every connection without a close handshake. */
  dropAll(): void;
  /** Resolves once `check` holds; it is checked after every handshake, command, pong, connection and close. */
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const WS_MOCK_PATH = '/trade-api/ws/v2';

interface LiveSubscription {
  sid: number;
  channel: string;
  /** The subscribe params as updated since (market lists, index ids, …). */
  params: WsMockFrame;
  markets: string[];
  seq: number;
  socket: WebSocket;
}

export async function startWsMockServer<C extends WsMockChannels>(
  options: WsMockServerOptions<C>,
): Promise<WsMockServer<C>> {
  const server = new WsMock<C>(options);
  await server.listen();
  return server;
}

class WsMock<C extends WsMockChannels> implements WsMockServer<C> {
  readonly handshakes: WsMockHandshake[] = [];
  readonly commands: WsMockFrame[] = [];
  readonly pongs: string[] = [];
  readonly closeCodes: number[] = [];
  silent = false;
  readonly #channels: C;
  readonly #publicKey: KeyObject | undefined;
  readonly #path: string;
  readonly #marketExists: (ticker: string) => boolean;
  readonly #http = createServer();
  readonly #wss: WebSocketServer;
  readonly #subs = new Map<number, LiveSubscription>();
  readonly #sockets = new Set<WebSocket>();
  /** Snapshot state per channel, then per market. */
  readonly #snapshots = new Map<string, Map<string, WsMockFrame>>();
  readonly #subscribeListeners = new Set<(subscription: WsMockSubscription) => void>();
  readonly #pingIntervalMs: number;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #nextSid = 1;
  #waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(options: WsMockServerOptions<C>) {
    this.#channels = options.channels;
    this.#publicKey = typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
    this.#path = options.path ?? WS_MOCK_PATH;
    this.#marketExists = options.marketExists ?? (() => true);
    this.#pingIntervalMs = options.pingIntervalMs ?? 0;
    this.#wss = new WebSocketServer({
      server: this.#http,
      path: this.#path,
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
        const ok = this.#checkHandshake(info.req) !== false;
        done(ok, ok ? undefined : 401, ok ? undefined : 'invalid signature');
      },
    });
    this.#wss.on('connection', (socket) => this.#onConnection(socket));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(0, '127.0.0.1', () => resolve());
    });
    if (this.#pingIntervalMs > 0) {
      this.#pingTimer = setInterval(() => {
        if (!this.silent) for (const socket of this.#sockets) socket.ping('heartbeat');
      }, this.#pingIntervalMs);
    }
  }

  get port(): number {
    return (this.#http.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}${this.#path}`;
  }

  get connections(): number {
    return this.#sockets.size;
  }

  subscriptions(channel?: keyof C & string): WsMockSubscription[] {
    return [...this.#subs.values()].filter((s) => channel === undefined || s.channel === channel).map(publicView);
  }

  setSnapshot(channel: WsMockSnapshotChannel<C>, market: string, msg: WsMockFrame): void {
    if (!this.#channel(channel).snapshotTypes.length) throw new Error(`channel "${channel}" has no snapshot types`);
    let markets = this.#snapshots.get(channel);
    if (!markets) this.#snapshots.set(channel, (markets = new Map()));
    markets.set(market, { ...msg, market_ticker: market });
  }

  publish<K extends keyof C & string>(channel: K, type: C[K]['messageTypes'][number], msg: WsMockFrame): number {
    if (!this.#channel(channel).messageTypes.includes(type)) {
      throw new Error(
        `channel "${channel}" does not deliver "${type}"; it delivers ${this.#channel(channel).messageTypes.join(', ')}`,
      );
    }
    if (this.silent) return 0;
    const market = typeof msg.market_ticker === 'string' ? msg.market_ticker : undefined;
    let sent = 0;
    for (const sub of this.#subs.values()) {
      if (sub.channel !== channel) continue;
      if (market !== undefined && sub.markets.length && !sub.markets.includes(market)) continue;
      this.#sendData(sub, type, msg);
      sent++;
    }
    return sent;
  }

  onSubscribe(listener: (subscription: WsMockSubscription) => void): () => void {
    this.#subscribeListeners.add(listener);
    return () => this.#subscribeListeners.delete(listener);
  }

  skipSequence(channel: keyof C & string): void {
    for (const sub of this.#subs.values()) if (sub.channel === channel) sub.seq++;
  }

  sendRaw(text: string): void {
    for (const socket of this.#sockets) socket.send(text);
  }

  dropAll(): void {
    for (const socket of this.#sockets) socket.terminate();
  }

  waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`WsMockServer.waitFor timed out after ${timeoutMs} ms: ${check.toString()}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#pingTimer);
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }

  #channel(channel: string): WsMockChannel {
    const descriptor = Object.hasOwn(this.#channels, channel) ? this.#channels[channel] : undefined;
    if (!descriptor)
      throw new Error(`unknown channel "${channel}"; channels: ${Object.keys(this.#channels).join(', ')}`);
    return descriptor;
  }

  /** Records the handshake; false when a public key is set and the signature does not verify. */
  #checkHandshake(req: IncomingMessage): boolean | undefined {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const timestamp = headers[ACCESS_TIMESTAMP_HEADER.toLowerCase()] ?? '';
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const valid = this.#publicKey ? signatureIsValid('GET', path, headers, this.#publicKey) : undefined;
    this.handshakes.push({
      keyId: headers[ACCESS_KEY_HEADER.toLowerCase()] ?? '',
      timestamp: /^\d+$/.test(timestamp) ? Number(timestamp) : NaN,
      valid,
    });
    this.#notify();
    return valid;
  }

  #onConnection(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.on('pong', (data) => {
      this.pongs.push(data.toString());
      this.#notify();
    });
    socket.on('message', (data) => {
      if (this.silent) return;
      this.#onText(socket, data.toString());
      this.#notify();
    });
    socket.on('close', (code) => {
      this.#sockets.delete(socket);
      this.closeCodes.push(code);
      for (const [sid, sub] of this.#subs) if (sub.socket === socket) this.#subs.delete(sid);
      this.#notify();
    });
    this.#notify();
  }

  #onText(socket: WebSocket, text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = undefined;
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      socket.send(JSON.stringify({ type: 'error', msg: { code: 1, msg: 'Unable to process message' } }));
      return;
    }
    this.commands.push(frame as WsMockFrame);
    this.#onCommand(socket, frame as WsMockFrame);
  }

  /** Kalshi's command protocol; the codes and texts of the error replies are those of Kalshi's error table. */
  #onCommand(socket: WebSocket, frame: WsMockFrame): void {
    const id = frame.id;
    const params = (frame.params ?? {}) as WsMockFrame;
    const reply = (body: WsMockFrame) => socket.send(JSON.stringify({ id, ...body }));
    const error = (code: number, msg: string, extra: WsMockFrame = {}) =>
      reply({ type: 'error', msg: { code, msg, ...extra } });
    switch (frame.cmd) {
      case 'subscribe': {
        const channels = params.channels as string[] | undefined;
        if (!channels?.length) return error(3, 'Channels required');
        const markets = marketsOf(params);
        const unknownMarket = markets.find((m) => !this.#marketExists(m));
        if (unknownMarket !== undefined) return error(16, 'Market not found', { market_ticker: unknownMarket });
        const unknownChannel = channels.find((c) => !Object.hasOwn(this.#channels, c));
        if (unknownChannel !== undefined) return error(8, 'Unknown channel name');
        for (const channel of channels) {
          const sub: LiveSubscription = { sid: this.#nextSid++, channel, params, markets, seq: 0, socket };
          this.#subs.set(sub.sid, sub);
          inOneWrite(socket, () => {
            reply({ type: 'subscribed', msg: { channel, sid: sub.sid } });
            this.#sendSnapshots(sub, markets);
          });
          for (const listener of this.#subscribeListeners) listener(publicView(sub));
        }
        return;
      }
      case 'unsubscribe': {
        const sids = params.sids as number[] | undefined;
        if (!sids?.length) return error(4, 'Subscription IDs required');
        for (const sid of sids) {
          const sub = this.#subs.get(sid);
          if (!sub || sub.socket !== socket) return error(7, 'Unknown subscription ID');
          this.#subs.delete(sid);
          reply({ sid, seq: sub.seq, type: 'unsubscribed' });
        }
        return;
      }
      case 'update_subscription': {
        const sids = (params.sids as number[] | undefined) ?? (params.sid === undefined ? [] : [params.sid as number]);
        if (sids.length !== 1) return error(12, 'Exactly one subscription ID is required');
        const sub = this.#subs.get(sids[0]!);
        if (!sub || sub.socket !== socket) return error(7, 'Unknown subscription ID');
        const { action } = params;
        if (action === 'get_snapshot') {
          const wanted = marketsOf(params);
          this.#sendSnapshots(sub, wanted.length ? wanted : sub.markets);
          reply({ sid: sub.sid, type: 'ok', msg: { market_tickers: sub.markets } });
          return;
        }
        // Adding or removing markets, indices or any other list the subscription has, as Kalshi's client sees it.
        if (typeof action !== 'string' || !/^(add|delete|subscribe|unsubscribe)_/.test(action))
          return error(13, 'Unsupported action');
        const before = sub.markets;
        const updated = applySubscriptionUpdate(sub.params, params, undefined);
        sub.params = updated;
        sub.markets = marketsOf(updated);
        const lists = Object.fromEntries(
          Object.entries(updated).filter(([key]) => key !== 'channels' && Array.isArray(updated[key])),
        );
        // On a sequenced channel the reply takes the next seq; the added markets' snapshots follow it.
        const seq = this.#channels[sub.channel]!.sequenced ? { seq: ++sub.seq } : {};
        const added = sub.markets.filter((m) => !before.includes(m));
        inOneWrite(socket, () => {
          reply({ sid: sub.sid, ...seq, type: 'ok', msg: lists });
          this.#sendSnapshots(sub, added);
        });
        return;
      }
      case 'list_subscriptions':
        reply({
          type: 'ok',
          msg: [...this.#subs.values()]
            .filter((s) => s.socket === socket)
            .map((s) => ({ channel: s.channel, sid: s.sid })),
        });
        return;
      default:
        error(5, 'Unknown command');
    }
  }

  /** The channel's snapshot of each market, when the channel has snapshots. */
  #sendSnapshots(sub: LiveSubscription, markets: readonly string[]): void {
    const [snapshotType] = this.#channels[sub.channel]!.snapshotTypes;
    if (snapshotType === undefined) return;
    for (const market of markets)
      this.#sendData(sub, snapshotType, this.#snapshots.get(sub.channel)?.get(market) ?? { market_ticker: market });
  }

  #sendData(sub: LiveSubscription, type: string, msg: WsMockFrame): void {
    const frame: WsMockFrame = { type, sid: sub.sid };
    if (this.#channels[sub.channel]!.sequenced) frame.seq = ++sub.seq;
    frame.msg = msg;
    sub.socket.send(JSON.stringify(frame));
  }

  #notify(): void {
    const ready = this.#waiters.filter((w) => w.check());
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

/**
 * Runs `send` with the connection's TCP socket corked, so the frames it sends leave in one write (`ws` writes each
 * frame as it is sent, without compression, which the server does not negotiate).
 */
function inOneWrite(socket: WebSocket, send: () => void): void {
  const tcp = (socket as unknown as { _socket?: Socket })._socket;
  tcp?.cork();
  try {
    send();
  } finally {
    tcp?.uncork();
  }
}

/** `market_ticker` and `market_tickers` of a command's params, together. */
function marketsOf(params: WsMockFrame): string[] {
  return [
    ...(typeof params.market_ticker === 'string' ? [params.market_ticker] : []),
    ...((params.market_tickers as string[] | undefined) ?? []),
  ];
}

function publicView(sub: LiveSubscription): WsMockSubscription {
  return { sid: sub.sid, channel: sub.channel, markets: [...sub.markets], seq: sub.seq };
}
