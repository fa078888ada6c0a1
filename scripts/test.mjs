#!/usr/bin/env node
/**
 * `npm test`: regenerate the SDK, compare every product's published specs with the lock (`codegen drift` covers each
 * product whose specs are in the folder), type-check, lint and check the formatting of the repository, run every
 * test. Arguments go to vitest (`npm test -- test/runtime`).
 *
 * When Kalshi changes the API, the drift report is what tells you why the rest fails, so it is printed before the
 * type-check and the tests, and a failing step does not hide the later ones: you see what changed, then what broke.
 * Only a failed generation stops the run, since every later step reads its output.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The files `npm run format` formats, as package.json lists them. */
function prettierGlobs() {
  const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return [...scripts['format:check'].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

const steps = [
  { name: 'generate', args: ['bin/codegen.js', 'generate', '--quiet'], required: true },
  { name: 'drift check', args: ['bin/codegen.js', 'drift'] },
  { name: 'type-check', args: ['node_modules/typescript-native/bin/tsc', '-p', 'tsconfig.json'] },
  { name: 'lint', args: ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0'] },
  { name: 'format check', args: ['node_modules/prettier/bin/prettier.cjs', '--check', ...prettierGlobs()] },
  { name: 'tests', args: ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)] },
];

const failed = [];
for (const step of steps) {
  const { status, signal } = spawnSync(process.execPath, step.args, { stdio: 'inherit' });
  if (status === 0) continue;
  failed.push(`${step.name} (${signal ?? `exit ${status}`})`);
  if (step.required) break;
}
if (failed.length) {
  console.error(`\nnpm test failed: ${failed.join(', ')}`);
  if (failed.some((step) => step.startsWith('drift')))
    console.error(
      "Kalshi's specs differ from specs/kalshi.lock.json: follow the steps under the drift report above (README, 'When Kalshi changes the API').",
    );
  process.exit(1);
}
