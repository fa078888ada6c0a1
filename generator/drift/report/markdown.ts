import type { Change, DriftReport } from '../diff/change.ts';
import { countText, notes, specTitle } from './summary.ts';

/** A report for a CI job summary or a pull-request comment (GitHub-flavoured markdown). */
export function renderMarkdown(report: DriftReport): string {
  const breaking = report.changes.filter((c) => c.breaking).length;
  const icon = breaking ? '🔴' : report.changes.length ? '🟡' : '🟢';
  const lines = [
    `### ${icon} ${specTitle(report)}: ${countText(report)}`,
    '',
    `From \`${report.from.version}\` (sha256 \`${report.from.sha256.slice(0, 12)}\`, ${code(report.from.source)}) ` +
      `to \`${report.to.version}\` (sha256 \`${report.to.sha256.slice(0, 12)}\`, ${code(report.to.source)}).`,
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
