import type { Change, DriftReport } from '../diff/change.ts';
import { countText, notes, sideText, specTitle } from './summary.ts';

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
