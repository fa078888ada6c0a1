import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUT, REPO_ROOT } from '../../generator/defaults.ts';
import { generate } from '../../generator/pipeline.ts';
import { defaultSpecs, loadProducts } from '../../generator/products.ts';

/*
 * Every example in examples/ runs as a user would run it (`node --import tsx examples/<name>.ts`, no KALSHI_*
 * variables: the local mock servers), must exit 0 with nothing on stderr, and must print what follows from the mock
 * exchange's data. An example that left a server or a socket open would never exit and fail on the time limit.
 */

type MockExchange = typeof import('../../examples/mock-exchange.ts');

const TIME_LIMIT_MS = 20_000;
const execFileAsync = promisify(execFile);
const ENV_WITHOUT_KALSHI = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('KALSHI_')),
);

let data: MockExchange;
let dir: string;

beforeAll(async () => {
  // The examples import the SDK, every product of it, from generated/; `npm test` generates it first, a bare
  // `vitest run` may not have.
  const products = loadProducts();
  const entries = products.map((p) => join(DEFAULT_OUT, 'dist', p.entry, 'index.js'));
  if (!entries.every((entry) => existsSync(entry)))
    await generate({ products: products.map((product) => ({ product, ...defaultSpecs(product) })), out: DEFAULT_OUT });
  data = await import('../../examples/mock-exchange.ts');
  dir = await mkdtemp(join(tmpdir(), 'kalshi-examples-test-'));
});
afterAll(() => dir && rm(dir, { recursive: true, force: true }));

/** Runs an example; rejects (with its stderr) when it exits non-zero or outlives the time limit. */
async function run(
  name: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ lines: string[]; stderr: string }> {
  const { stdout, stderr } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', `examples/${name}.ts`, ...args],
    {
      cwd: REPO_ROOT,
      env: { ...ENV_WITHOUT_KALSHI, ...env },
      timeout: TIME_LIMIT_MS,
    },
  );
  return { lines: stdout.trimEnd().split('\n'), stderr };
}

const openMarkets = () => data.MARKETS.filter((m) => m.status === 'active');

/** Fixed-point strings as integers: prices in 1e-4 dollars, counts in 1e-2 contracts. */
const priceUnits = (s: string) => Math.round(Number(s) * 1e4);
const countUnits = (s: string) => Math.round(Number(s) * 1e2);

/** Best YES bid, implied YES ask (1 − best NO bid) and spread after the snapshot and the first `deltas` deltas. */
function expectedTop(deltas: number): { bid: string; ask: string; spread: string } {
  const sides = {
    yes: new Map(data.BOOK.yes_dollars_fp.map(([p, c]) => [priceUnits(p!), countUnits(c!)])),
    no: new Map(data.BOOK.no_dollars_fp.map(([p, c]) => [priceUnits(p!), countUnits(c!)])),
  };
  for (const d of data.DELTAS.slice(0, deltas)) {
    const side = sides[d.side];
    const count = (side.get(priceUnits(d.price_dollars)) ?? 0) + countUnits(d.delta_fp);
    if (count === 0) side.delete(priceUnits(d.price_dollars));
    else side.set(priceUnits(d.price_dollars), count);
  }
  const best = (side: Map<number, number>) => Math.max(...side.keys());
  const [yes, no] = [best(sides.yes), best(sides.no)];
  const dollars = (units: number) => (units / 1e4).toFixed(4);
  const contracts = (units: number) => (units / 1e2).toFixed(2);
  return {
    bid: `${dollars(yes)} x ${contracts(sides.yes.get(yes)!)}`,
    ask: `${dollars(1e4 - no)} x ${contracts(sides.no.get(no)!)}`,
    spread: dollars(1e4 - no - yes),
  };
}

