import type { Change, DriftReport, ReportSide } from '../diff/change.ts';
import { countText, notes, reportCounts, sourceText, specTitle } from './summary.ts';

/** A report for a CI job summary or a pull-request comment (GitHub-flavoured markdown). */
export function renderMarkdown(report: DriftReport): string {
  const counts = reportCounts(report);
  const icon = counts.breaking ? '🔴' : counts.nonBreaking ? '🟡' : '🟢';
  const side = ({ version, sha256, source }: ReportSide) =>
    `\`${version}\` (sha256 \`${sha256.slice(0, 12)}\`, ${code(sourceText(source))})`;
  const lines = [
    `### ${icon} ${specTitle(report)}: ${countText(report)}`,
    '',
    `From ${side(report.from)} to ${side(report.to)}.`,
    ...notes(report).map((n) => `\n> **Note:** ${escape(n)}`),
  ];
  if (report.changes.length) {
    const ordered = [...report.changes.filter((c) => c.breaking), ...report.changes.filter((c) => !c.breaking)];
    lines.push('', '| | Location | Change | Kind |', '|---|---|---|---|', ...ordered.map(row));
  }
  if (report.documentation.length) {
    lines.push(
      '',
      `<details><summary>Documentation only: ${report.documentation.length} change(s), not API drift</summary>`,
      '',
      ...report.documentation.map((d) => `- ${code(d.location)}: ${escape(d.message)}`),
      '',
      '</details>',
    );
  }
  return `${lines.join('\n')}\n`;
}

function row(change: Change): string {
  return `| ${change.breaking ? '**breaking**' : 'ok'} | ${code(change.location)} | ${escape(change.message)} | \`${change.kind}\` |`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
