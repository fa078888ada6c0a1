import type { DriftReport, ReportSide, ReportSource } from '../diff/change.ts';
import { displayPath } from '../lock/index.ts';

/** Wording and figures shared by the reports. */

export function specTitle(report: DriftReport): string {
  return report.spec === 'openapi' ? 'REST API (OpenAPI)' : 'WebSocket API (AsyncAPI)';
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

export function reportCounts(report: DriftReport): ReportCounts {
  const breaking = report.changes.filter((c) => c.breaking).length;
  return { breaking, nonBreaking: report.changes.length - breaking, documentation: report.documentation.length };
}

export function countText(report: DriftReport): string {
  const total = report.changes.length;
  if (total === 0) return 'no API changes';
  return `${total} API change${total === 1 ? '' : 's'}, ${reportCounts(report).breaking} breaking`;
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
