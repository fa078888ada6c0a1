/**
 * Records a short session (open markets, one market, the balance) to a readable JSON file, then replays it with no
 * server at all: the replaying client gets the recorded answers. Recordings make tests of your own code offline and
 * repeatable. The timestamp and signature headers are stored as "[redacted]".
 *
 *   node --import tsx examples/record-and-replay.ts [recording.json]                   # local mock servers
 *   KALSHI_ENV=demo node --import tsx examples/record-and-replay.ts [recording.json]   # Kalshi's demo
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KalshiClient, undiciTransport } from '../generated/dist/index.js';
import { loadRecording, recordingTransport, replayTransport } from '../generated/dist/testing/index.js';
import { openSession } from './setup.ts';

const path = process.argv[2] ?? join(await mkdtemp(join(tmpdir(), 'kalshi-recording-')), 'session.json');

/** The calls recorded, then replayed: the same code both times. Returns what it read, as lines to print. */
async function readMarketsAndBalance(client: KalshiClient): Promise<string[]> {
  const { markets } = await client.getMarkets({ status: 'open', limit: 3 });
  const { market } = await client.getMarket({ ticker: markets[0]!.ticker });
  const { balance } = await client.getBalance();
  return [
    `open markets: ${markets.map((m) => m.ticker).join(', ')}`,
    `${market.ticker}: yes bid ${market.yes_bid_dollars}, ask ${market.yes_ask_dollars}`,
    `balance: ${balance} cents`,
  ];
}

// Record: the recording transport passes each request to the real one (undici) and keeps both sides.
const session = await openSession();
const recorder = recordingTransport(undiciTransport());
let recorded: string[];
try {
  recorded = await readMarketsAndBalance(new KalshiClient({ ...session.options, transport: recorder.transport }));
} finally {
  await session.close();
}
await recorder.save(path);

// What the file holds: indented JSON, one exchange per request, bodies as JSON.
const recording = await loadRecording(path);
console.log(`recorded to ${path}:`);
for (const { request, response } of recording.exchanges) {
  const signature = request.headers['kalshi-access-signature'];
  // Public operations go unsigned: their spec asks for no credentials.
  const signed = signature ? `signature ${signature}` : 'unsigned (public)';
  console.log(`  ${request.method} ${request.url} -> ${response?.status}, ${signed}`);
}
for (const line of recorded) console.log(`  ${line}`);

// Replay: nothing is listening any more (and no network is needed on demo); every answer comes from the file.
const replay = replayTransport(recording);
const replayed = await readMarketsAndBalance(new KalshiClient({ ...session.options, transport: replay }));
console.log(`replayed offline, ${replay.remaining().length} recorded exchanges left unused:`);
for (const line of replayed) console.log(`  ${line}`);
if (replayed.join('\n') !== recorded.join('\n')) throw new Error('the replay differs from the recording');
console.log('the replay matches the recording');
