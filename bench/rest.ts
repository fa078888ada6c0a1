/**
 * REST throughput: the generated client against bare undici, side by side in one run, on loopback.
 *
 *   node --import tsx bench/rest.ts [--requests 20000] [--sdk <generated package dir>]
 *
 * Four variants, each with 1 and with 16 requests in flight, run in many short rounds whose order rotates. Each
 * ratio is the median over rounds of the two variants' throughput in the same round, so a burst of load from
 * elsewhere on the machine lands on both sides of a ratio rather than skewing one variant's total.
 * - `undici`         bare `undici.request` + `body.json()`, the floor any Node client builds on;
 * - `client`         the generated client's `getMarket`, no credentials (unsigned);
 * - `undici+sign`    bare undici plus an asynchronous node:crypto RSA-PSS signature per request (key parsed once);
 * - `client signed`  the generated client with credentials: every request signed with a fresh timestamp.
 * Targets: client ≥ 80% of undici; client signed ≥ 90% of undici+sign. The server runs in a worker thread so it
 * does not share the client's event loop. Not a test: numbers vary by machine; the ratios are what matter.
 */
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';
import { DEFAULT_OPENAPI, REPO_ROOT } from '../generator/defaults.ts';
import { generate } from '../generator/pipeline.ts';

type Sdk = typeof import('../generated/src/index.ts');

export interface RestBenchOptions {
  /** Requests per variant and concurrency (split over the rounds). */
  requests?: number;
  concurrency?: number[];
  /** Default 20. */
  rounds?: number;
  /** A generated SDK package (holding dist/); generated into bench/.out/sdk when absent. */
  sdkDir?: string;
  log?: (line: string) => void;
}

export interface RestBenchRow {
  concurrency: number;
  /** Requests per second by variant, over all rounds. */
  rps: Record<Variant, number>;
  /** client / undici: the median of the per-round ratios. */
  unsignedRatio: number;
  /** client signed / undici+sign: the median of the per-round ratios. */
  signedRatio: number;
}

export interface RestBenchResult {
  rows: RestBenchRow[];
  targets: { unsigned: number; signed: number };
  meetsTargets: boolean;
}

const VARIANTS = ['undici', 'client', 'undici+sign', 'client signed'] as const;
type Variant = (typeof VARIANTS)[number];
const TARGETS = { unsigned: 0.8, signed: 0.9 };

/** A GetMarket answer of realistic size (~1.5 KB). */
const MARKET_BODY = JSON.stringify({
  market: {
    ticker: 'KXBTCD-26JAN0217-T97999.99',
    event_ticker: 'KXBTCD-26JAN0217',
    market_type: 'binary',
    title: 'Bitcoin price on Jan 2, 2026 at 5pm EST?',
    subtitle: '$98,000 or above',
    yes_sub_title: '$98,000 or above',
    no_sub_title: '$98,000 or above',
    created_time: '2026-01-01T22:00:00Z',
    open_time: '2026-01-01T22:00:00Z',
    close_time: '2026-01-02T22:00:00Z',
    expiration_time: '2026-01-09T22:00:00Z',
    latest_expiration_time: '2026-01-09T22:00:00Z',
    settlement_timer_seconds: 60,
    status: 'active',
    response_price_units: 'usd_cent',
    yes_bid_dollars: '0.5600',
    yes_bid_size_fp: '125.00',
    yes_ask_dollars: '0.5800',
    yes_ask_size_fp: '40.00',
    no_bid_dollars: '0.4200',
    no_ask_dollars: '0.4400',
    last_price_dollars: '0.5700',
    volume_fp: '183420.00',
    volume_24h_fp: '90211.00',
    result: '',
    can_close_early: true,
    open_interest_fp: '40210.00',
    notional_value_dollars: '1.0000',
    previous_yes_bid_dollars: '0.5100',
    previous_yes_ask_dollars: '0.5300',
    previous_price_dollars: '0.5200',
    liquidity_dollars: '51234.1200',
    expiration_value: '',
    tick_size: 1,
    strike_type: 'greater',
    floor_strike: 97999.99,
    rules_primary: 'If the price of Bitcoin is above $97,999.99 on Jan 2, 2026 at 5pm EST, then the market resolves to Yes.',
    rules_secondary: 'The source is the CF Benchmarks Real-Time Index.',
    price_level_structure: 'linear_cent',
    price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
  },
});

const SERVER_SOURCE = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const body = Buffer.from(workerData.body);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'x-request-id': 'bench' }).end(body));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