describe('examples against the local mock servers', () => {
  it('list-markets pages through the open markets and says the list was cut at maxItems', async () => {
    const { lines, stderr } = await run('list-markets');
    expect(stderr).toBe('');
    expect(lines[0]).toMatch(
      /^local mock servers: http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2 and ws:\/\/127\.0\.0\.1:\d+\/trade-api\/ws\/v2$/,
    );
    const [, pageSize, maxItems] = /^open markets, (\d+) per page, at most (\d+):$/.exec(lines[1]!)!.map(Number);
    const expected = openMarkets().slice(0, maxItems);
    expect(expected.length).toBeLessThan(openMarkets().length); // the seed has more open markets than the example lists
    expect(lines.slice(2, 2 + expected.length)).toEqual(
      expected.map(
        (m) =>
          `  ${m.ticker.padEnd(28)} yes bid ${m.yes_bid_dollars}  ask ${m.yes_ask_dollars}  24h volume ${m.volume_24h_fp}`,
      ),
    );
    expect(lines.slice(2 + expected.length)).toEqual([
      `${expected.length} markets from ${Math.ceil(expected.length / pageSize!)} pages`,
      `truncated: more open markets exist beyond maxItems ${maxItems}`,
    ]);
  });

  it('place-and-cancel-order places a resting order in the first open market and cancels the same order', async () => {
    const { lines, stderr } = await run('place-and-cancel-order');
    expect(stderr).toBe('');
    expect(lines).toHaveLength(3);
    const placed = /^placed (\S+): bid 1\.00 YES of (\S+) at 0\.0100, resting$/.exec(lines[1]!);
    expect(placed?.[2]).toBe(openMarkets()[0]!.ticker);
    expect(lines[2]).toBe(`cancelled ${placed![1]}: canceled, 1.00 contracts taken off the book`);
  });

  it('stream-orderbook follows the busiest market’s book through its snapshot and deltas, then closes', async () => {
    const { lines, stderr } = await run('stream-orderbook');
    expect(stderr).toBe('');
    const busiest = openMarkets().reduce((a, b) => (countUnits(b.volume_24h_fp) > countUnits(a.volume_24h_fp) ? b : a));
    expect(busiest.ticker).toBe(data.BOOK_MARKET);
    expect(lines[1]).toBe(`streaming the order book of ${busiest.ticker} (24h volume ${busiest.volume_24h_fp})`);
    const updates = Number(/^(\d+) updates received$/.exec(lines.at(-2)!)?.[1]);
    expect(updates).toBeGreaterThan(1);
    expect(updates).toBeLessThanOrEqual(data.DELTAS.length + 1);
    expect(lines.at(-1)).toBe('closed');
    const printed = lines.slice(2, -2);
    expect(printed).toHaveLength(updates);
    printed.forEach((line, i) => {
      const delta = data.DELTAS[i - 1];
      const change = delta
        ? `${delta.side} ${delta.price_dollars} ${delta.delta_fp.startsWith('-') ? '' : '+'}${delta.delta_fp}`
        : 'snapshot';
      const top = expectedTop(i);
      expect(line).toBe(`${change.padEnd(20)} yes bid ${top.bid}  ask ${top.ask}  spread ${top.spread}`);
    });
  });

  it('record-and-replay saves a readable, redacted recording and replays it with the servers gone', async () => {
    const path = join(dir, 'session.json');
    const { lines, stderr } = await run('record-and-replay', [path]);
    expect(stderr).toBe('');
    const first = openMarkets()[0]!;
    const readLines = [
      `  open markets: ${openMarkets()
        .slice(0, 3)
        .map((m) => m.ticker)
        .join(', ')}`,
      `  ${first.ticker}: yes bid ${first.yes_bid_dollars}, ask ${first.yes_ask_dollars}`,
      `  balance: ${data.BALANCE_CENTS} cents`,
    ];
    const base = /^local mock servers: (\S+) and/.exec(lines[0]!)![1];
    expect(lines.slice(1)).toEqual([
      `recorded to ${path}:`,
      `  GET ${base}/markets?limit=3&status=open -> 200, unsigned (public)`,
      `  GET ${base}/markets/${first.ticker} -> 200, unsigned (public)`,
      `  GET ${base}/portfolio/balance -> 200, signature [redacted]`,
      ...readLines,
      'replayed offline, 0 recorded exchanges left unused:',
      ...readLines,
      'the replay matches the recording',
    ]);

    const text = await readFile(path, 'utf8');
    expect(text).toContain('\n  "exchanges": [\n');
    const recording = JSON.parse(text);
    expect(recording.format).toBe('kalshi-recording/1');
    expect(recording.exchanges).toHaveLength(3);
    // The two market reads are public and went unsigned; the balance is signed, its secrets redacted.
    const [markets, market, balance] = recording.exchanges.map((e: { request: { headers: object } }) => e.request);
    for (const read of [markets, market]) expect(Object.keys(read.headers)).not.toContain('kalshi-access-key');
    expect(balance.headers).toMatchObject({
      'kalshi-access-key': 'example-key',
      'kalshi-access-timestamp': '[redacted]',
      'kalshi-access-signature': '[redacted]',
    });
    expect(recording.exchanges[2].response.body.balance).toBe(data.BALANCE_CENTS);
  });
});

