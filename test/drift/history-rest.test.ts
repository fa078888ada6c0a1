/**
 * The drift engine on Kalshi's real REST history: for every consecutive pair of published OpenAPI specs, the
 * report must contain exactly the operation, parameter, schema and field changes an independent walk of the two
 * documents finds (nothing missed), and every change it reports must name an element that really differs
 * (nothing invented).
 */
import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../generator/drift/diff/index.ts';
import { changeLines, history, sharedPairChecks } from './history-pairs.ts';
import { added, rawOperations, removed, sameApi } from './history.ts';

const { files, pairs, pair, specs, report: reportOf } = history('openapi');
const lines = changeLines;

function fileNamed(name: string): string {
  const file = files.find((f) => basename(f) === name);
  if (!file) throw new Error(`the spec history no longer has ${name}`);
  return file;
}

function reportBetween(fromName: string, toName: string): DriftReport {
  const report = reportOf(fileNamed(fromName), fileNamed(toName));
  if (!report) throw new Error(`${fromName} and ${toName} are not consecutive captures`);
  return report;
}

it('reads the whole REST history, oldest first', () => {
  expect(files.length).toBeGreaterThanOrEqual(12);
  expect(basename(files[0]!)).toMatch(/^2\.0\.0_/);
});

describe.each(pairs)('$name', ({ from, to }) => {
  it('reports exactly the operations added and removed', () => {
    const { a, b, report } = pair(from, to);
    const [before, after] = [rawOperations(a), rawOperations(b)];
    const expected = new Set([
      ...added(before, after).map((id) => `operation.added ${after.get(id)!.location}`),
      ...removed(before, after).map((id) => `operation.removed ${before.get(id)!.location}`),
    ]);
    expect(lines(report.changes, (c) => c.kind === 'operation.added' || c.kind === 'operation.removed')).toEqual(
      expected,
    );
  });

  it('reports exactly the parameters added, removed and made (non-)required in kept operations', () => {
    const { a, b, report } = pair(from, to);
    const [before, after] = [rawOperations(a), rawOperations(b)];
    const expected = new Set<string>();
    for (const [id, now] of after) {
      const was = before.get(id);
      if (!was) continue;
      for (const key of added(was.params, now.params)) expected.add(`parameter.added ${now.location} ${key}`);
      for (const key of removed(was.params, now.params)) expected.add(`parameter.removed ${now.location} ${key}`);
      for (const [key, required] of now.params) {
        if (was.params.has(key) && was.params.get(key) !== required)
          expected.add(`parameter.required-changed ${now.location} ${key}`);
      }
    }
    expect(lines(report.changes, (c) => /^parameter\.(added|removed|required-changed)$/.test(c.kind))).toEqual(
      expected,
    );
  });

  sharedPairChecks(() => pair(from, to));

  it('gives no API change when the documents say the same API, and nothing at all when they are identical', () => {
    const { a, b, report } = pair(from, to);
    if (sameApi(a, b)) expect(report.changes).toEqual([]);
    if (isDeepStrictEqual(a, b)) expect(report.documentation).toEqual([]);
  });
});

describe('known facts of the REST history', () => {
  it('3.8.0 was published three times: the second capture changed only documentation, the third added API', () => {
    const second = reportBetween('3.8.0_2026-02-25.yaml', '3.8.0_2026-03-03.yaml');
    expect(second.from.version).toBe(second.to.version);
    expect(second.from.sha256).not.toBe(second.to.sha256);
    expect(second.changes).toEqual([]);
    expect(second.documentation.map((d) => d.location)).toContain('GET /portfolio/orders query.subaccount');

    const third = reportBetween('3.8.0_2026-03-03.yaml', '3.8.0_2026-03-06.yaml');
    expect(third.to.version).toBe('3.8.0');
    expect(third.changes).toContainEqual(
      expect.objectContaining({
        kind: 'response.added',
        location: 'POST /multivariate_event_collections/{collection_ticker} response 429',
        breaking: false,
      }),
    );
    expect(third.changes).toContainEqual(
      expect.objectContaining({ kind: 'field.added', location: 'schema Milestone.source_ids', breaking: false }),
    );
  });

  it('the two 3.10.0 captures differ: a query enum grew (not breaking) and response fields became optional (breaking)', () => {
    const report = reportBetween('3.10.0_2026-03-11.yaml', '3.10.0_2026-03-21.yaml');
    expect(report.from.version).toBe(report.to.version);
    const enumChange = report.changes.find((c) => c.location === 'GET /events query.status');
    expect(enumChange).toMatchObject({ kind: 'enum.values-added', breaking: false });
    expect(enumChange!.message).toContain('unopened');
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'field.required-changed', location: 'schema Market.title', breaking: true }),
    );
  });

  it('3.9.0 removed the cent-denominated fields: breaking', () => {
    const report = reportBetween('3.8.0_2026-03-06.yaml', '3.9.0_2026-03-10.yaml');
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'field.removed', location: 'schema Market.yes_bid', breaking: true }),
    );
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'schema.removed', location: 'schema Orderbook', breaking: true }),
    );
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'operation.added', location: 'GET /historical/trades', breaking: false }),
    );
  });

  it('nullability of a response field: becoming nullable breaks readers, the reverse does not', () => {
    const dropped = reportBetween('3.10.0_2026-03-21.yaml', '3.12.0_2026-04-02.yaml');
    expect(dropped.changes).toContainEqual(
      expect.objectContaining({
        kind: 'field.nullable-changed',
        location: 'schema EventData.product_metadata',
        breaking: false,
      }),
    );
    const restored = reportBetween('3.12.0_2026-04-02.yaml', '3.13.0_2026-04-13.yaml');
    expect(restored.changes).toContainEqual(
      expect.objectContaining({
        kind: 'field.nullable-changed',
        location: 'schema EventData.product_metadata',
        breaking: true,
      }),
    );
  });

  it('at least one pair in the history has the same API with different bytes (so the layout check above is not vacuous)', () => {
    const sameButDifferent = pairs.filter(({ from, to }) => {
      const { a, b } = pair(from, to);
      return sameApi(a, b) && specs.get(from)!.spec.sha256 !== specs.get(to)!.spec.sha256;
    });
    expect(sameButDifferent.length).toBeGreaterThan(0);
  });
});
