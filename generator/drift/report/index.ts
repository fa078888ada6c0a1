import type { DriftReport } from '../diff/change.ts';
import type { ProductDrift } from '../product-drift.ts';
import { jsonProducts, jsonReport } from './json.ts';
import { renderMarkdown, renderProductMarkdown } from './markdown.ts';
import { renderProductText, renderText } from './text.ts';

export { renderMarkdown, renderProductMarkdown } from './markdown.ts';
export { renderProductText, renderText } from './text.ts';

export const REPORT_FORMATS = ['text', 'json', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `codegen diff`: one report. */
export function renderReport(report: DriftReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report);
    case 'text':
      return renderText(report);
  }
}

/** `codegen drift`: every product under its own heading, in the order given. */
export function renderDrift(products: readonly ProductDrift[], format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(jsonProducts(products), null, 2)}\n`;
    case 'markdown':
      return products.map(renderProductMarkdown).join('\n');
    case 'text':
      return products.map(renderProductText).join('\n');
  }
}
