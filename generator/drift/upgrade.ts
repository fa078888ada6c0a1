/**
 * What to do when Kalshi's specs drift from the lock: one list, printed under the drift report (and so at the end of
 * a failing `npm test` drift step and in the nightly job's summary), and held equal to the README's by
 * test/docs/upgrade-steps.test.ts.
 *
 * The threshold is one rule, for `npm test` and the nightly job alike: any API change against the lock fails,
 * breaking or not (the lock is the API the SDK was reviewed against, and an addition is unreviewed API);
 * documentation-only changes never fail. Breaking changes are listed first because they are what breaks code.
 */
export const UPGRADE_STEPS: readonly string[] = [
  'Read the drift report: breaking changes come first, each with where it is (`npx codegen drift` prints it again).',
  'Regenerate the SDK with `npx codegen generate`: its summary gives the new package version and the hosts of each environment.',
  "Run `npm test` here: the type-check names what broke in this repository's code (examples, tests) in the compiler's words; fix it.",
  'Update your own app: run `npm pack` in `generated/`, then in the app `npm install <path>/kalshi-sdk-<version>.tgz` (the version changes with the content, so the lockfile shows the update) and `npx tsc --noEmit`: type errors name what broke in your code; fix them.',
  "Record the new API: `npx codegen lock`, review the lock's diff, and commit it with the fixes.",
];

/** The steps as a numbered list, for the text and markdown reports alike. */
export function upgradeSteps(heading: string): string {
  return `${heading}\n${UPGRADE_STEPS.map((step, i) => `${i + 1}. ${step}`).join('\n')}\n`;
}
