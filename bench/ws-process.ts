/**
 * One run of bench/ws.ts in a process of its own, its result printed as JSON on stdout. bench/run.ts starts one per
 * run so that the RSS figures are those of a process doing nothing but the WebSocket benchmark, not of one that has
 * loaded the generator, TypeScript and esbuild for the sections before.
 *
 *   node --import tsx bench/ws-process.ts <frames> <warmupFrames> <deltas>
 */
import { runWsBench } from './ws.ts';

const [frames, warmupFrames, deltas] = process.argv.slice(2).map(Number);
if (![frames, warmupFrames, deltas].every((n) => Number.isInteger(n) && n! > 0)) {
  throw new Error('usage: node --import tsx bench/ws-process.ts <frames> <warmupFrames> <deltas>');
}
const result = await runWsBench({ frames, warmupFrames, deltas, rounds: 1 });
process.stdout.write(`${JSON.stringify(result)}\n`);
