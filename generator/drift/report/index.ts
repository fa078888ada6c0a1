import type { DriftReport } from '../diff/change.ts';
import { jsonReport } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderText } from './text.ts';

export { renderMarkdown } from './markdown.ts';
export { renderText } from './text.ts';

export const REPORT_FORMATS = ['text', 'json', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Renders one report or several (drift compares the REST and the WebSocket spec). JSON is one report object, or
 * for several an object keyed by spec kind: `{ "openapi": {...}, "asyncapi": {...} }`.
 */
export function renderReports(reports: DriftReport[], format: ReportFormat): string {
  switch (format) {
    case 'json': {
      const value =
        reports.length === 1
          ? jsonReport(reports[0]!)
          : Object.fromEntries(reports.map((r) => [r.spec, jsonReport(r)]));
      return `${JSON.stringify(value, null, 2)}\n`;
    }
    case 'markdown':
      return reports.map(renderMarkdown).join('\n');
    case 'text':
      return reports.map(renderText).join('\n');
  }
}
