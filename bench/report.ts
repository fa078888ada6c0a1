/**
 * bench/RESULTS.md from the figures `npm run bench` collected: the targets of issue 6 (and issue 13's for spec size)
 * with the measured value next to each (and, when one is missed, where the cost goes, from the same figures), then
 * every section in detail.
 */
import type { ApiKind } from '../generator/drift/surface/types.ts';
import type { BundleFigures, BundleTarget, ConsumerBenchResult, ProductIsolation } from './consumer.ts';
import type { GenerationBenchResult } from './generation.ts';
import { TOOL_STEP_LABELS, TOOL_STEPS } from './toolchain.ts';
import { REST_VARIANTS, type RestBenchResult } from './rest.ts';
import { SIGNING_VARIANTS, type SigningBenchResult } from './signing.ts';
import type { SpecSizeBenchResult } from './spec-size.ts';
import type { Stat } from './stats.ts';

export interface BenchMeta {
  date: string;
  commit: string | undefined;
  machine: { cpu: string; cores: number; memoryGB: number; os: string; node: string };
  /** One-minute load average when the run started and when it ended. */
  loadAverage: { before: number; after: number };
  durationMs: number;
  versions: Record<string, string>;
  scale: object;
}

export interface WsFigures {
  frames: number;
  bareFps: Stat;
  clientFps: Stat;
  /** client / bare, per run. */
  ratio: Stat;
  rssEarlyBytes: Stat;
  rssEndBytes: Stat;
  rssGrowth: Stat;
  /** Peak RSS of the process running the benchmark (sender thread included). */
  peakRssBytes: Stat;
  deltasPerSecond: Stat;
  targets: { ratio: number; rssGrowth: number; deltasPerSecond: number };
}

export interface DriftFigures {
  kind: ApiKind;
  from: string;
  to: string;
  changes: number;
  totalMs: Stat;
  /** Reading and parsing both files: the anchor. */
  parseMs: Stat;
  /** total / (read + parse), per run. */
  ratio: Stat;
  stagesMs: Record<string, Stat>;
}

export interface TargetRow {
  figure: string;
  target: string;
  result: string;
  met: boolean;
  /**
   * The target lies within the middle half of the runs' values (p25–p75): the verdict rests on the median alone,
   * and another run may well land on the other side.
   */
  borderline?: boolean;
  /** Where the cost goes, when the target is missed. */
  analysis?: string;
}

export interface BenchResults {
  meta: BenchMeta;
  targets?: TargetRow[];
  generation?: GenerationBenchResult;
  consumer?: ConsumerBenchResult;
  rest?: RestBenchResult;
  signing?: SigningBenchResult;
  ws?: WsFigures;
  drift?: DriftFigures[];
  specSize?: SpecSizeBenchResult;
}

