import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../../generator/defaults.ts';
import { UPGRADE_STEPS, upgradeSteps } from '../../generator/drift/upgrade.ts';

/*
 * One procedure for a spec change: the steps the drift report ends with (and so the failing `npm test` and the
 * nightly job's summary) are the README's, in the same order; and one threshold, the same for both.
 */

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

it("the README's upgrade procedure is the list the drift report prints", () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## When Kalshi changes the API'));
  const list = /^1\. [\s\S]*?(?=\n\n)/m.exec(section)?.[0];
  expect(list, 'a numbered list in the README section "When Kalshi changes the API"').toBeDefined();
  expect(`${list}\n`).toBe(upgradeSteps('').slice(1));
  expect(UPGRADE_STEPS.length).toBeGreaterThan(3);
});

it("the nightly job fails on what npm test's drift step fails on: codegen drift's default level", () => {
  const workflow = read('.github/workflows/spec-drift.yml');
  const test = read('scripts/test.mjs');
  // Neither passes a --fail-on of its own unless the job is run by hand with one.
  expect(test).not.toContain('--fail-on');
  expect(workflow).toMatch(/default: any\b/);
  expect(workflow).toMatch(/FAIL_ON: \$\{\{ inputs\.fail-on \|\| 'any' \}\}/);
});
