import type { Change, DriftReport } from '../diff/change.ts';
import type { ProductDrift, SpecDrift } from '../product-drift.ts';
import { countText, notes, productSummary, sideText, sizeText, specStatusText, specTitle } from './summary.ts';

/** A product for a terminal: its title and summary, underlined, then each of its specs. */
export function renderProductText(product: ProductDrift): string {
  const heading = `${product.product.title}: ${productSummary(product)}`;
  return [`${heading}\n${'='.repeat(heading.length)}\n`, ...product.specs.map(specText)].join('\n');
}

function specText(drift: SpecDrift): string {
  if (drift.status === 'compared') return renderText(drift.report);
  const detail =
    drift.status === 'unlocked'
      ? [`  found ${sideText(drift.to)}: ${sizeText(drift.size)}`]
      : drift.status === 'missing'
        ? [`  locked ${sideText(drift.from)}`, `  ${drift.reason}`]
        : [`  ${drift.reason}`];
  return `${[`${specTitle(drift)}: ${specStatusText(drift)}`, ...detail].join('\n')}\n`;
}

/** A report for a terminal: breaking changes first, then the rest, then documentation changes. */
export function renderText(report: DriftReport): string {
  const lines = [
    `${specTitle(report)}: ${countText(report)}`,
    `  from ${sideText(report.from)}`,
    `  to   ${sideText(report.to)}`,
    ...notes(report).map((n) => `  note: ${n}`),
  ];
  const breaking = report.changes.filter((c) => c.breaking);
  const other = report.changes.filter((c) => !c.breaking);
  if (breaking.length) lines.push('', `Breaking (${breaking.length}):`, ...breaking.map(changeLine));
  if (other.length) lines.push('', `Not breaking (${other.length}):`, ...other.map(changeLine));
  if (report.documentation.length) {
    lines.push('', `Documentation only (${report.documentation.length}, not API drift):`);
    lines.push(...report.documentation.map((d) => `  ${d.location}: ${d.message}`));
  }
  return `${lines.join('\n')}\n`;
}

function changeLine(change: Change): string {
  return `  ${change.location}: ${change.message} [${change.kind}]`;
}
