import type { Change, DriftReport, ReportSide } from '../diff/change.ts';
import type { ProductDrift, SpecDrift } from '../product-drift.ts';
import {
  countText,
  notes,
  productSummary,
  severity,
  sizeText,
  sourceText,
  specStatusText,
  specTitle,
} from './summary.ts';

const ICONS = { breaking: '🔴', drift: '🟡', none: '🟢', 'not-checked': '⚪' } as const;

/** A product for a CI job summary: its title and summary as a heading, then each of its specs one level below. */
export function renderProductMarkdown(product: ProductDrift): string {
  const heading = `### ${ICONS[severity(product.specs)]} ${product.product.title}: ${productSummary(product)}\n`;
  return [heading, ...product.specs.map(specMarkdown)].join('\n');
}

function specMarkdown(drift: SpecDrift): string {
  if (drift.status === 'compared') return renderMarkdown(drift.report, '####');
  const detail =
    drift.status === 'unlocked'
      ? `Found ${side(drift.to)}: ${sizeText(drift.size)}.`
      : drift.status === 'missing'
        ? `Locked ${side(drift.from)}; ${escape(drift.reason)}.`
        : `${escape(drift.reason)}.`;
  return `#### ${ICONS[severity([drift])]} ${specTitle(drift)}: ${specStatusText(drift)}\n\n${detail}\n`;
}

/**
 * A report for a CI job summary or a pull-request comment (GitHub-flavoured markdown), under a heading of the
 * given level (`codegen drift` puts it below its product's).
 */
export function renderMarkdown(report: DriftReport, heading = '###'): string {
  const lines = [
    `${heading} ${ICONS[severity([{ status: 'compared', report }])]} ${specTitle(report)}: ${countText(report)}`,
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

function side({ version, sha256, source }: ReportSide): string {
  return `\`${version}\` (sha256 \`${sha256.slice(0, 12)}\`, ${code(sourceText(source))})`;
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
