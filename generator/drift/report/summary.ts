import type { DriftReport, ReportSide, ReportSource } from '../diff/change.ts';
import { displayPath } from '../lock/index.ts';
import { specFails, type ProductDrift, type SpecDrift } from '../product-drift.ts';
import type { ApiKind } from '../surface/types.ts';

/** Wording and figures shared by the reports. */

export function specTitle({ spec }: { spec: ApiKind }): string {
  return spec === 'openapi' ? 'REST API (OpenAPI)' : 'WebSocket API (AsyncAPI)';
}

/** The kind of spec a product's entry is about. */
export function driftKind(drift: SpecDrift): ApiKind {
  return drift.status === 'compared' ? drift.report.spec : drift.spec;
}

export function sourceText(source: ReportSource): string {
  return source.kind === 'lock'
    ? `lock ${displayPath(source.location)} (recorded from ${source.recordedFrom.location})`
    : source.location;
}

export function sideText(side: ReportSide): string {
  return `${side.version}, sha256 ${side.sha256.slice(0, 12)}, ${sourceText(side.source)}`;
}

export interface ReportCounts {
  breaking: number;
  nonBreaking: number;
  documentation: number;
}

export function reportCounts(report: Pick<DriftReport, 'changes' | 'documentation'>): ReportCounts {
  const breaking = report.changes.filter((c) => c.breaking).length;
  return { breaking, nonBreaking: report.changes.length - breaking, documentation: report.documentation.length };
}

export function countText(report: Pick<DriftReport, 'changes'>): string {
  const total = report.changes.length;
  if (total === 0) return 'no API changes';
  return `${total} API change${total === 1 ? '' : 's'}, ${report.changes.filter((c) => c.breaking).length} breaking`;
}

/** The changes of a product's compared specs, all together. */
function productChanges(product: ProductDrift): Pick<DriftReport, 'changes' | 'documentation'> {
  const reports = product.specs.flatMap((s) => (s.status === 'compared' ? [s.report] : []));
  return { changes: reports.flatMap((r) => r.changes), documentation: reports.flatMap((r) => r.documentation) };
}

/** The counts of a product's compared specs, summed. */
export function productCounts(product: ProductDrift): ReportCounts {
  return reportCounts(productChanges(product));
}

const STATUS_TEXT = {
  unlocked: 'not in the lock',
  missing: 'in the lock, but not found',
  'not-checked': 'not checked',
} as const;

/** What became of one spec: its changes, or why it was not compared. */
export function specStatusText(drift: SpecDrift): string {
  return drift.status === 'compared' ? countText(drift.report) : STATUS_TEXT[drift.status];
}

/**
 * A product's line: the changes of the specs compared, then the specs that were not, by status
 * (`2 API changes, 1 breaking; WebSocket spec not in the lock`).
 */
export function productSummary(product: ProductDrift): string {
  const parts = product.specs.some((s) => s.status === 'compared') ? [countText(productChanges(product))] : [];
  for (const status of ['missing', 'unlocked', 'not-checked'] as const) {
    const kinds = product.specs.filter((s) => s.status === status).map((s) => KIND_NAME[driftKind(s)]);
    if (kinds.length) parts.push(`${kinds.join(' and ')} spec${kinds.length > 1 ? 's' : ''} ${STATUS_TEXT[status]}`);
  }
  return parts.join('; ');
}

const KIND_NAME: Record<ApiKind, string> = { openapi: 'REST', asyncapi: 'WebSocket' };

/** How much API a spec not in the lock brings: `10 operations, 12 schemas`. */
export function sizeText(size: Record<string, number>): string {
  return Object.entries(size)
    .map(([what, count]) => `${count} ${count === 1 ? what.replace(/s$/, '') : what}`)
    .join(', ');
}

/** The worst of some specs' drift, for an icon: breaking, other drift, nothing, or nothing checked. */
export function severity(specs: readonly SpecDrift[]): 'breaking' | 'drift' | 'none' | 'not-checked' {
  if (specs.some((s) => specFails(s, 'breaking'))) return 'breaking';
  if (specs.some((s) => specFails(s, 'any'))) return 'drift';
  return specs.every((s) => s.status === 'not-checked') ? 'not-checked' : 'none';
}

/** A spec republished under the same `info.version` with other content, which people tend to miss. */
export function sameVersionDifferentContent(report: DriftReport): boolean {
  return report.from.sha256 !== report.to.sha256 && report.from.version === report.to.version;
}

/**
 * Notes about the two sides that people tend to miss: a spec republished under the same version number with
 * other content, or different bytes with the same API.
 */
export function notes(report: DriftReport): string[] {
  const out: string[] = [];
  if (sameVersionDifferentContent(report)) {
    out.push(`same info.version ${report.to.version} but different content (sha256 differs)`);
  }
  const sameBytes = report.from.sha256 === report.to.sha256;
  if (!sameBytes && report.changes.length === 0) {
    out.push(
      report.documentation.length
        ? 'the bytes differ but only documentation changed'
        : 'the bytes differ but neither the API nor its documentation changed (layout only)',
    );
  }
  return out;
}
