/**
 * The drift check: Kalshi's published specs against the reviewed lock (specs/kalshi.lock.json). It fails with the
 * drift report when they differ in API; docs/drift.md says what to do then.
 */
import { join } from 'node:path';
import { assert, beforeAll, expect, it } from 'vitest';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, SPECS_DIR } from '../../generator/defaults.ts';
import type { DriftReport } from '../../generator/drift/diff/index.ts';
import { DEFAULT_LOCK } from '../../generator/drift/lock/index.ts';
import { renderText } from '../../generator/drift/report/index.ts';
import { checkDrift } from '../../generator/drift/run.ts';
import { versionFiles } from './history.ts';

let reports: DriftReport[];

beforeAll(async () => {
  reports = await checkDrift({ openapi: DEFAULT_OPENAPI, asyncapi: DEFAULT_ASYNCAPI }, DEFAULT_LOCK);
});

it("Kalshi's published specs have the API recorded in specs/kalshi.lock.json", () => {
  expect(reports.map((r) => r.spec)).toEqual(['openapi', 'asyncapi']);
  const drifted = reports.filter((r) => r.changes.length > 0);
  if (drifted.length) {
    assert.fail(
      `Kalshi's published specs (${SPECS_DIR}) no longer match specs/kalshi.lock.json:\n\n${drifted.map(renderText).join('\n')}\n` +
        'Read the report, then run `npx codegen lock`, regenerate the SDK, and fix what broke (docs/drift.md).',
    );
  }
});

it('sees drift when the published spec is not the locked one (the check above can fail)', async () => {
  const older = versionFiles('openapi').find((f) => f.endsWith(join('openapi', '3.12.0_2026-04-02.yaml')));
  assert(older, 'the spec history no longer has 3.12.0_2026-04-02.yaml');
  const [rest] = await checkDrift({ openapi: older, asyncapi: DEFAULT_ASYNCAPI }, DEFAULT_LOCK);
  expect(rest!.changes.length).toBeGreaterThan(0);
  expect(renderText(rest!)).toMatch(/API changes?, \d+ breaking/);
});
