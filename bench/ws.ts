/**
 * WebSocket throughput: the client's parse and dispatch against a bare `ws` + `JSON.parse` + `switch` loop, side by
 * side in one run, on loopback; and the OrderBook's delta rate.
 *
 *   node --import tsx bench/ws.ts [--frames 1000000] [--deltas 1000000] [--rounds 3]
 *
 * A worker thread serves Kalshi-shaped frames (half orderbook_delta with consecutive seq, ticker, trade) as fast as
 * the socket takes them, so the sender does not share the client's event loop. Both variants connect, send the
 * same three subscribe commands, and are timed from their first data frame to their last. Variants alternate for
 * `rounds` rounds; the best round of each counts.
 *
 * Targets: client ≥ 90% of the bare loop's frames/s; RSS after the client's run within 10% of RSS after its first
 * 100,000 frames; OrderBook ≥ 1,000,000 deltas/s. Not a test: numbers vary by machine, the ratios are what matter.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { DEFAULT_ASYNCAPI, REPO_ROOT } from '../generator/defaults.ts';
import { wsProtocol } from '../generator/targets/typescript/emit/descriptors.ts';
import { loadSpec } from '../generator/load/index.ts';
import { buildWsModel } from '../generator/model/asyncapi.ts';
import { nodePlatform } from '../templates/runtime/platform-node.ts';
import { KalshiWebSocketBase } from '../templates/ws/client.ts';
import { OrderBook } from '../templates/ws/orderbook.ts';
import type { WsProtocol } from '../templates/ws/protocol.ts';

export interface WsBenchOptions {
  /** Data frames per measured run. */
  frames?: number;
  /** Frames per variant before measuring, to warm the JIT. */
  warmupFrames?: number;
  rounds?: number;
  /** OrderBook deltas to apply. */
  deltas?: number;
  log?: (line: string) => void;
}

export interface WsBenchResult {
  frames: number;
  /** Frames per second, best round. */
  bareFps: number;
  clientFps: number;
  /** client / bare */
  ratio: number;
  /** RSS (bytes) after the client's first 100,000 frames (or a tenth of the run when shorter) and at its end. */
  rssEarly: number;
  rssEnd: number;
  /** rssEnd / rssEarly − 1 */
  rssGrowth: number;
  deltasPerSecond: number;
  targets: { ratio: number; rssGrowth: number; deltasPerSecond: number };
  meetsTargets: boolean;
}

const TARGETS = { ratio: 0.9, rssGrowth: 0.1, deltasPerSecond: 1_000_000 };
const CHANNELS = ['orderbook_delta', 'ticker', 'trade'] as const;

