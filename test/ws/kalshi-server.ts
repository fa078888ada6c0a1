import { constants, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for Kalshi's WebSocket API on 127.0.0.1. It checks the signed handshake, speaks the command
 * protocol (subscribe, unsubscribe, update_subscription, list_subscriptions, with Kalshi's error codes), numbers
 * sequenced channels per sid, pings, and can misbehave on demand: drop connections mid-stream, skip a sequence
 * number, send unknown or invalid frames, go silent.
 */

export const WS_PATH = '/trade-api/ws/v2';
/** Channels whose frames carry `seq` on Kalshi. */
const SEQUENCED = new Set(['orderbook_delta', 'order_group_updates']);
const CHANNELS = new Set([
  'orderbook_delta',
  'ticker',
  'trade',
  'fill',
  'market_positions',
  'market_lifecycle_v2',
  'multivariate',
  'communications',
  'order_group_updates',
  'user_orders',
]);

export interface Handshake {
  keyId: string;
  timestamp: number;
  valid: boolean;
}

interface ServerSub {
  sid: number;
  channel: string;
  markets: string[];
  seq: number;
  socket: WebSocket;
}

type Frame = Record<string, unknown>;
type Book = { yes: [string, string][]; no: [string, string][] };

export class FakeKalshi {
  readonly handshakes: Handshake[] = [];
  /** Every command received, in order. */
  readonly commands: Frame[] = [];
  /** Payloads of the pongs received. */
  readonly pongs: string[] = [];
  readonly closeCodes: number[] = [];
  /** Orderbook state sent as the snapshot on subscribe, per market. */
  readonly books = new Map<string, Book>();
  silent = false;
  #http: Server;
  #wss: WebSocketServer;
  #subs = new Map<number, ServerSub>();
  #nextSid = 1;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #sockets = new Set<WebSocket>();
  #waiters: { check: () => boolean; resolve: () => void }[] = [];

  private constructor(
    private readonly publicKey: KeyObject,
    private readonly pingIntervalMs: number,
  ) {
    this.#http = createServer();
    this.#wss = new WebSocketServer({
      server: this.#http,
      path: WS_PATH,
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
        const ok = this.#checkSignature(info.req);
        done(ok, ok ? undefined : 401, ok ? undefined : 'invalid signature');
      },
    });
    this.#wss.on('connection', (socket) => this.#onConnection(socket));
  }

  static async start(options: { publicKey: KeyObject; pingIntervalMs?: number }): Promise<FakeKalshi> {
    const server = new FakeKalshi(options.publicKey, options.pingIntervalMs ?? 0);
    await new Promise<void>((resolve) => server.#http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#http.address() as AddressInfo).port}${WS_PATH}`;
  }

  get connections(): number {
    return this.#sockets.size;
  }

  subscriptions(channel?: string): ServerSub[] {
    return [...this.#subs.values()].filter((s) => channel === undefined || s.channel === channel);
  }

  /** Sends one data frame to every subscription of `channel` (and market, when given). */
  publish(channel: string, type: string, msg: Frame, market?: string): void {
    if (this.silent) return;
    for (const sub of this.subscriptions(channel)) {
      if (market !== undefined && sub.markets.length && !sub.markets.includes(market)) continue;
      this.#sendData(sub, type, msg);
    }
  }

  /** The next frame on `channel` skips a sequence number, as if one was lost. */
  skipSequence(channel: string): void {
    for (const sub of this.subscriptions(channel)) sub.seq++;
  }

  sendRaw(text: string): void {
    for (const socket of this.#sockets) socket.send(text);
  }

  /** Cuts every connection without a close handshake. */
  dropAll(): void {
    for (const socket of this.#sockets) socket.terminate();
  }

  /** Stops pinging and answering: the connection looks alive to TCP but nothing arrives. */
  goSilent(): void {
    this.silent = true;
  }

  /** Resolves once `check` holds (checked after every event the server sees). */
  waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`FakeKalshi.waitFor timed out: ${check.toString()}`)), timeoutMs);
      this.#waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#pingTimer);
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }

  #checkSignature(req: IncomingMessage): boolean {
    const keyId = String(req.headers['kalshi-access-key'] ?? '');
    const timestamp = String(req.headers['kalshi-access-timestamp'] ?? '');
    const signature = String(req.headers['kalshi-access-signature'] ?? '');
    const valid =
      keyId !== '' &&
      /^\d+$/.test(timestamp) &&
      verify(
        'sha256',
        Buffer.from(`${timestamp}GET${new URL(req.url ?? '', 'http://x').pathname}`),
        { key: this.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        Buffer.from(signature, 'base64'),
      );
    this.handshakes.push({ keyId, timestamp: Number(timestamp), valid });
    this.#notify();
    return valid;
  }

  #onConnection(socket: WebSocket): void {
    this.#sockets.add(socket);
    if (this.pingIntervalMs && !this.#pingTimer) {
      this.#pingTimer = setInterval(() => {
        if (this.silent) return;
        for (const s of this.#sockets) s.ping('heartbeat');
      }, this.pingIntervalMs);
    }
    socket.on('pong', (data) => {
      this.pongs.push(data.toString());
      this.#notify();
    });
    socket.on('message', (data) => {
      if (this.silent) return;
      const frame = JSON.parse(data.toString()) as Frame;
      this.commands.push(frame);
      this.#onCommand(socket, frame);
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

  #onCommand(socket: WebSocket, frame: Frame): void {
    const id = frame.id as number;
    const params = (frame.params ?? {}) as Frame;
    const error = (code: number, msg: string, extra: Frame = {}) => socket.send(JSON.stringify({ id, type: 'error', msg: { code, msg, ...extra } }));
    switch (frame.cmd) {
      case 'subscribe': {
        const channels = params.channels as string[] | undefined;
        if (!channels?.length) return error(3, 'Channels required');
        const markets = [...(params.market_ticker ? [params.market_ticker as string] : []), ...((params.market_tickers as string[]) ?? [])];
        const unknownMarket = markets.find((m) => m.startsWith('INVALID'));
        if (unknownMarket) return error(16, 'Market not found', { market_ticker: unknownMarket });
        for (const channel of channels) {
          if (!CHANNELS.has(channel)) return error(8, 'Unknown channel name');
          const sub: ServerSub = { sid: this.#nextSid++, channel, markets, seq: 0, socket };
          this.#subs.set(sub.sid, sub);
          socket.send(JSON.stringify({ id, type: 'subscribed', msg: { channel, sid: sub.sid } }));
          if (channel === 'orderbook_delta') {
            for (const market of markets) {
              const book = this.books.get(market) ?? { yes: [], no: [] };
              this.#sendData(sub, 'orderbook_snapshot', { market_ticker: market, market_id: `id-${market}`, yes_dollars_fp: book.yes, no_dollars_fp: book.no });
            }
          }
        }
        return;
      }
      case 'unsubscribe': {
        for (const sid of (params.sids as number[]) ?? []) {
          const sub = this.#subs.get(sid);
          if (!sub || sub.socket !== socket) return error(7, 'Unknown subscription ID');
          this.#subs.delete(sid);
          socket.send(JSON.stringify({ id, sid, seq: sub.seq, type: 'unsubscribed' }));
        }
        return;
      }
      case 'update_subscription': {
        const sid = ((params.sids as number[] | undefined) ?? [params.sid as number])[0]!;
        const sub = this.#subs.get(sid);
        if (!sub) return error(7, 'Unknown subscription ID');
        const changed = [...(params.market_ticker ? [params.market_ticker as string] : []), ...((params.market_tickers as string[]) ?? [])];
        if (params.action === 'add_markets') sub.markets = [...new Set([...sub.markets, ...changed])];
        else if (params.action === 'delete_markets') sub.markets = sub.markets.filter((m) => !changed.includes(m));
        else return error(13, 'Unsupported action');
        socket.send(JSON.stringify({ id, sid, type: 'ok', msg: { market_tickers: sub.markets } }));
        return;
      }
      case 'list_subscriptions':
        socket.send(JSON.stringify({ id, type: 'ok', msg: this.subscriptions().filter((s) => s.socket === socket).map((s) => ({ channel: s.channel, sid: s.sid })) }));
        return;
      default:
        error(5, 'Unknown command');
    }
  }

  #sendData(sub: ServerSub, type: string, msg: Frame): void {
    const frame: Frame = { type, sid: sub.sid };
    if (SEQUENCED.has(sub.channel)) frame.seq = ++sub.seq;
    frame.msg = msg;
    sub.socket.send(JSON.stringify(frame));
  }

  #notify(): void {
    const ready = this.#waiters.filter((w) => w.check());
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}