export async function runRestBench(options: RestBenchOptions = {}): Promise<RestBenchResult> {
  const log = options.log ?? (() => {});
  const requests = options.requests ?? 20_000;
  const concurrencies = options.concurrency ?? [1, 16];
  const rounds = Math.max(1, Math.min(options.rounds ?? 20, requests));
  const sdk = await loadSdk(options.sdkDir, log);

  const worker = new Worker(SERVER_SOURCE, { eval: true, workerData: { body: MARKET_BODY } });
  const port = await new Promise<number>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  const origin = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  // One connection pool for every variant, sized for the largest concurrency, so the transport is identical.
  const dispatcher = new Agent({ connections: Math.max(...concurrencies), pipelining: 1, keepAliveTimeout: 60_000 });
  const transport = sdk.undiciTransport(dispatcher);
  const unsignedClient = new sdk.KalshiClient({ baseUrl: origin, env: {}, transport });
  const signedClient = new sdk.KalshiClient({ baseUrl: origin, env: {}, transport, apiKeyId: 'bench-key', privateKey: pem });

  const send: Record<Variant, () => Promise<unknown>> = {
    undici: () => bareGet(origin, dispatcher, {}),
    client: () => unsignedClient.getMarket({ ticker: 'KXBTCD-26JAN0217-T97999.99' }),
    'undici+sign': async () => bareGet(origin, dispatcher, await bareSign(privateKey, 'bench-key')),
    'client signed': () => signedClient.getMarket({ ticker: 'KXBTCD-26JAN0217-T97999.99' }),
  };

  try {
    const rows: RestBenchRow[] = [];
    for (const concurrency of concurrencies) {
      const elapsed: Record<Variant, number[]> = { undici: [], client: [], 'undici+sign': [], 'client signed': [] };
      const perRound = Math.max(concurrency, Math.ceil(requests / rounds));
      for (const variant of VARIANTS) await drive(send[variant], Math.min(perRound, 500), concurrency); // warm-up
      for (let round = 0; round < rounds; round++) {
        // Rotate the order each round so no variant always runs first (cold) or last.
        for (let i = 0; i < VARIANTS.length; i++) {
          const variant = VARIANTS[(i + round) % VARIANTS.length]!;
          elapsed[variant].push(await drive(send[variant], perRound, concurrency));
        }
      }
      const total = (v: Variant) => elapsed[v].reduce((a, b) => a + b, 0);
      const rps = Object.fromEntries(VARIANTS.map((v) => [v, (perRound * rounds * 1000) / total(v)])) as Record<Variant, number>;
      // Throughput ratio a/b in one round is elapsed(b)/elapsed(a).
      const ratio = (a: Variant, b: Variant) => median(elapsed[a].map((ms, i) => elapsed[b][i]! / ms));
      const row = { concurrency, rps, unsignedRatio: ratio('client', 'undici'), signedRatio: ratio('client signed', 'undici+sign') };
      rows.push(row);
      log(formatRow(row));
    }
    const meetsTargets = rows.every((r) => r.unsignedRatio >= TARGETS.unsigned && r.signedRatio >= TARGETS.signed);
    return { rows, targets: TARGETS, meetsTargets };
  } finally {
    await dispatcher.close();
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}

/** Sends `total` requests keeping `concurrency` in flight; returns the elapsed milliseconds. */
async function drive(send: () => Promise<unknown>, total: number, concurrency: number): Promise<number> {
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started++;
      await send();
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return performance.now() - begin;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function bareGet(origin: string, dispatcher: Agent, auth: Record<string, string>): Promise<unknown> {
  const response = await request(`${origin}/markets/KXBTCD-26JAN0217-T97999.99`, {
    method: 'GET',
    headers: { accept: 'application/json', ...auth },
    dispatcher,
  });
  return response.body.json();
}

/** What any hand-rolled Kalshi client must do per request: sign timestamp + method + path, asynchronously. */
function bareSign(key: KeyObject, keyId: string): Promise<Record<string, string>> {
  const timestamp = String(Date.now());
  return new Promise((resolve, reject) =>
    sign(
      'sha256',
      Buffer.from(`${timestamp}GET/markets/KXBTCD-26JAN0217-T97999.99`),
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      (err, signature) =>
        err
          ? reject(err)
          : resolve({ 'KALSHI-ACCESS-KEY': keyId, 'KALSHI-ACCESS-TIMESTAMP': timestamp, 'KALSHI-ACCESS-SIGNATURE': signature.toString('base64') }),
    ),
  );
}

async function loadSdk(sdkDir: string | undefined, log: (line: string) => void): Promise<Sdk> {
  let dir = sdkDir;
  if (!dir) {
    dir = join(REPO_ROOT, 'bench/.out/sdk');
    log(`generating the SDK from ${DEFAULT_OPENAPI} into ${dir}`);
    await generate({ openapi: DEFAULT_OPENAPI, out: dir });
  }
  // The compiled JavaScript, as users run it.
  return (await import(pathToFileURL(join(dir, 'dist/index.js')).href)) as Sdk;
}

function formatRow(row: RestBenchRow): string {
  const rps = VARIANTS.map((v) => `${v} ${Math.round(row.rps[v]).toLocaleString('en-US')}/s`).join(' · ');
  const verdict = (ratio: number, target: number) => `${(ratio * 100).toFixed(1)}% ${ratio >= target ? 'ok' : `BELOW ${target * 100}%`}`;
  return (
    `${String(row.concurrency).padStart(2)} in flight: ${rps}\n` +
    `              median ratio per round: client/undici ${verdict(row.unsignedRatio, TARGETS.unsigned)} · client signed/undici+sign ${verdict(row.signedRatio, TARGETS.signed)}`
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { requests: { type: 'string' }, sdk: { type: 'string' } } });
  const result = await runRestBench({ requests: values.requests ? Number(values.requests) : undefined, sdkDir: values.sdk, log: console.log });
  console.log(result.meetsTargets ? 'all ratios meet their targets' : 'some ratios are below target');
}
