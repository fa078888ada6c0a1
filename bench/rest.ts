/**
 * REST throughput and latency: the generated client against bare undici and the alternatives, side by side in one
 * run, on loopback.
 *
 *   node --import tsx bench/rest.ts [--requests 20000] [--sdk <generated package dir>]
 *
 * Every variant fetches one market (`GET /markets/{ticker}`, a ~1.5 KB JSON answer) and parses the body, with 1 and
 * with 16 requests in flight, in many short rounds whose order rotates (bench/harness.ts). Each ratio is the median
 * over rounds of the variant's throughput over its anchor's in the same round, so a burst of load from elsewhere on
 * the machine lands on both sides of a ratio rather than skewing one variant's total.
 * - `undici`            bare `undici.request` + `body.json()`, the floor any Node client builds on;
 * - `fetch`             Node's global `fetch` + `response.json()`;
 * - `client`            the generated client's `getMarket`, no credentials (unsigned);
 * - `openapi-fetch`     openapi-fetch over global fetch, unsigned;
 * - `kalshi-typescript` the official SDK (axios), one `MarketApi`, no credentials;
 * - `undici+sign`       bare undici plus an asynchronous node:crypto RSA-PSS signature per request (key parsed once);
 * - `client signed`     the generated client with credentials: every request signed with a fresh timestamp;
 * - `kalshi-typescript signed`    the official SDK with credentials, one `MarketApi`;
 * - `kalshi-typescript signed ×4` the same with four API classes constructed, as an application using markets,
 *   events, portfolio and orders writes it. Each API-class instance adds a request interceptor to the axios instance
 *   they share, and every interceptor signs, so each request is signed four times, synchronously.
 * Each kalshi-typescript variant gets its own `axios.create()` instance, standing in for the global axios of a fresh
 * process, so that the signed variants' interceptors do not leak into the unsigned one.
 *
 * Unsigned variants are compared with `undici`, signed ones with `undici+sign`. Targets: client ≥ 80% of undici;
 * client signed ≥ 90% of undici+sign. The server runs in a worker thread so it does not share the client's event
 * loop. Not a test: numbers vary by machine; the ratios are what matter.
 */
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import * as kalshiTypescript from 'kalshi-typescript';
import createOpenapiFetchClient from 'openapi-fetch';
import { Agent, request } from 'undici';
import { DEFAULT_OPENAPI, REPO_ROOT } from '../generator/defaults.ts';
import { generate } from '../generator/pipeline.ts';
import { figures, roundRatio, runRounds, type VariantFigures } from './harness.ts';
import type { Stat } from './stats.ts';

type Sdk = typeof import('../generated/src/index.ts');

export interface RestBenchOptions {
  /** Requests of the floor variant (bare undici) per concurrency, split over the rounds; slower variants send fewer. */
  requests?: number;
  concurrency?: number[];
  /** Default 20. */
  rounds?: number;
  /** A generated SDK package (holding dist/); generated into bench/.out/sdk when absent. */
  sdkDir?: string;
  log?: (line: string) => void;
}

export interface RestVariantFigures extends VariantFigures {
  /** The variant this one is compared with. */
  anchor?: Variant;
  /** This variant's throughput over the anchor's, per round. */
  ratio?: Stat;
}

export interface RestBenchRow {
  concurrency: number;
  /** Requests per second by variant, over all rounds. */
  rps: Record<Variant, number>;
  variants: Record<Variant, RestVariantFigures>;
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

export const REST_VARIANTS = [
  'undici',
  'fetch',
  'client',
  'openapi-fetch',
  'kalshi-typescript',
  'undici+sign',
  'client signed',
  'kalshi-typescript signed',
  'kalshi-typescript signed ×4',
] as const;
export type Variant = (typeof REST_VARIANTS)[number];

/** What each variant is compared with: unsigned variants with the floor, signed ones with the signed floor. */
export const REST_ANCHORS: Partial<Record<Variant, Variant>> = {
  fetch: 'undici',
  client: 'undici',
  'openapi-fetch': 'undici',
  'kalshi-typescript': 'undici',
  'undici+sign': 'undici',
  'client signed': 'undici+sign',
  'kalshi-typescript signed': 'undici+sign',
  'kalshi-typescript signed ×4': 'undici+sign',
};
const TARGETS = { unsigned: 0.8, signed: 0.9 };
/** The official SDK's API classes an application trading on Kalshi typically constructs. */
const KALSHI_TYPESCRIPT_APIS = ['MarketApi', 'EventsApi', 'PortfolioApi', 'OrdersApi'] as const;
const TICKER = 'KXBTCD-26JAN0217-T97999.99';

/** The one path openapi-fetch is asked for, typed as openapi-typescript emits it. */
interface MarketPaths {
  '/markets/{ticker}': {
    get: {
      parameters: { path: { ticker: string } };
      responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': { market: unknown } } } };
    };
  };
}

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
    rules_primary:
      'If the price of Bitcoin is above $97,999.99 on Jan 2, 2026 at 5pm EST, then the market resolves to Yes.',
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
  // One connection pool for the variants on npm undici, sized for the largest concurrency, so their transport is identical.
  const dispatcher = new Agent({ connections: Math.max(...concurrencies), pipelining: 1, keepAliveTimeout: 60_000 });
  const transport = sdk.undiciTransport(dispatcher);
  const unsignedClient = new sdk.KalshiClient({ baseUrl: origin, env: {}, transport });
  const signedClient = new sdk.KalshiClient({
    baseUrl: origin,
    env: {},
    transport,
    apiKeyId: 'bench-key',
    privateKey: pem,
  });
  const openapiFetch = createOpenapiFetchClient<MarketPaths>({ baseUrl: origin });
  const official = officialSdk(origin, pem);