/** The sender: answers subscribes, then streams `frames` data frames over the subscribed sids. CommonJS for eval. */
const SERVER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { WebSocketServer } = createRequire(workerData.base)('ws');
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('listening', () => parentPort.postMessage(wss.address().port));
parentPort.on('message', () => wss.close(() => process.exit(0)));
let nextSid = 1;
wss.on('connection', (ws, req) => {
  const frames = Number(new URL(req.url, 'http://x').searchParams.get('frames'));
  const sids = {};
  ws.on('message', (data) => {
    const cmd = JSON.parse(data);
    if (cmd.cmd !== 'subscribe') return;
    const channel = cmd.params.channels[0];
    sids[channel] = nextSid++;
    ws.send(JSON.stringify({ id: cmd.id, type: 'subscribed', msg: { channel, sid: sids[channel] } }));
    if (Object.keys(sids).length === 3) stream(ws, sids, frames);
  });
});
function frame(i, sids, seq) {
  const k = i % 10;
  const cents = 10 + (i % 80);
  if (k < 5) {
    return '{"type":"orderbook_delta","sid":' + sids.orderbook_delta + ',"seq":' + seq + ',"msg":{"market_ticker":"FED-23DEC-T3.00","market_id":"9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1","price_dollars":"0.' + cents + '00","delta_fp":"' + (k % 2 ? '-' : '') + (1 + (i % 50)) + '.00","side":"' + (i % 3 ? 'yes' : 'no') + '","ts":"2022-11-22T20:44:01Z"}}';
  }
  if (k < 8) {
    return '{"type":"ticker","sid":' + sids.ticker + ',"msg":{"market_ticker":"FED-23DEC-T3.00","market_id":"9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1","price_dollars":"0.' + cents + '0","yes_bid_dollars":"0.450","yes_ask_dollars":"0.530","volume_fp":"' + (33896 + i) + '.00","open_interest_fp":"20422.00","dollar_volume":16948,"dollar_open_interest":10211,"yes_bid_size_fp":"300.00","yes_ask_size_fp":"150.00","last_trade_size_fp":"25.00","ts":1669149841,"time":"2022-11-22T20:44:01Z"}}';
  }
  return '{"type":"trade","sid":' + sids.trade + ',"msg":{"trade_id":"d91bc706-ee49-470d-82d8-11418bda6fed","market_ticker":"HIGHNY-22DEC23-B53.5","yes_price_dollars":"0.' + cents + '0","no_price_dollars":"0.640","count_fp":"136.00","taker_side":"no","ts":1669149841}}';
}
function stream(ws, sids, frames) {
  let i = 0;
  let seq = 0;
  const socket = ws._socket;
  const batch = () => {
    socket.cork();
    for (let n = 0; n < 512 && i < frames; n++, i++) ws.send(frame(i, sids, i % 10 < 5 ? ++seq : 0));
    socket.uncork();
    if (i >= frames) return;
    if (ws.bufferedAmount > 4 * 1024 * 1024 || socket.writableLength > 4 * 1024 * 1024) socket.once('drain', batch);
    else setImmediate(batch);
  };
  batch();
}
`;

export async function runWsBench(options: WsBenchOptions = {}): Promise<WsBenchResult> {
  const frames = options.frames ?? 1_000_000;
  const warmup = options.warmupFrames ?? 100_000;
  const rounds = options.rounds ?? 3;
  const log = options.log ?? (() => {});
  const protocol = wsProtocol(await buildWsModel(await loadSpec(DEFAULT_ASYNCAPI)));

  const worker = new Worker(SERVER_SOURCE, { eval: true, workerData: { base: join(REPO_ROOT, 'package.json') } });
  const port = await new Promise<number>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  const url = (n: number) => `ws://127.0.0.1:${port}/trade-api/ws/v2?frames=${n}`;
  try {
    await bare(url(warmup), warmup);
    await client(url(warmup), warmup, protocol);
    let bareMs = Infinity;
    let clientRun = { ms: Infinity, rssEarly: 0, rssEnd: 0 };
    for (let round = 1; round <= rounds; round++) {
      const b = await bare(url(frames), frames);
      const c = await client(url(frames), frames, protocol);
      log(`round ${round}: bare ${fps(frames, b)} frames/s, client ${fps(frames, c.ms)} frames/s`);
      bareMs = Math.min(bareMs, b);
      if (c.ms < clientRun.ms) clientRun = c;
    }
    const deltasPerSecond = orderBookRate(options.deltas ?? 1_000_000);
    const bareFps = frames / (bareMs / 1000);
    const clientFps = frames / (clientRun.ms / 1000);
    const result: WsBenchResult = {
      frames,
      bareFps,
      clientFps,
      ratio: clientFps / bareFps,
      rssEarly: clientRun.rssEarly,
      rssEnd: clientRun.rssEnd,
      rssGrowth: clientRun.rssEnd / clientRun.rssEarly - 1,
      deltasPerSecond,
      targets: TARGETS,
      meetsTargets: false,
    };
    result.meetsTargets =
      result.ratio >= TARGETS.ratio &&
      result.rssGrowth <= TARGETS.rssGrowth &&
      deltasPerSecond >= TARGETS.deltasPerSecond;
    log(`frames    ${frames.toLocaleString('en-US')} per run, best of ${rounds} rounds`);
    log(`bare      ${Math.round(bareFps).toLocaleString('en-US')} frames/s (ws + JSON.parse + switch)`);
    log(
      `client    ${Math.round(clientFps).toLocaleString('en-US')} frames/s = ${(result.ratio * 100).toFixed(1)}% of bare (target ≥ ${TARGETS.ratio * 100}%)`,
    );
    log(
      `rss       ${mb(result.rssEarly)} after the first frames → ${mb(result.rssEnd)} at the end: ${(result.rssGrowth * 100).toFixed(1)}% (target ≤ ${TARGETS.rssGrowth * 100}%)`,
    );
    log(
      `orderbook ${Math.round(deltasPerSecond).toLocaleString('en-US')} deltas/s (target ≥ ${TARGETS.deltasPerSecond.toLocaleString('en-US')})`,
    );
    log(result.meetsTargets ? 'all targets met' : 'TARGETS MISSED');
    return result;
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}

