import type { DriftReport } from '../diff/change.ts';
import type { ProductDrift } from '../product-drift.ts';
import {
  driftKind,
  notes,
  productCounts,
  productSummary,
  reportCounts,
  sameVersionDifferentContent,
} from './summary.ts';

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

/**
 * `codegen drift` for programs: `{ products: { <id>: { title, summary, counts, specs: { openapi, asyncapi } } } }`,
 * each spec with its `status` and, when compared, the report (docs/drift.md).
 */
export function jsonProducts(products: readonly ProductDrift[]) {
  return {
    products: Object.fromEntries(
      products.map((p) => [
        p.product.id,
        {
          title: p.product.title,
          summary: productSummary(p),
          counts: productCounts(p),
          specs: Object.fromEntries(
            p.specs.map((s) => [
              driftKind(s),
              s.status === 'compared' ? { status: s.status, ...jsonReport(s.report) } : s,
            ]),
          ),
        },
      ]),
    ),
  };
}
