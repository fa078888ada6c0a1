/**
 * How generation cost grows with the size of the REST spec: `codegen generate` on Kalshi's openapi.yaml copied 1×,
 * 4× and 16× (bench/scale-spec.ts: every path, operation and component N times, renamed), each as the command line
 * users run, in a child process.
 *
 *   node --import tsx bench/spec-size.ts [--runs 3] [--copies 1,4,16]
 *
 * Targets: the 16× spec generates in at most 16 times the wall time of the 1× spec (cost no worse than linear in
 * the spec's size), with a peak RSS (the process and the compiler it starts) of at most 1 GB. Each run generates
 * from every size once, in an order that rotates between runs; ratios are taken per run against that run's 1×.
 *
 * Only the REST spec is scaled. The WebSocket spec (Kalshi's asyncapi.yaml, as is) is generated beside it in every
 * run, as users generate, so its cost is part of the fixed cost every size pays: Kalshi's WebSocket API is a
 * handful of channels, while the REST spec is the one that grows (and the one a 12 MB spec was made of).
 *
 * Not a test: numbers vary by machine. The scaled specs are written to a temporary folder, never to the repository.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../generator/defaults.ts';
import { parseSpecText } from '../generator/load/parse.ts';
import { runNode, type ChildRun } from './child.ts';
import { scaledSpecText } from './scale-spec.ts';
import { ratios, summarize, type Stat } from './stats.ts';

export interface SpecSizeBenchOptions {
  openapi?: string;
  asyncapi?: string;
  /** How many copies of the REST spec each size holds; must include 1, the anchor. Default 1, 4, 16. */
  copies?: number[];
  /** Default 3. */
  runs?: number;
  /** Scratch folder for the generated SDKs; default bench/.out/spec-size. */
  workDir?: string;
  log?: (line: string) => void;
}

export interface SpecSizeFigures {
  copies: number;
  specBytes: number;
  operations: number;
  schemas: number;
  wallMs: Stat;
  /** User + system CPU time of the generator's threads and of the compiler. */
  cpuMs: Stat;
  /** The generator's process plus the compiler it starts, sampled (bench/child.ts). */
  peakRssBytes: Stat;
  /** codegen's own timing of each pipeline stage (`--json`). */
  stagesMs: Record<string, Stat>;
  /** Wall time / the 1× spec's, per run. */
  timeRatio: Stat;
  /** Peak RSS / the 1× spec's, per run. */
  memoryRatio: Stat;
}

export interface SpecSizeBenchResult {
  openapi: string;
  asyncapi: string;
  sizes: SpecSizeFigures[];
  /**
   * Wall time added per copy between the two largest sizes over that added per copy between 1× and the next size,
   * per run: about 1 when cost grows linearly, above it when each copy costs more than the last. Undefined with
   * fewer than three sizes.
   */
  marginalRatio?: Stat;
  target: { copies: number; maxTimeRatio: number; maxPeakRssBytes: number };
  /** The largest size met both targets: median time ratio, and peak RSS in every run. */
  meetsTimeTarget: boolean;
  meetsMemoryTarget: boolean;
}

export const SPEC_SIZE_COPIES = [1, 4, 16];
const MAX_PEAK_RSS_BYTES = 1024 ** 3;

