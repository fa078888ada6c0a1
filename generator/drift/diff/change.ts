import type { ApiKind } from '../surface/types.ts';

/**
 * Every kind of API change the engine reports. The part before the dot says what changed (an operation, a
 * parameter, a request body, a response, a field below one of those or below a schema, …), the part after it how.
 */
export const CHANGE_KINDS = [
  'operation.added',
  'operation.removed',
  'operation.moved',
  'pagination.changed',
  'parameter.added',
  'parameter.removed',
  'parameter.required-changed',
  'parameter.type-changed',
  'parameter.nullable-changed',
  'request.added',
  'request.removed',
  'request.required-changed',
  'request.type-changed',
  'request.nullable-changed',
  'response.added',
  'response.removed',
  'response.type-changed',
  'response.nullable-changed',
  'field.added',
  'field.removed',
  'field.required-changed',
  'field.type-changed',
  'field.nullable-changed',
  'enum.values-added',
  'enum.values-removed',
  'default.changed',
  'deprecation.changed',
  'schema.added',
  'schema.removed',
  'schema.type-changed',
  'schema.nullable-changed',
  'server.added',
  'server.removed',
  'security.changed',
  'security.scheme-added',
  'security.scheme-removed',
  'security.scheme-changed',
  'ws.channel-added',
  'ws.channel-removed',
  'ws.channel-changed',
  'ws.channel-message-added',
  'ws.channel-message-removed',
  'ws.message-added',
  'ws.message-removed',
  'ws.message-changed',
  'payload.type-changed',
  'payload.nullable-changed',
  'ws.error-code-added',
  'ws.error-code-removed',
  'ws.error-code-changed',
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Whether a change is an element appearing or vanishing (rather than an element changing). */
export function isAppearance(kind: ChangeKind): boolean {
  return /^(operation|parameter|request|response|field|schema|server|security\.scheme|ws\.(channel|message|error-code))[.-](added|removed)$/.test(
    kind,
  );
}

/** One API change between two specs. */
export interface Change {
  kind: ChangeKind;
  /** What changed, e.g. `GET /markets query.status`, `schema Market.yes_bid`, `channel ticker`. */
  location: string;
  /** Whether code written against the SDK built from the old spec can stop compiling or working. */
  breaking: boolean;
  /** One line for people. */
  message: string;
}

export type DocumentationChangeKind = 'documentation.added' | 'documentation.removed' | 'documentation.changed';

/** A change of descriptive text only: listed apart, never API drift. */
export interface DocumentationChange {
  kind: DocumentationChangeKind;
  location: string;
  message: string;
}

/** A spec file or URL. */
export interface SpecLocation {
  kind: 'file' | 'url';
  /** As given (a default spec is an absolute path); in a lock, relative to the repository root. */
  location: string;
}

/** Where one side of a comparison was read from: a spec, or the lock file that recorded one. */
export type ReportSource = SpecLocation | { kind: 'lock'; location: string; recordedFrom: SpecLocation };

/** The identity of one side of a comparison. */
export interface ReportSide {
  source: ReportSource;
  version: string;
  sha256: string;
}

export interface DriftReport {
  spec: ApiKind;
  from: ReportSide;
  to: ReportSide;
  /** API changes, sorted by location. */
  changes: Change[];
  /** Documentation-only changes, sorted by location. */
  documentation: DocumentationChange[];
}

/** How serious a report is, for `--fail-on`. */
export type FailOn = 'breaking' | 'any' | 'none';

export function reportFails(report: DriftReport, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  if (failOn === 'breaking') return report.changes.some((c) => c.breaking);
  return report.changes.length > 0;
}
