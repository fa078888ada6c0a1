/**
 * The drift engine on Kalshi's real REST history: for every consecutive pair of published OpenAPI specs, the
 * report must contain exactly the operation, parameter, schema and field changes an independent walk of the two
 * documents finds (nothing missed), and every change it reports must name an element that really differs
 * (nothing invented).
 */
import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareSurfaces, type Change, type DriftReport } from '../../generator/drift/diff/index.ts';
import { specSurface } from '../../generator/drift/spec.ts';
import type { SpecSurface } from '../../generator/drift/surface/types.ts';
import { loadSpec, type LoadedSpec } from '../../generator/load/index.ts';
import { added, expectedSchemaChanges, rawElement, rawOperations, removed, sameApi, versionFiles } from './history.ts';

const files = versionFiles('openapi');
const pairs = files.slice(1).map((to, i) => ({ from: files[i]!, to, name: `${basename(files[i]!)} → ${basename(to)}` }));
const specs = new Map<string, { spec: LoadedSpec; surface: SpecSurface }>();
const reports = new Map<string, DriftReport>();

beforeAll(async () => {
  for (const file of files) {
    const spec = await loadSpec(file);
    specs.set(file, { spec, surface: await specSurface(spec) });
  }
  for (const { from, to } of pairs) reports.set(`${from}|${to}`, compareSurfaces(specs.get(from)!.surface, specs.get(to)!.surface));
});

function pair(from: string, to: string) {
  return { a: specs.get(from)!.spec.document, b: specs.get(to)!.spec.document, report: reports.get(`${from}|${to}`)! };
}

const lines = (changes: Change[], keep: (c: Change) => boolean) => new Set(changes.filter(keep).map((c) => `${c.kind} ${c.location}`));

function fileNamed(name: string): string {
  const file = files.find((f) => basename(f) === name);
  if (!file) throw new Error(`the spec history no longer has ${name}`);
  return file;
}

function reportBetween(fromName: string, toName: string): DriftReport {
  const report = reports.get(`${fileNamed(fromName)}|${fileNamed(toName)}`);
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
    expect(lines(report.changes, (c) => c.kind === 'operation.added' || c.kind === 'operation.removed')).toEqual(expected);
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
        if (was.params.has(key) && was.params.get(key) !== required) expected.add(`parameter.required-changed ${now.location} ${key}`);
      }
    }
    expect(lines(report.changes, (c) => /^parameter\.(added|removed|required-changed)$/.test(c.kind))).toEqual(expected);
  });

  it('reports exactly the schemas, fields, requiredness and enum values that changed', () => {
    const { a, b, report } = pair(from, to);
    const { expected, checked } = expectedSchemaChanges(a, b, ['components', 'schemas']);
    const inChecked = (location: string) =>
      [...checked].some((name) => location === `schema ${name}` || (location.startsWith(`schema ${name}`) && '.[{|&'.includes(location[`schema ${name}`.length]!)));
    const actual = lines(
      report.changes,
      (c) =>
        c.kind === 'schema.added' ||
        c.kind === 'schema.removed' ||
        (/^(field\.(added|removed|required-changed)|enum\.values-(added|removed))$/.test(c.kind) && inChecked(c.location)),
    );
    expect(actual).toEqual(expected);
  });

  it('invents nothing: every change names an element that differs between the two documents', () => {
    const { a, b, report } = pair(from, to);
    const invented = report.changes.filter((c) => isDeepStrictEqual(rawElement(a, c.location), rawElement(b, c.location)));
    expect(invented).toEqual([]);
  });

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
      expect.objectContaining({ kind: 'response.added', location: 'POST /multivariate_event_collections/{collection_ticker} response 429', breaking: false }),
    );
    expect(third.changes).toContainEqual(expect.objectContaining({ kind: 'field.added', location: 'schema Milestone.source_ids', breaking: false }));
  });

  it('the two 3.10.0 captures differ: a query enum grew (not breaking) and response fields became optional (breaking)', () => {
    const report = reportBetween('3.10.0_2026-03-11.yaml', '3.10.0_2026-03-21.yaml');
    expect(report.from.version).toBe(report.to.version);
    const enumChange = report.changes.find((c) => c.location === 'GET /events query.status');
    expect(enumChange).toMatchObject({ kind: 'enum.values-added', breaking: false });
    expect(enumChange!.message).toContain('unopened');
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: 'field.required-changed', location: 'schema Market.title', breaking: true }));
  });

  it('3.9.0 removed the cent-denominated fields: breaking', () => {
    const report = reportBetween('3.8.0_2026-03-06.yaml', '3.9.0_2026-03-10.yaml');
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: 'field.removed', location: 'schema Market.yes_bid', breaking: true }));
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: 'schema.removed', location: 'schema Orderbook', breaking: true }));
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: 'operation.added', location: 'GET /historical/trades', breaking: false }));
  });

  it('nullability of a response field: becoming nullable breaks readers, the reverse does not', () => {
    const dropped = reportBetween('3.10.0_2026-03-21.yaml', '3.12.0_2026-04-02.yaml');
    expect(dropped.changes).toContainEqual(
      expect.objectContaining({ kind: 'field.nullable-changed', location: 'schema EventData.product_metadata', breaking: false }),
    );
    const restored = reportBetween('3.12.0_2026-04-02.yaml', '3.13.0_2026-04-13.yaml');
    expect(restored.changes).toContainEqual(
      expect.objectContaining({ kind: 'field.nullable-changed', location: 'schema EventData.product_metadata', breaking: true }),
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