export async function runSpecSizeBench(options: SpecSizeBenchOptions = {}): Promise<SpecSizeBenchResult> {
  const log = options.log ?? (() => {});
  const openapi = options.openapi ?? DEFAULT_OPENAPI;
  const asyncapi = options.asyncapi ?? DEFAULT_ASYNCAPI;
  const copies = [...new Set(options.copies ?? SPEC_SIZE_COPIES)].sort((a, b) => a - b);
  if (copies[0] !== 1 || copies.some((n) => !Number.isInteger(n)))
    throw new RangeError(`copies must be whole numbers including 1, the anchor; got ${copies.join(', ')}`);
  const runs = options.runs ?? 3;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const workDir = options.workDir ?? join(REPO_ROOT, 'bench/.out/spec-size');
  await mkdir(workDir, { recursive: true });
  const specDir = await mkdtemp(join(tmpdir(), 'kalshi-spec-size-'));

  const perSize = new Map<number, { file: string; bytes: number; runs: ChildRun[] }>();
  try {
    const document = parseSpecText(await readFile(openapi, 'utf8'), openapi);
    for (const n of copies) {
      const text = scaledSpecText(document, n);
      const file = join(specDir, `openapi-${n}x.yaml`);
      await writeFile(file, text);
      perSize.set(n, { file, bytes: Buffer.byteLength(text), runs: [] });
    }
    // Untimed: bin/codegen.js rebuilds its bundle when a generator source is newer, which no user run pays twice.
    await runNode(join(REPO_ROOT, 'bin/codegen.js'), ['--help']);
    for (let run = 0; run < runs; run++) {
      const order = copies.map((_, i) => copies[(i + run) % copies.length]!);
      const line: string[] = [];
      for (const n of order) {
        const size = perSize.get(n)!;
        const args = ['generate', '--openapi', size.file, '--asyncapi', asyncapi, '--out', join(workDir, `sdk-${n}x`)];
        const child = await runNode(join(REPO_ROOT, 'bin/codegen.js'), [...args, '--json']);
        size.runs.push(child);
        line.push(`${n}× ${seconds(child.wallMs)} ${mb(child.peakRssBytes)}`);
      }
      log(`run ${run + 1}/${runs}: ${line.join(', ')}`);
    }
  } finally {
    await rm(specDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  }

  const anchor = perSize.get(1)!.runs;
  const sizes = copies.map((n): SpecSizeFigures => {
    const { bytes, runs: list } = perSize.get(n)!;
    const summaries = list.map((r) => JSON.parse(r.stdout) as GenerateSummary);
    return {
      copies: n,
      specBytes: bytes,
      operations: summaries[0]!.openapi.operations,
      schemas: summaries[0]!.openapi.schemas,
      wallMs: summarize(list.map((r) => r.wallMs)),
      cpuMs: summarize(list.map((r) => r.cpuMs)),
      peakRssBytes: summarize(list.map((r) => r.peakRssBytes)),
      stagesMs: Object.fromEntries(
        Object.keys(summaries[0]!.timingsMs).map((stage) => [
          stage,
          summarize(summaries.map((s) => s.timingsMs[stage]!)),
        ]),
      ),
      timeRatio: summarize(
        ratios(
          list.map((r) => r.wallMs),
          anchor.map((r) => r.wallMs),
        ),
      ),
      memoryRatio: summarize(
        ratios(
          list.map((r) => r.peakRssBytes),
          anchor.map((r) => r.peakRssBytes),
        ),
      ),
    };
  });

  const largest = sizes.at(-1)!;
  const result: SpecSizeBenchResult = {
    openapi,
    asyncapi,
    sizes,
    target: { copies: largest.copies, maxTimeRatio: largest.copies, maxPeakRssBytes: MAX_PEAK_RSS_BYTES },
    meetsTimeTarget: largest.timeRatio.median <= largest.copies,
    meetsMemoryTarget: largest.peakRssBytes.max <= MAX_PEAK_RSS_BYTES,
  };
  if (copies.length >= 3) {
    const [first, second, last] = [copies[0]!, copies[1]!, copies.at(-1)!];
    const [w1, w2, w3] = [first, second, last].map((n) => perSize.get(n)!.runs.map((r) => r.wallMs));
    result.marginalRatio = summarize(
      w1!.map((_, i) => (w3![i]! - w2![i]!) / (last - second) / ((w2![i]! - w1![i]!) / (second - first))),
    );
  }
  for (const size of sizes) {
    log(
      `${size.copies}× (${mb(size.specBytes)}, ${size.operations} operations): ${seconds(size.wallMs.median)}, ` +
        `${size.timeRatio.median.toFixed(2)}× the 1× spec's time, peak RSS ${mb(size.peakRssBytes.median)}`,
    );
  }
  log(
    `target: ${largest.copies}× in ≤ ${largest.copies}× the time (${result.meetsTimeTarget ? 'met' : 'missed'}), ` +
      `peak RSS ≤ ${mb(MAX_PEAK_RSS_BYTES)} (${result.meetsMemoryTarget ? 'met' : 'missed'})` +
      (result.marginalRatio
        ? `; cost per copy, largest sizes / smallest: ${result.marginalRatio.median.toFixed(2)}`
        : ''),
  );
  return result;
}

/** What `codegen generate --json` prints, as far as this benchmark reads it. */
interface GenerateSummary {
  openapi: { operations: number; schemas: number };
  timingsMs: Record<string, number>;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, copies: { type: 'string' } } });
  const result = await runSpecSizeBench({
    runs: values.runs ? Number(values.runs) : undefined,
    copies: values.copies?.split(',').map(Number),
    log: console.log,
  });
  console.log(JSON.stringify(result, null, 2));
}