/** The floor: `ws` events, JSON.parse and a switch on `type`. Milliseconds from the first data frame to the last. */
function bare(url: string, frames: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let id = 0;
    let seen = 0;
    let started = 0;
    const counts = { book: 0, ticker: 0, trade: 0, other: 0 };
    socket.on('error', reject);
    socket.on('open', () => {
      for (const channel of CHANNELS)
        socket.send(JSON.stringify({ id: ++id, cmd: 'subscribe', params: { channels: [channel] } }));
    });
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data as unknown as string) as { type: string };
      switch (frame.type) {
        case 'orderbook_delta':
          counts.book++;
          break;
        case 'ticker':
          counts.ticker++;
          break;
        case 'trade':
          counts.trade++;
          break;
        default:
          counts.other++;
          return;
      }
      if (seen++ === 0) started = performance.now();
      if (seen === frames) {
        const ms = performance.now() - started;
        socket.close();
        socket.once('close', () => resolve(ms));
      }
    });
  });
}

/** The generated client's path: parse, route by sid, sequence check, listener per subscription. */
async function client(
  url: string,
  frames: number,
  protocol: WsProtocol,
): Promise<{ ms: number; rssEarly: number; rssEnd: number }> {
  const ws = new KalshiWebSocketBase<{ type?: string }, { cmd?: string }, Record<string, { type?: string }>>(
    { env: {}, wsUrl: url },
    nodePlatform,
    protocol,
    // The client's default environment must exist, even though `wsUrl` overrides where it connects.
    { name: 'bench', environments: { production: { rest: url, ws: url } }, envPrefix: 'KALSHI', credentials: [] },
  );
  const early = Math.min(100_000, Math.floor(frames / 10));
  let seen = 0;
  let started = 0;
  let rssEarly = 0;
  const done = new Promise<number>((resolve) => {
    const count = () => {
      if (seen++ === 0) started = performance.now();
      if (seen === early) rssEarly = process.memoryUsage.rss();
      if (seen === frames) resolve(performance.now() - started);
    };
    void (async () => {
      for (const channel of CHANNELS)
        (await ws.subscribe(channel, channel === 'orderbook_delta' ? { market_ticker: 'FED-23DEC-T3.00' } : {})).on(
          '*',
          count,
        );
    })();
  });
  const ms = await done;
  const rssEnd = process.memoryUsage.rss();
  const stats = ws.stats;
  await ws.close();
  if (stats.gaps || stats.unhandledFrames) throw new Error(`bench stream was not clean: ${JSON.stringify(stats)}`);
  return { ms, rssEarly, rssEnd };
}

/**
 * Applies `count` deltas to a 100-level book. The deltas come from a cycle whose second half undoes the first in
 * reverse order, so replaying it never drives a level negative.
 */
function orderBookRate(count: number): number {
  const book = new OrderBook('M');
  const level = (i: number): [string, string] => [`0.${String(1000 + i * 97).padStart(4, '0')}`, `${100 + i}.00`];
  book.applySnapshot({
    market_ticker: 'M',
    yes_dollars_fp: Array.from({ length: 100 }, (_, i) => level(i)),
    no_dollars_fp: Array.from({ length: 100 }, (_, i) => level(i)),
  });
  const forward = Array.from({ length: 50_000 }, (_, i) => ({
    side: i % 3 ? 'yes' : 'no',
    price: `0.${String(1000 + ((i * 7919) % 120) * 73).padStart(4, '0')}`,
    count: `${1 + (i % 40)}.${String(i % 100).padStart(2, '0')}`,
  }));
  const cycle = [
    ...forward.map((d) => ({ market_ticker: 'M', side: d.side, price_dollars: d.price, delta_fp: d.count })),
    ...forward
      .reverse()
      .map((d) => ({ market_ticker: 'M', side: d.side, price_dollars: d.price, delta_fp: `-${d.count}` })),
  ];
  for (const d of cycle) book.applyDelta(d);
  const started = performance.now();
  for (let i = 0; i < count; i++) book.applyDelta(cycle[i % cycle.length]!);
  return count / ((performance.now() - started) / 1000);
}

function fps(frames: number, ms: number): string {
  return Math.round(frames / (ms / 1000)).toLocaleString('en-US');
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { frames: { type: 'string' }, deltas: { type: 'string' }, rounds: { type: 'string' } },
  });
  const result = await runWsBench({
    frames: values.frames ? Number(values.frames) : undefined,
    deltas: values.deltas ? Number(values.deltas) : undefined,
    rounds: values.rounds ? Number(values.rounds) : undefined,
    log: (line) => console.log(line),
  });
  process.exitCode = result.meetsTargets ? 0 : 1;
}
