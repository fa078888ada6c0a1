import type { DriftReport } from '../diff/change.ts';
import { notes, reportCounts, sameVersionDifferentContent } from './summary.ts';

/** A report for programs: the report with the counts and notes the text report prints (docs/drift.md). */
export function jsonReport(report: DriftReport) {
  return {
    spec: report.spec,
    from: report.from,
    to: report.to,
    counts: reportCounts(report),
    sameVersionDifferentContent: sameVersionDifferentContent(report),
    notes: notes(report),
    changes: report.changes,
    documentation: report.documentation,
  };
}
