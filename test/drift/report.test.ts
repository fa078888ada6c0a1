/** The three report formats, per spec and per product, and the --fail-on levels. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../../generator/defaults.ts';
import { reportFails, type DriftReport } from '../../generator/drift/diff/index.ts';
import { productFails, type ProductDrift, type SpecDrift } from '../../generator/drift/product-drift.ts';
import { renderDrift, renderMarkdown, renderReport, renderText } from '../../generator/drift/report/index.ts';
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
    const parsed = JSON.parse(renderReport(real, 'json'));
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
    const parsed = JSON.parse(renderReport(report([breaking]), 'json'));
    expect(parsed).toMatchObject({
      counts: { breaking: 1, nonBreaking: 0, documentation: 0 },
      sameVersionDifferentContent: true,
      notes: ['same info.version 1.0.0 but different content (sha256 differs)'],
    });
    expect(renderText(report([breaking]))).toContain(`note: ${parsed.notes[0]}`);
  });
});

describe('products', () => {
  const compared = (r: DriftReport): SpecDrift => ({ status: 'compared', report: r });
  const product = (id: string, ...specs: SpecDrift[]): ProductDrift => ({
    product: { id, title: `Product ${id.toUpperCase()}` },
    specs,
  });
  const unlocked: SpecDrift = {
    status: 'unlocked',
    spec: 'openapi',
    to: side('0.1.0', 'c'),
    size: { operations: 1, schemas: 2 },
  };
  const missing: SpecDrift = {
    status: 'missing',
    spec: 'asyncapi',
    from: side('2.0.0', 'd'),
    reason: 'not in the specs folder',
  };
  const notChecked: SpecDrift = { status: 'not-checked', spec: 'openapi', reason: 'no live URL for it' };
  const quiet = report([], [], side('1.0.0', 'a'));
  const drifted = [
    product('a', compared(quiet), compared({ ...quiet, spec: 'asyncapi' })),
    product('b', compared(report([breaking, benign])), missing),
    product('c', unlocked),
    product('d', notChecked),
  ];

  it('--fail-on: a spec not in the lock is an addition, a locked one not found a removal, one not checked nothing', () => {
    const table = drifted.map((p) => (['breaking', 'any', 'none'] as const).map((level) => productFails(p, level)));
    expect(table).toEqual([
      [false, false, false],
      [true, true, false],
      [false, true, false],
      [false, false, false],
    ]);
  });

  it('text: each product under its own underlined heading with its summary, its specs below it', () => {
    const text = renderDrift(drifted, 'text');
    const headings = text.split('\n').filter((line, i, lines) => /^=+$/.test(lines[i + 1] ?? ''));
    expect(headings).toEqual([
      'Product A: no API changes',
      'Product B: 2 API changes, 1 breaking; WebSocket spec in the lock, but not found',
      'Product C: REST spec not in the lock',
      'Product D: REST spec not checked',
    ]);
    // A change is listed under its product's heading and nowhere else.
    const sections = text.split(/^(?=.+\n=+$)/m);
    expect(sections.map((section) => section.includes('schema Market.yes_bid'))).toEqual([false, true, false, false]);
    expect(sections[1]).toContain(
      [
        'WebSocket API (AsyncAPI): in the lock, but not found',
        `  locked 2.0.0, sha256 ${'d'.repeat(12)}, 2.0.0.yaml`,
        '  not in the specs folder',
      ].join('\n'),
    );
    expect(sections[2]).toContain(
      `REST API (OpenAPI): not in the lock\n  found 0.1.0, sha256 ${'c'.repeat(12)}, 0.1.0.yaml: 1 operation, 2 schemas\n`,
    );
    expect(sections[3]).toContain('REST API (OpenAPI): not checked\n  no live URL for it\n');
  });

  it('markdown: a heading per product, its specs one level below, each with an icon for how bad it is', () => {
    const headings = renderDrift(drifted, 'markdown')
      .split('\n')
      .filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '### 🟢 Product A: no API changes',
      '#### 🟢 REST API (OpenAPI): no API changes',
      '#### 🟢 WebSocket API (AsyncAPI): no API changes',
      '### 🔴 Product B: 2 API changes, 1 breaking; WebSocket spec in the lock, but not found',
      '#### 🔴 REST API (OpenAPI): 2 API changes, 1 breaking',
      '#### 🔴 WebSocket API (AsyncAPI): in the lock, but not found',
      '### 🟡 Product C: REST spec not in the lock',
      '#### 🟡 REST API (OpenAPI): not in the lock',
      '### ⚪ Product D: REST spec not checked',
      '#### ⚪ REST API (OpenAPI): not checked',
    ]);
  });

  it('json: products by id, each with its summary and counts, and its specs by kind with their status', () => {
    const parsed = JSON.parse(renderDrift(drifted, 'json'));
    expect(Object.keys(parsed.products)).toEqual(['a', 'b', 'c', 'd']);
    expect(parsed.products.b).toMatchObject({
      title: 'Product B',
      summary: '2 API changes, 1 breaking; WebSocket spec in the lock, but not found',
      counts: { breaking: 1, nonBreaking: 1, documentation: 0 },
    });
    expect(Object.keys(parsed.products.b.specs)).toEqual(['openapi', 'asyncapi']);
    expect(parsed.products.b.specs.openapi).toEqual({
      status: 'compared',
      ...JSON.parse(renderReport(report([breaking, benign]), 'json')),
    });
    expect(parsed.products.b.specs.asyncapi).toEqual(missing);
    expect(parsed.products.c.specs.openapi).toEqual(unlocked);
    expect(parsed.products.d).toMatchObject({ summary: 'REST spec not checked', specs: { openapi: notChecked } });
  });
});
