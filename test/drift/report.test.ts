/** The three report formats and the --fail-on levels. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../generator/defaults.ts';
import { reportFails, type DriftReport } from '../../generator/drift/diff/index.ts';
import { renderMarkdown, renderReports, renderText } from '../../generator/drift/report/index.ts';
import { diffSpecs } from '../../generator/drift/run.ts';

const side = (version: string, sha: string) => ({
  source: { kind: 'file' as const, location: `${version}.yaml` },
  version,
  sha256: sha.repeat(64),
});

function report(
  changes: DriftReport['changes'],
  documentation: DriftReport['documentation'] = [],
  to = side('1.0.0', 'b'),
): DriftReport {
  return { spec: 'openapi', from: side('1.0.0', 'a'), to, changes, documentation };
}

const breaking = {
  kind: 'field.removed',
  location: 'schema Market.yes_bid',
  breaking: true,
  message: 'field removed (was number)',
} as const;
const benign = {
  kind: 'field.added',
  location: 'schema Market.mixed',
  breaking: false,
  message: 'optional field added (enum<number|string> [1, a])',
} as const;

describe('--fail-on', () => {
  it('breaking fails only on breaking changes, any on any API change, none never; documentation never fails', () => {
    const docsOnly = report(
      [],
      [{ kind: 'documentation.changed', location: 'GET /markets', message: 'description changed' }],
    );
    const table = [report([breaking]), report([benign]), docsOnly].map((r) =>
      (['breaking', 'any', 'none'] as const).map((level) => reportFails(r, level)),
    );
    expect(table).toEqual([
      [true, true, false],
      [false, true, false],
      [false, false, false],
    ]);
  });
});

describe('text', () => {
  it('lists breaking changes first, then the rest, then documentation apart, one line each', () => {
    const text = renderText(
      report(
        [benign, breaking],
        [{ kind: 'documentation.changed', location: 'GET /markets', message: 'description changed' }],
      ),
    );
    expect(text.split('\n')).toEqual([
      'REST API (OpenAPI): 2 API changes, 1 breaking',
      `  from 1.0.0, sha256 ${'a'.repeat(12)}, 1.0.0.yaml`,
      `  to   1.0.0, sha256 ${'b'.repeat(12)}, 1.0.0.yaml`,
      '  note: same info.version 1.0.0 but different content (sha256 differs)',
      '',
      'Breaking (1):',
      '  schema Market.yes_bid: field removed (was number) [field.removed]',
      '',
      'Not breaking (1):',
      '  schema Market.mixed: optional field added (enum<number|string> [1, a]) [field.added]',
      '',
      'Documentation only (1, not API drift):',
      '  GET /markets: description changed',
      '',
    ]);
  });

  it('says when only the layout changed', () => {
    expect(renderText(report([]))).toContain(
      'note: the bytes differ but neither the API nor its documentation changed (layout only)',
    );
  });
});

describe('markdown', () => {
  it('is a table with breaking rows first, table-safe cells, and documentation folded away', () => {
    const md = renderMarkdown(
      report(
        [benign, breaking],
        [{ kind: 'documentation.added', location: 'schema Market', message: 'description added' }],
      ),
    );
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows[0]).toBe('| | Location | Change | Kind |');
    expect(rows[1]).toBe('| **breaking** | `schema Market.yes_bid` | field removed (was number) | `field.removed` |');
    expect(rows[2]).toBe(
      '| ok | `schema Market.mixed` | optional field added (enum&lt;number\\|string&gt; [1, a]) | `field.added` |',
    );
    // Every row has exactly the table's four cells: escaped pipes do not split cells.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
    expect(md).toMatch(/^### 🔴 REST API \(OpenAPI\): 2 API changes, 1 breaking/);
    expect(md).toContain('<details><summary>Documentation only: 1 change(s), not API drift</summary>');
  });
});

describe('json', () => {
  let real: DriftReport;
  beforeAll(async () => {
    const dir = join(SPECS_DIR, 'versions', 'openapi');
    real = await diffSpecs(join(dir, '3.12.0_2026-04-02.yaml'), join(dir, '3.13.0_2026-04-13.yaml'));
  });

  it('has the documented shape: sides, counts, notes, changes and documentation changes', () => {
    const parsed = JSON.parse(renderReports([real], 'json'));
    expect(Object.keys(parsed)).toEqual([
      'spec',
      'from',
      'to',
      'counts',
      'sameVersionDifferentContent',
      'notes',
      'changes',
      'documentation',
    ]);
    expect(parsed.from).toEqual({
      source: { kind: 'file', location: expect.stringMatching(/3\.12\.0_2026-04-02\.yaml$/) },
      version: '3.12.0',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(parsed.counts).toEqual({
      breaking: real.changes.filter((c) => c.breaking).length,
      nonBreaking: real.changes.filter((c) => !c.breaking).length,
      documentation: real.documentation.length,
    });
    expect(parsed).toMatchObject({ sameVersionDifferentContent: false, notes: [] });
    expect(parsed.to).toMatchObject({ version: '3.13.0' });
    expect(parsed.changes.length).toBeGreaterThan(0);
    for (const change of parsed.changes) {
      expect(Object.keys(change).sort()).toEqual(['breaking', 'kind', 'location', 'message']);
      expect(typeof change.breaking).toBe('boolean');
    }
    for (const doc of parsed.documentation) expect(Object.keys(doc).sort()).toEqual(['kind', 'location', 'message']);
  });

  it('carries the notes of the text report, and flags a version republished with other content', () => {
    const parsed = JSON.parse(renderReports([report([breaking])], 'json'));
    expect(parsed).toMatchObject({
      counts: { breaking: 1, nonBreaking: 0, documentation: 0 },
      sameVersionDifferentContent: true,
      notes: ['same info.version 1.0.0 but different content (sha256 differs)'],
    });
    expect(renderText(report([breaking]))).toContain(`note: ${parsed.notes[0]}`);
  });

  it('keys several reports (drift: REST and WebSocket) by spec kind', () => {
    const ws = { ...real, spec: 'asyncapi' as const };
    expect(Object.keys(JSON.parse(renderReports([real, ws], 'json')))).toEqual(['openapi', 'asyncapi']);
  });
});
