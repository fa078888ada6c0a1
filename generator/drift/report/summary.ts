import type { DriftReport, ReportSide } from '../diff/change.ts';

/** Wording shared by the text and markdown reports. */

export function specTitle(report: DriftReport): string {
  return report.spec === 'openapi' ? 'REST API (OpenAPI)' : 'WebSocket API (AsyncAPI)';
}

export function sideText(side: ReportSide): string {
  return `${side.version}, sha256 ${side.sha256.slice(0, 12)}, ${side.source}`;
}

export function countText(report: DriftReport): string {
  const total = report.changes.length;
  if (total === 0) return 'no API changes';
  const breaking = report.changes.filter((c) => c.breaking).length;
  return `${total} API change${total === 1 ? '' : 's'}, ${breaking} breaking`;
}

/**
 * Notes about the two sides that people tend to miss: a spec republished under the same version number with
 * other content, or different bytes with the same API.
 */
export function notes(report: DriftReport): string[] {
  const out: string[] = [];
  const sameBytes = report.from.sha256 === report.to.sha256;
  if (!sameBytes && report.from.version === report.to.version) {
    out.push(`same info.version ${report.to.version} but different content (sha256 differs)`);
  }
  if (!sameBytes && report.changes.length === 0) {
    out.push(
      report.documentation.length
        ? 'the bytes differ but only documentation changed'
        : 'the bytes differ but neither the API nor its documentation changed (layout only)',
    );
  }
  return out;
}