/** The issue's targets, each with its measured value; sections that did not run have no rows. */
export function targetRows(results: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const { generation, consumer, rest, ws } = results;
  if (generation) {
    const stages = Object.entries(generation.codegen.stagesMs).sort((a, b) => b[1].median - a[1].median);
    const inProcess = stages.reduce((sum, [, stat]) => sum + stat.median, 0);
    rows.push({
      figure:
        'Full `codegen generate` (REST + WebSocket, formatted, compiled) vs openapi-typescript types only, wall time',
      target: '≤ 1.00×',
      result: `${times(generation.timeRatio)}: ${seconds(generation.codegen.wallMs.median)} vs ${seconds(generation.openapiTypescript.wallMs.median)}`,
      met: generation.meetsTarget,
      borderline: straddles(generation.timeRatio, generation.target.maxTimeRatio),
      analysis:
        `codegen's main-thread stages: ${stages.map(([name, stat]) => `${name} ${seconds(stat.median)}`).join(', ')}; ` +
        `process start-up and module loading (ts-morph, prettier) the remaining ${seconds(Math.max(0, generation.codegen.wallMs.median - inProcess))}. ` +
        'Beside them a worker thread reads and validates the WebSocket spec (@asyncapi/parser, about as much CPU as the whole REST half) ' +
        'and the compiler runs as a second process. ' +
        `The run is bound by CPU, not by waiting: codegen uses ${seconds(generation.codegen.cpuMs.median)} of CPU ` +
        `(openapi-typescript ${seconds(generation.openapiTypescript.cpuMs.median)}), which cannot take less than ` +
        `${seconds(generation.codegen.cpuFloorMs.median)} of wall time on ${count(generation.cores, 'core')}, ` +
        `${times(generation.floorRatio)} openapi-typescript's wall time, even with every core busy throughout. ` +
        `The tools the run is built on, each alone doing only its step (ts-morph loading, prettier, @asyncapi/parser, the TypeScript compiler), ` +
        `already use ${seconds(generation.toolchain.totalCpuMs.median)} of CPU: at least ${seconds(generation.toolchain.floorMs.median)} of wall time, ` +
        `${times(generation.toolchain.floorRatio)} openapi-typescript's, before any of codegen's own work. ` +
        'openapi-typescript neither formats, nor compiles, nor models the WebSocket spec.',
    });
  }
  if (results.specSize) rows.push(...specSizeRows(results.specSize));
  if (consumer) {
    const node = findBundle(consumer, 'kalshi-sdk', 'node');
    const browser = findBundle(consumer, 'kalshi-sdk', 'browser');
    const official = findBundle(consumer, 'kalshi-typescript', 'browser');
    rows.push({
      figure: 'Minimal consumer bundle ("list open markets", signing included), SDK code, minified',
      target: `≤ ${kb(consumer.target.maxMinifiedBytes)}`,
      result: node?.ok
        ? `${kb(node.minifiedBytes)} (${kb(node.gzipBytes)} gzipped)`
        : `fails: ${node?.errors.join('; ')}`,
      met: node?.ok === true && node.minifiedBytes <= consumer.target.maxMinifiedBytes,
      analysis: node?.ok
        ? `the shared runtime, not the operation: largest modules ${node.largestInputs.map((i) => `${i.path.replace(/^kalshi-sdk\/dist\//, '')} ${kb(i.bytes)}`).join(', ')}.`
        : undefined,
    });
    rows.push({
      figure: 'The minimal consumer bundles for the browser (the official SDK’s does not)',
      target: 'builds',
      result:
        `${browser?.ok ? `builds, ${kb(browser.minifiedBytes)} minified` : `fails: ${browser?.errors.join('; ')}`}; ` +
        `kalshi-typescript: ${official?.ok ? `builds, ${kb(official.minifiedBytes)}` : `fails (${official?.errors.join('; ')})`}`,
      met: browser?.ok === true,
    });
    const ts = consumer.treeShaking;
    rows.push({
      figure: 'Tree-shaking: a program importing one operation bundles no other',
      target: `only ${ts.imported.path}`,
      result: `${Object.entries(ts.minimal)
        .map(([t, paths]) => `${t}: ${paths.join(', ') || 'none'}`)
        .join('; ')} (the facade: ${Object.values(ts.facade)[0] ?? '?'} of ${ts.paths} paths)`,
      met: ts.ok,
    });
    if (ts.products.length > 1) {
      rows.push({
        figure: 'Products: a program importing one product’s client bundles nothing of another product',
        target: 'none of another’s paths, operationIds or modules',
        result: ts.products.map(describeIsolation).join('; '),
        met: ts.products.every((p) => p.ok),
      });
    }
  }
  if (rest) {
    for (const row of rest.rows) {
      const perRequest = (variant: (typeof REST_VARIANTS)[number], anchor: (typeof REST_VARIANTS)[number]) =>
        `≈ ${Math.round(1e6 / row.variants[variant].rate - 1e6 / row.variants[anchor].rate)} µs more per request than ${anchor} ` +
        `(1 / throughput: ${Math.round(1e6 / row.variants[anchor].rate)} µs → ${Math.round(1e6 / row.variants[variant].rate)} µs).`;
      rows.push({
        figure: `Request path, unsigned, ${row.concurrency} in flight: generated client / bare \`undici.request\``,
        target: `≥ ${percent(rest.targets.unsigned)}`,
        result: pct(row.variants.client.ratio!),
        met: row.unsignedRatio >= rest.targets.unsigned,
        borderline: straddles(row.variants.client.ratio!, rest.targets.unsigned),
        analysis: perRequest('client', 'undici'),
      });
      rows.push({
        figure: `Request path, signed, ${row.concurrency} in flight: generated client / undici + async node:crypto signing`,
        target: `≥ ${percent(rest.targets.signed)}`,
        result: pct(row.variants['client signed'].ratio!),
        met: row.signedRatio >= rest.targets.signed,
        borderline: straddles(row.variants['client signed'].ratio!, rest.targets.signed),
        analysis: perRequest('client signed', 'undici+sign'),
      });
    }
  }
  if (ws) {
    rows.push({
      figure: 'WebSocket frames/s through parse + dispatch: client / raw `ws` + `JSON.parse` + `switch`',
      target: `≥ ${percent(ws.targets.ratio)}`,
      result: pct(ws.ratio),
      met: ws.ratio.median >= ws.targets.ratio,
      borderline: straddles(ws.ratio, ws.targets.ratio),
      analysis: `≈ ${(1e6 / ws.clientFps.median - 1e6 / ws.bareFps.median).toFixed(2)} µs more per frame than the bare loop (${(1e6 / ws.bareFps.median).toFixed(2)} µs).`,
    });
  }
  for (const row of rows) {
    if (row.met && !row.borderline) delete row.analysis;
    if (!row.borderline) delete row.borderline;
  }
  return rows;
}

/** Issue 13's targets for spec size: the largest spec in at most as many times the 1× spec's wall time, within 1 GB. */
function specSizeRows(s: SpecSizeBenchResult): TargetRow[] {
  const first = s.sizes[0]!;
  const largest = s.sizes.at(-1)!;
  const n = largest.copies;
  const growth = Object.entries(largest.stagesMs)
    .map(([stage, stat]) => `${stage} ${(stat.median / first.stagesMs[stage]!.median).toFixed(1)}×`)
    .join(', ');
  const perCopy = (largest.peakRssBytes.median - first.peakRssBytes.median) / (n - 1);
  return [
    {
      figure: `\`codegen generate\` from a ${n}× spec (Kalshi's REST spec copied ${n} times, ${megabytes(largest.specBytes)}) vs from Kalshi's, wall time`,
      target: `≤ ${n.toFixed(2)}×`,
      result: `${times(largest.timeRatio)}: ${seconds(largest.wallMs.median)} vs ${seconds(first.wallMs.median)}`,
      met: s.meetsTimeTarget,
      borderline: straddles(largest.timeRatio, s.target.maxTimeRatio),
      analysis:
        `each stage's time at ${n}× over 1×: ${growth}` +
        (s.marginalRatio
          ? `; wall time per added copy between the largest sizes over that between the smallest ${times(s.marginalRatio)} (1 when cost grows linearly).`
          : '.'),
    },
    {
      figure: `Peak RSS of \`codegen generate\` from the ${n}× spec, the compiler it starts included`,
      target: `≤ ${megabytes(s.target.maxPeakRssBytes)}`,
      result: `${mb(largest.peakRssBytes)}, largest run ${megabytes(largest.peakRssBytes.max)}`,
      met: s.meetsMemoryTarget,
      borderline: straddles(largest.peakRssBytes, s.target.maxPeakRssBytes),
      analysis:
        `peak RSS by size: ${s.sizes.map((size) => `${size.copies}× ${megabytes(size.peakRssBytes.median)}`).join(', ')}; ` +
        `${megabytes(perCopy)} per added copy of a ${megabytes(first.specBytes)} spec.`,
    },
  ];
}

/** Whether `target` lies within the middle half of the measurements. */
function straddles(stat: Stat, target: number): boolean {
  return stat.n > 1 && stat.p25 <= target && target <= stat.p75;
}

function verdict(row: TargetRow): string {
  return `${row.met ? 'met' : '**missed**'}${row.borderline ? ', borderline' : ''}`;
}

export function renderMarkdown(results: BenchResults): string {
  const { meta } = results;
  const targets = results.targets ?? targetRows(results);
  const out: string[] = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${meta.date.slice(0, 16).replace('T', ' ')} UTC${meta.commit ? ` at commit ${meta.commit}` : ''}, ` +
      `in ${Math.round(meta.durationMs / 1000)} s. The raw figures are in [results.json](results.json); run \`npm run bench\` to reproduce them on your machine.`,
    '',
    `**Machine:** ${meta.machine.cpu}, ${meta.machine.cores} cores, ${meta.machine.memoryGB} GB RAM, ${meta.machine.os}, Node ${meta.machine.node}. ` +
      `**Load average** (1 min): ${meta.loadAverage.before.toFixed(2)} when the run started, ${meta.loadAverage.after.toFixed(2)} when it ended` +
      (Math.max(meta.loadAverage.before, meta.loadAverage.after) > meta.machine.cores / 2
        ? ' — other work shared the machine, so absolute figures are lower and noisier than on an idle one; the ratios much less so.'
        : '.'),
    '',
    `**Anchors:** ${Object.entries(meta.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '',
    '**How to read the figures:** each is `median (min–max)` over the runs or rounds stated. Every ratio is taken ' +
      'per run (or round) against its anchor measured in that same run, then summarized, so load from elsewhere ' +
      'lands on both sides of it. A verdict marked *borderline* rests on the median alone: the target lies within ' +
      'the middle half of the runs (between the first and third quartiles, in results.json), so another run may ' +
      'well land on the other side.',
    '',
    '## Targets',
    '',
  ];
  if (targets.length === 0) out.push('No section with a target ran.', '');
  else {
    out.push('| Figure | Target | Result | |', '|---|---|---|---|');
    for (const t of targets) out.push(`| ${t.figure} | ${t.target} | ${t.result} | ${verdict(t)} |`);
    out.push('');
    const missed = targets.filter((t) => t.analysis);
    if (missed.length) {
      out.push('Where the cost goes, for each target missed or borderline:', '');
      for (const t of missed) out.push(`- *${t.figure}*: ${t.analysis}`);
      out.push('');
    }
  }
  out.push(
    ...generationSection(results.generation),
    ...consumerSection(results.consumer),
    ...restSection(results.rest, results.signing),
  );
  out.push(...wsSection(results.ws), ...driftSection(results.drift), ...specSizeSection(results.specSize));
  return `${out.join('\n').trimEnd()}\n`;
}

function generationSection(g: GenerationBenchResult | undefined): string[] {
  if (!g) return ['## 1. Generation', '', 'Not run.', ''];
  const out = [
    '## 1. Generation',
    '',
    `Both command lines as child processes on the same spec, alternating order, ${count(g.timeRatio.n, 'run')} (bench/generation.ts). Wall time includes process start-up. CPU time is user + system time of every thread and of the child processes waited for (codegen's compiler); the floor is CPU time over the ${count(g.cores, 'core')}, the shortest wall time that work could take. Peak RSS is getrusage's maximum resident set size of the Node process, or, when higher, the largest sum of it and the processes it started, sampled every 20 ms.`,
    '',
    '| Command | Wall time | CPU time | CPU floor | Peak RSS |',
    '|---|---|---|---|---|',
    ...[g.codegen, g.openapiTypescript].map(
      (c) => `| ${c.command} | ${ms(c.wallMs)} | ${ms(c.cpuMs)} | ${ms(c.cpuFloorMs)} | ${mb(c.peakRssBytes)} |`,
    ),
    `| **ratio** codegen / openapi-typescript | ${times(g.timeRatio)} | | ${times(g.floorRatio)} of openapi-typescript's wall time | ${times(g.memoryRatio)} |`,
    '',
    `The tools codegen is built on, each alone in a fresh process doing only its step of a generation on the same inputs, module loading included (bench/toolchain.ts), CPU time over ${count(g.toolchain.totalCpuMs.n, 'run')}:`,
    '',
    '| Step | CPU time |',
    '|---|---|',
    ...TOOL_STEPS.map((step) => `| ${TOOL_STEP_LABELS[step]} | ${ms(g.toolchain.stepsCpuMs[step])} |`),
    `| **all four** | ${ms(g.toolchain.totalCpuMs)} |`,
    `| **floor**: all four over ${count(g.cores, 'core')} | ${ms(g.toolchain.floorMs)}, ${times(g.toolchain.floorRatio)} openapi-typescript's wall time |`,
    '',
    "codegen's stages, as it times them itself (`--json`):",
    '',
    '| Stage | Time |',
    '|---|---|',
    ...Object.entries(g.codegen.stagesMs).map(([stage, stat]) => `| ${stage} | ${ms(stat)} |`),
    '',
  ];
  return out;
}

function consumerSection(c: ConsumerBenchResult | undefined): string[] {
  if (!c) return ['## 2. Consumer cost', '', 'Not run.', ''];
  const typecheckRuns = c.typecheck[0]?.wallMs.n ?? 0;
  const out = [
    '## 2. Consumer cost',
    '',
    'The same minimal program — list the open markets, one page, credentials configured so signing is included — against each SDK (bench/consumer/programs.ts):',
    '',
    ...c.programs.map((p) => `- \`${p.name}\`: ${p.description}`),
    '',
    `**Type-check**: \`tsc -p\` on the program alone (strict, NodeNext, skipLibCheck, lib ES2022 + DOM, @types/node) as a child process, ${count(typecheckRuns, 'run')}, programs in rotating order.`,
    '',
    '| Program | Wall time | Peak RSS | kalshi-sdk / this |',
    '|---|---|---|---|',
    ...c.typecheck.map(
      (t) =>
        `| ${t.program} | ${ms(t.wallMs)} | ${mb(t.peakRssBytes)} | ${c.typecheckRatios[t.program] ? times(c.typecheckRatios[t.program]!) : ''} |`,
    ),
    '',
    '**Bundle** (esbuild, minified ESM; gzip at the default level). *node*: platform node with the SDK package’s own npm dependencies external ' +
      '(undici and ws for kalshi-sdk, axios for kalshi-typescript): the SDK’s code, what the 8 KB target is about. *node, all deps*: everything but ' +
      "Node's built-ins bundled. *browser*: platform browser, everything bundled. Sizes are deterministic, measured once.",
    '',
    '| Program | node | node, all deps | browser |',
    '|---|---|---|---|',
  ];
  for (const program of [...new Set(c.bundles.map((b) => b.program))]) {
    const cell = (target: BundleTarget) => {
      const b = c.bundles.find((x) => x.program === program && x.target === target);
      return !b ? '' : b.ok ? `${kb(b.minifiedBytes)} (${kb(b.gzipBytes)} gz)` : `fails: ${b.errors.join('; ')}`;
    };
    out.push(`| ${program} | ${cell('node')} | ${cell('node, all deps')} | ${cell('browser')} |`);
  }
  const ts = c.treeShaking;
  out.push(
    '',
    `**Tree-shaking**: of the spec's ${ts.paths} distinct operation paths, the \`kalshi-sdk\` program (which imports only \`getMarkets\`) bundles ` +
      `${Object.entries(ts.minimal)
        .map(([t, paths]) => `${paths.length} for ${t} (${paths.join(', ')})`)
        .join(', ')}; the facade program, the control, ` +
      `bundles ${Object.entries(ts.facade)
        .map(([t, n]) => `${n} for ${t}`)
        .join(', ')}. ${ts.ok ? 'Holds.' : '**Does not hold.**'}`,
    '',
  );
  if (ts.products.length > 1) {
    out.push(
      `**Products**: a program importing one product's client facade from its entry, bundled for each target, against ` +
        "every other product's operation paths and operationIds (as string literals) and its folder's modules: " +
        `${ts.products.map(describeIsolation).join('; ')}. ${ts.products.every((p) => p.ok) ? 'Holds.' : '**Does not hold.**'}`,
      '',
    );
  }
  const minimal = findBundle(c, 'kalshi-sdk', 'node');
  if (minimal?.ok) {
    out.push(
      `Largest modules in the \`kalshi-sdk\` node bundle: ${minimal.largestInputs.map((i) => `${i.path} ${kb(i.bytes)}`).join(', ')}.`,
      '',
    );
  }
  return out;
}

function restSection(rest: RestBenchResult | undefined, signing: SigningBenchResult | undefined): string[] {
  const out = ['## 3. Request path', ''];
  if (!rest) out.push('Requests: not run.', '');
  else {
    const rounds = rest.rows[0]?.variants.undici.roundRate.n ?? 0;
    out.push(
      `\`GET /markets/{ticker}\` against a loopback server in a worker thread, ~1.5 KB JSON answer parsed, ${count(rounds, 'round')} in rotating order (bench/rest.ts). ` +
        'Requests per second: median over rounds (min–max); latency percentiles over every request. Unsigned variants are compared with bare ' +
        'undici, signed ones with undici + async node:crypto signing. `kalshi-typescript signed ×4` constructs four API classes ' +
        '(markets, events, portfolio, orders) as an application does: each adds an interceptor that signs, so every request is signed four times.',
      '',
    );
    for (const row of rest.rows) {
      out.push(
        `**${row.concurrency} in flight**`,
        '',
        '| Variant | Requests/s | p50 | p99 | vs anchor |',
        '|---|---|---|---|---|',
      );
      for (const variant of REST_VARIANTS) {
        const v = row.variants[variant];
        out.push(
          `| ${variant} | ${rate(v.roundRate)} | ${v.p50Ms.toFixed(2)} ms | ${v.p99Ms.toFixed(2)} ms | ${v.ratio ? `${pct(v.ratio)} of ${v.anchor}` : 'anchor'} |`,
        );
      }
      out.push('');
    }
  }
  if (!signing) out.push('Signatures: not run.', '');
  else {
    const rounds = signing.rows[0]?.variants['node:crypto sync'].roundRate.n ?? 0;
    out.push(
      `**Signatures per second**: RSA-PSS/SHA-256, 2048-bit key, over timestamp + method + path, ${count(rounds, 'round')} in rotating order (bench/signing.ts). ` +
        'Keys parsed once, except by kalshi-typescript, which passes the PEM text to node:crypto on every call.',
      '',
      '| Signer | 1 in flight | vs anchor | 16 in flight | vs anchor |',
      '|---|---|---|---|---|',
    );
    for (const variant of SIGNING_VARIANTS) {
      const cells = signing.rows.map((row) => {
        const v = row.variants[variant];
        return `${rate(v.roundRate)} | ${v.ratio ? `${pct(v.ratio)} of ${v.anchor}` : 'anchor'}`;
      });
      out.push(`| ${variant} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out;
}

function wsSection(ws: WsFigures | undefined): string[] {
  if (!ws) return ['## 4. WebSocket', '', 'Not run.', ''];
  return [
    '## 4. WebSocket',
    '',
    `${ws.frames.toLocaleString('en-US')} Kalshi-shaped frames (half orderbook deltas) from a sender in a worker thread, through the client's parse, ` +
      `sid routing, sequence check and dispatch, against raw \`ws\` + \`JSON.parse\` + \`switch\` in the same run; ${count(ws.ratio.n, 'run')} (bench/ws.ts, one round each, each run in a fresh process: bench/ws-process.ts). RSS is that process's, the sender's worker thread included.`,
    '',
    '| Figure | Result | Target (bench/ws.ts) |',
    '|---|---|---|',
    `| raw ws + JSON.parse + switch | ${rate(ws.bareFps, ' frames/s')} | anchor |`,
    `| client | ${rate(ws.clientFps, ' frames/s')} | |`,
    `| client / raw | ${pct(ws.ratio)} | ≥ ${percent(ws.targets.ratio)} |`,
    `| RSS after the first ${Math.min(100_000, Math.floor(ws.frames / 10)).toLocaleString('en-US')} frames | ${mb(ws.rssEarlyBytes)} | |`,
    `| RSS after ${ws.frames.toLocaleString('en-US')} frames | ${mb(ws.rssEndBytes)} | |`,
    `| RSS growth | ${pct(ws.rssGrowth)} | ≤ ${percent(ws.targets.rssGrowth)} |`,
    `| Peak RSS of the process | ${mb(ws.peakRssBytes)} | |`,
    `| OrderBook deltas applied | ${rate(ws.deltasPerSecond, ' deltas/s')} | ≥ ${ws.targets.deltasPerSecond.toLocaleString('en-US')}/s |`,
    '',
  ];
}

function driftSection(drift: DriftFigures[] | undefined): string[] {
  if (!drift) return ['## 5. Drift', '', 'Not run.', ''];
  const out = [
    '## 5. Drift',
    '',
    `Time to diff the oldest and newest captured spec of each kind: read, parse, model, surface, compare (bench/drift.ts), ${count(drift[0]?.totalMs.n ?? 0, 'run')}. ` +
      'The anchor is reading and parsing the two YAML files, which any comparison of two specs pays.',
    '',
    '| Specs | Changes | Diff, total | Read + parse (anchor) | total / anchor | Stages (median) |',
    '|---|---|---|---|---|---|',
  ];
  for (const d of drift) {
    const stages = Object.entries(d.stagesMs)
      .map(([stage, stat]) => `${stage} ${stat.median.toFixed(1)} ms`)
      .join(', ');
    out.push(
      `| ${d.kind}: ${d.from} → ${d.to} | ${d.changes} | ${ms(d.totalMs)} | ${ms(d.parseMs)} | ${times(d.ratio)} | ${stages} |`,
    );
  }
  out.push('');
  return out;
}

function specSizeSection(s: SpecSizeBenchResult | undefined): string[] {
  if (!s) return ['## 6. Spec size', '', 'Not run.', ''];
  const stages = Object.keys(s.sizes[0]!.stagesMs);
  const out = [
    '## 6. Spec size',
    '',
    `\`codegen generate\` as a child process on Kalshi's REST spec copied 1 to ${s.sizes.at(-1)!.copies} times (bench/scale-spec.ts: every path, ` +
      'operation and component, renamed, so each copy has the shape of the original), beside Kalshi’s WebSocket spec as it is: ' +
      `the REST spec is the one that grows. ${count(s.sizes[0]!.wallMs.n, 'run')}, each generating from every size in rotating order ` +
      '(bench/spec-size.ts); ratios are per run, against that run’s 1×. Peak RSS counts the compiler process with the generator’s.',
    '',
    '| Spec | Size | Operations | Schemas | Wall time | / 1× | CPU time | Peak RSS | / 1× |',
    '|---|---|---|---|---|---|---|---|---|',
    ...s.sizes.map(
      (size) =>
        `| ${size.copies}× | ${megabytes(size.specBytes)} | ${size.operations.toLocaleString('en-US')} | ${size.schemas.toLocaleString('en-US')} | ` +
        `${ms(size.wallMs)} | ${times(size.timeRatio)} | ${ms(size.cpuMs)} | ${mb(size.peakRssBytes)} | ${times(size.memoryRatio)} |`,
    ),
    '',
    "codegen's stages, as it times them itself (`--json`), median:",
    '',
    `| Stage | ${s.sizes.map((size) => `${size.copies}×`).join(' | ')} |`,
    `|---|${s.sizes.map(() => '---|').join('')}`,
    ...stages.map(
      (stage) => `| ${stage} | ${s.sizes.map((size) => seconds(size.stagesMs[stage]!.median)).join(' | ')} |`,
    ),
    '',
  ];
  if (s.marginalRatio) {
    const [a, b, c] = [s.sizes[0]!, s.sizes[1]!, s.sizes.at(-1)!].map((size) => size.copies);
    out.push(
      `Wall time per added copy from ${b}× to ${c}× over that from ${a}× to ${b}×: ${times(s.marginalRatio)} (1 when each copy costs as much as the last, above 1 when cost grows faster than the spec).`,
      '',
    );
  }
  return out;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function findBundle(c: ConsumerBenchResult, program: string, target: BundleTarget): BundleFigures | undefined {
  return c.bundles.find((b) => b.program === program && b.target === target);
}

/** `median (min–max)`, or the median alone for a single measurement; `unit` follows the median. */
function spread(stat: Stat, format: (n: number) => string, unit = ''): string {
  return stat.n > 1
    ? `${format(stat.median)}${unit} (${format(stat.min)}–${format(stat.max)})`
    : `${format(stat.median)}${unit}`;
}

function ms(stat: Stat): string {
  return stat.median >= 1000 ? spread(stat, seconds) : spread(stat, (n) => `${n.toFixed(n < 10 ? 1 : 0)} ms`);
}

function seconds(n: number): string {
  return `${(n / 1000).toFixed(2)} s`;
}

function mb(stat: Stat): string {
  return spread(stat, (n) => `${(n / 1024 / 1024).toFixed(0)} MB`);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function rate(stat: Stat, unit = '/s'): string {
  return spread(stat, (n) => Math.round(n).toLocaleString('en-US'), unit);
}

function pct(stat: Stat): string {
  return spread(stat, (n) => `${(n * 100).toFixed(1)}%`);
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

function times(stat: Stat): string {
  return spread(stat, (n) => `${n.toFixed(2)}×`);
}

/** One product's isolation, every target alike: `kalshi-sdk/perps: 33 of 33 own paths, nothing of another product`. */
function describeIsolation(p: ProductIsolation): string {
  const foreign = [...new Set(Object.values(p.foreign).flat())];
  const modules = [...new Set(Object.values(p.foreignModules).flat())];
  const own = [...new Set(Object.values(p.own))].join('/');
  const found = [...foreign, ...modules];
  const shown = found.length > 5 ? [...found.slice(0, 5), `and ${found.length - 5} more`] : found;
  return `\`${p.entry}\`: ${own} of ${p.ownPaths} own paths, ${found.length ? `another product's ${shown.join(', ')}` : 'nothing of another product'}`;
}
