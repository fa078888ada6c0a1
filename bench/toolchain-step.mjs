// A child process of bench/toolchain.ts: one step of `codegen generate` done by one of the tools it is built on,
// alone in a fresh Node process, module loading included. Prints the step's CPU time as JSON: every thread of this
// process plus the child processes it waits for. Plain JavaScript, so no TypeScript loader slows module loading.
//
//   node bench/toolchain-step.mjs <step> <config as JSON>
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { waitedChildrenCpuMs } = createRequire(import.meta.url)('./usage.cjs');

/** Each step reads its inputs first, untimed, and returns the timed work. */
const STEPS = {
  /** ts-morph, for emitting: it loads the TypeScript compiler's JavaScript API. */
  'ts-morph': () => async () => {
    await import('ts-morph');
  },
  /** prettier formatting the emitted files. */
  prettier: ({ files, options }) => {
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    return async () => {
      const { format } = await import('prettier');
      await Promise.all(texts.map((text) => format(text, options)));
    };
  },
  /** @asyncapi/parser reading and validating the (already loaded) AsyncAPI document. */
  asyncapi: ({ documentJson, source, ruleset }) => {
    const document = JSON.parse(readFileSync(documentJson, 'utf8'));
    return async () => {
      const { Parser } = await import('@asyncapi/parser');
      const result = await new Parser({ ruleset }).parse(document, { source });
      if (!result.document) throw new Error(`@asyncapi/parser rejected ${source}`);
    };
  },
  /** The TypeScript compiler checking and compiling the SDK. */
  compile:
    ({ file, args, cwd }) =>
    async () => {
      const run = spawnSync(file, args, { cwd, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`the compiler failed: ${run.error?.message ?? run.stdout + run.stderr}`);
    },
};

const [name, config] = [process.argv[2], JSON.parse(process.argv[3] ?? '{}')];
if (!(name in STEPS)) throw new Error(`unknown step ${name}; one of ${Object.keys(STEPS).join(', ')}`);
const work = STEPS[name](config);
const before = cpuMs();
await work();
console.log(JSON.stringify({ cpuMs: cpuMs() - before }));

function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000 + waitedChildrenCpuMs();
}