describe('examples of the other products against their local mocks', () => {
  it('perps-order lists the margin markets, reads the first open one’s book, and places and cancels an order at its bid', async () => {
    const { lines, stderr } = await run('perps-order');
    expect(stderr).toBe('');
    expect(lines[0]).toMatch(/^local Perps mock: http:\/\/127\.0\.0\.1:\d+\/\S+$/);
    const markets = data.PERPS_MARKETS;
    const market = markets.find((m) => m.status === 'active')!;
    const [[price, size]] = data.PERPS_BOOK.bids;
    const [[askPrice, askSize]] = data.PERPS_BOOK.asks;
    expect(lines.slice(1, 2 + markets.length)).toEqual([
      `${markets.length} margin markets:`,
      ...markets.map((m) => `  ${m.ticker.padEnd(20)} ${m.status.padEnd(8)} tick ${m.tick_size}`),
    ]);
    const rest = lines.slice(2 + markets.length);
    expect(rest[0]).toBe(`${market.ticker}: best bid ${price} x ${size}, best ask ${askPrice} x ${askSize}`);
    const placed = new RegExp(`^placed (\\S+): bid 1\\.00 of ${market.ticker} at ${price}, 1\\.00 resting$`).exec(
      rest[1]!,
    );
    expect(placed).not.toBeNull();
    expect(rest.slice(2)).toEqual([`cancelled ${placed![1]}: 1.00 contracts taken off the book`]);
  });

  it('klear-balances prints each balance in dollars converted exactly from centicents, and asks for a withdrawal', async () => {
    const { lines, stderr } = await run('klear-balances');
    expect(stderr).toBe('');
    expect(lines[0]).toMatch(/^local Klear mock: http:\/\/127\.0\.0\.1:\d+\/\S+$/);
    const settlement = data.KLEAR_BALANCES['/margin/settlement_balance'];
    const fund = data.KLEAR_BALANCES['/margin/guaranty_fund_balance'];
    // Integer division of the centicents by 10,000, as text: what the helpers must print, to the last digit.
    const dollars = (centicents: number) =>
      `${Math.floor(centicents / 10_000)}.${String(centicents % 10_000).padStart(4, '0')}`;
    expect(lines.slice(1)).toEqual([
      `settlement balance: ${dollars(settlement.balance_available_centicents)} USD available (${settlement.balance_available_centicents} centicents)`,
      `locked: ${dollars(settlement.locked_balance_centicents)} USD (${settlement.locked_balance_centicents} centicents)`,
      `guaranty fund: ${dollars(fund.amount_centicents)} USD (${fund.amount_centicents} centicents)`,
      expect.stringMatching(/^withdrawal of 2500\.00 USD \(25000000 centicents\) asked for: \S+$/),
    ]);
  });
});

describe('examples refuse what they must not do', () => {
  it('never run against production', async () => {
    const failure = await run('list-markets', [], { KALSHI_ENV: 'production' }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('KALSHI_ENV=production: the examples run against local mocks'),
    });
  });

  it('ask for the Klear bearer credentials before contacting its demo', async () => {
    const failure = await run('klear-balances', [], { KALSHI_ENV: 'demo' }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('KALSHI_ENV=demo needs KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN'),
    });
  });

  it('ask for the demo key before contacting demo', async () => {
    const failure = await run('place-and-cancel-order', [], { KALSHI_ENV: 'demo' }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('KALSHI_ENV=demo needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH'),
    });
  });
});