  const send: Record<Variant, () => Promise<unknown>> = {
    undici: () => bareGet(origin, dispatcher, {}),
    fetch: () =>
      fetch(`${origin}/markets/${TICKER}`, { headers: { accept: 'application/json' } }).then((response) =>
        response.json(),
      ),
    client: () => unsignedClient.getMarket({ ticker: TICKER }),
    'openapi-fetch': () => openapiFetch.GET('/markets/{ticker}', { params: { path: { ticker: TICKER } } }),
    'kalshi-typescript': () => official.unsigned.getMarket(TICKER),
    'undici+sign': async () => bareGet(origin, dispatcher, await bareSign(privateKey, 'bench-key')),
    'client signed': () => signedClient.getMarket({ ticker: TICKER }),
    'kalshi-typescript signed': () => official.signed.getMarket(TICKER),
    'kalshi-typescript signed ×4': () => official.signedWithSiblings.getMarket(TICKER),
  };

  try {
    const rows: RestBenchRow[] = [];
    for (const concurrency of concurrencies) {
      const perRound = Math.max(concurrency, Math.ceil(requests / rounds));
      const runs = await runRounds({ send, concurrency, rounds, perRound, paceSetter: 'undici' });
      const variants = {} as Record<Variant, RestVariantFigures>;
      for (const variant of REST_VARIANTS) {
        const anchor = REST_ANCHORS[variant];
        variants[variant] = anchor
          ? { ...figures(runs[variant]), anchor, ratio: roundRatio(runs[variant], runs[anchor]) }
          : figures(runs[variant]);
      }
      const rps = Object.fromEntries(REST_VARIANTS.map((v) => [v, variants[v].rate])) as Record<Variant, number>;
      const row = {
        concurrency,
        rps,
        variants,
        unsignedRatio: variants.client.ratio!.median,
        signedRatio: variants['client signed'].ratio!.median,
      };
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

/**
 * The official SDK as its users write it: `new MarketApi(new Configuration({...}))`. Every API-class instance
 * registers a request interceptor on the axios instance it is given (the global one by default) and never removes
 * it, so each variant gets an axios instance of its own.
 */
function officialSdk(origin: string, pem: string) {
  // The axios kalshi-typescript itself depends on, typed as the SDK's constructors take it.
  type AxiosInstance = NonNullable<ConstructorParameters<typeof kalshiTypescript.MarketApi>[2]>;
  const axios = createRequire(createRequire(import.meta.url).resolve('kalshi-typescript'))('axios') as {
    create(): AxiosInstance;
  };
  const unsignedConfig = new kalshiTypescript.Configuration({ basePath: origin });
  const signedConfig = new kalshiTypescript.Configuration({
    basePath: origin,
    apiKey: 'bench-key',
    privateKeyPem: pem,
  });
  const shared = axios.create();
  const [market] = KALSHI_TYPESCRIPT_APIS.map((name) => new kalshiTypescript[name](signedConfig, undefined, shared));
  return {
    unsigned: new kalshiTypescript.MarketApi(unsignedConfig, undefined, axios.create()),
    signed: new kalshiTypescript.MarketApi(signedConfig, undefined, axios.create()),
    signedWithSiblings: market as kalshiTypescript.MarketApi,
  };
}

async function bareGet(origin: string, dispatcher: Agent, auth: Record<string, string>): Promise<unknown> {
  const response = await request(`${origin}/markets/${TICKER}`, {
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
      Buffer.from(`${timestamp}GET/markets/${TICKER}`),
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      (err, signature) =>
        err
          ? reject(err)
          : resolve({
              'KALSHI-ACCESS-KEY': keyId,
              'KALSHI-ACCESS-TIMESTAMP': timestamp,
              'KALSHI-ACCESS-SIGNATURE': signature.toString('base64'),
            }),
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
  const verdict = (ratio: number, target: number) =>
    `${(ratio * 100).toFixed(1)}% ${ratio >= target ? 'ok' : `BELOW ${target * 100}%`}`;
  const lines = REST_VARIANTS.map((variant) => {
    const v = row.variants[variant];
    const vs = v.anchor ? `  ${(v.ratio!.median * 100).toFixed(1).padStart(5)}% of ${v.anchor}` : '';
    return `  ${variant.padEnd(28)}${Math.round(v.rate).toLocaleString('en-US').padStart(7)}/s  p50 ${v.p50Ms.toFixed(2)} ms  p99 ${v.p99Ms.toFixed(2)} ms${vs}`;
  });
  return [
    `${row.concurrency} in flight:`,
    ...lines,
    `  median ratio per round: client/undici ${verdict(row.unsignedRatio, TARGETS.unsigned)} · client signed/undici+sign ${verdict(row.signedRatio, TARGETS.signed)}`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { requests: { type: 'string' }, sdk: { type: 'string' } } });
  const result = await runRestBench({
    requests: values.requests ? Number(values.requests) : undefined,
    sdkDir: values.sdk,
    log: console.log,
  });
  console.log(result.meetsTargets ? 'all ratios meet their targets' : 'some ratios are below target');
}
