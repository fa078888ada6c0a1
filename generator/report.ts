import { relative } from 'node:path';
import { styleText } from 'node:util';
import type { SpecIdentity } from './model/types.ts';
import type { GenerateResult } from './pipeline.ts';

/** How the CLI talks: progress and a summary for people, one JSON document for machines, or nothing. */
export type OutputMode = 'text' | 'json' | 'quiet';

const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;

function paint(style: Parameters<typeof styleText>[0], text: string): string {
  return colour ? styleText(style, text) : text;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

export function describeSpec(spec: SpecIdentity): string {
  return `${spec.title} ${spec.version} (sha256 ${spec.sha256.slice(0, 12)}…)`;
}

/** A progress line per finished stage (text mode only). */
export function stageReporter(mode: OutputMode): ((name: string, ms: number) => void) | undefined {
  if (mode !== 'text') return undefined;
  return (name, ms) => console.log(`${paint('green', '✓')} ${name.padEnd(8)} ${paint('dim', formatMs(ms))}`);
}

export function reportGenerate(mode: OutputMode, result: GenerateResult, out: string, check: boolean): void {
  if (mode === 'quiet') return;
  const where = relative(process.cwd(), out) || '.';
  if (mode === 'json') {
    const summary = {
      out,
      openapi: { ...result.api.spec, operations: result.api.operations.length, schemas: result.api.schemas.length },
      ...(result.ws
        ? { asyncapi: { ...result.ws.spec, channels: result.ws.channels.length, messages: result.ws.messages.length } }
        : {}),
      products: result.products.map(({ product, api, ws, plan }) => ({
        id: product.id,
        entry: product.entry,
        openapi: { ...api.spec, operations: api.operations.length, schemas: api.schemas.length },
        ...(ws ? { asyncapi: { ...ws.spec, channels: ws.channels.length, messages: ws.messages.length } } : {}),
        environments: plan.environments,
      })),
      package: result.package,
      files: result.files.size,
      timingsMs: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v)])),
      ...(check ? { stale: result.stale, changed: result.changed } : {}),
    };
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  for (const { product, api, ws, plan } of result.products) {
    const entry =
      result.package && product.entry !== '.' ? `${result.package.name}/${product.entry}` : result.package?.name;
    console.log(`${paint('bold', product.title)}${entry ? ` (${entry})` : ''}`);
    console.log(
      `openapi  ${describeSpec(api.spec)} from ${api.spec.location}: ${api.operations.length} operations, ${api.schemas.length} schemas`,
    );
    if (ws)
      console.log(
        `asyncapi ${describeSpec(ws.spec)} from ${ws.spec.location}: ${ws.channels.length} channels, ${ws.messages.length} messages`,
      );
    // Hosts come from the specs' servers, which Kalshi moves: say where the SDK will connect, and what is missing.
    for (const [name, urls] of Object.entries(plan.environments)) {
      const socket = urls.ws || (ws ? paint('yellow', 'no WebSocket server (pass wsUrl)') : '');
      console.log(
        `${name.padEnd(8)} ${[urls.rest || paint('yellow', 'no REST server (pass baseUrl)'), socket].filter(Boolean).join(', ')}`,
      );
    }
  }
  const total = Object.values(result.timings).reduce((a, b) => a + b, 0);
  if (!check) {
    console.log(
      `${paint('green', 'wrote')}    ${result.files.size} files to ${where}/ (src/ TypeScript, dist/ ESM JavaScript + .d.ts) in ${formatMs(total)}`,
    );
    // The version changes with the content: a consumer installs the new tarball by its new name.
    if (result.package)
      console.log(
        `package  ${result.package.name}@${result.package.version} (npm pack in ${where}/ to install it elsewhere)`,
      );
  } else if (result.stale) {
    const list = result.changed.slice(0, 8).join(', ') + (result.changed.length > 8 ? ', …' : '');
    console.log(
      `${paint('red', 'stale')}    ${where}/ differs from what the specs generate in ${result.changed.length} file${result.changed.length === 1 ? '' : 's'} (${list}); run \`npx codegen generate\``,
    );
  } else {
    console.log(`${paint('green', 'current')}  ${where}/ matches what the specs generate`);
  }
}
