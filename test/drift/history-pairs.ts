/**
 * What the REST and WebSocket history tests share: every consecutive pair of one kind's captures, each spec loaded
 * and each report computed once, and the checks that read the same for both kinds. The expectations still come
 * from `history.ts`, which never uses the engine.
 */
import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { compareSurfaces, type Change, type DriftReport } from '../../generator/drift/diff/index.ts';
import { specSurface } from '../../generator/drift/spec.ts';
import type { SpecSurface } from '../../generator/drift/surface/types.ts';
import { loadSpec, type LoadedSpec } from '../../generator/load/index.ts';
import {
  added,
  expectedSchemaChanges,
  rawElement,
  removed,
  resolvedField,
  serverUrls,
  versionFiles,
  type Doc,
} from './history.ts';

export interface HistoryPair {
  from: string;
  to: string;
  name: string;
}

/** Loads one kind's history in a `beforeAll` of the calling test file. */
export function history(kind: 'openapi' | 'asyncapi') {
  const files = versionFiles(kind);
  const pairs: HistoryPair[] = files
    .slice(1)
    .map((to, i) => ({ from: files[i]!, to, name: `${basename(files[i]!)} → ${basename(to)}` }));
  const specs = new Map<string, { spec: LoadedSpec; surface: SpecSurface }>();
  const reports = new Map<string, DriftReport>();

  beforeAll(async () => {
    for (const file of files) {
      const spec = await loadSpec(file);
      specs.set(file, { spec, surface: await specSurface(spec) });
    }
    for (const { from, to } of pairs)
      reports.set(`${from}|${to}`, compareSurfaces(specs.get(from)!.surface, specs.get(to)!.surface));
  });

  return {
    files,
    pairs,
    pair(from: string, to: string): { a: Doc; b: Doc; report: DriftReport } {
      return {
        a: specs.get(from)!.spec.document,
        b: specs.get(to)!.spec.document,
        report: reports.get(`${from}|${to}`)!,
      };
    },
    report(from: string, to: string): DriftReport | undefined {
      return reports.get(`${from}|${to}`);
    },
    /** Every capture as loaded, with its surface, by file. */
    specs,
  };
}

/** The report's changes that `keep` selects, as `kind location` lines. */
export function changeLines(changes: Change[], keep: (c: Change) => boolean): Set<string> {
  return new Set(changes.filter(keep).map((c) => `${c.kind} ${c.location}`));
}

/** Checks that read the same for REST and WebSocket pairs: servers, schema-level changes, and nothing invented. */
export function sharedPairChecks(pair: () => { a: Doc; b: Doc; report: DriftReport }): void {
  it('reports exactly the server URLs added and removed', () => {
    const { a, b, report } = pair();
    const [before, after] = [serverUrls(a), serverUrls(b)];
    const expected = new Set([
      ...added(before, after).map((url) => `server.added server ${url}`),
      ...removed(before, after).map((url) => `server.removed server ${url}`),
    ]);
    expect(changeLines(report.changes, (c) => c.kind.startsWith('server.'))).toEqual(expected);
  });

  it('reports exactly the schemas, fields, requiredness and enum values that changed', () => {
    const { a, b, report } = pair();
    const { expected, checked } = expectedSchemaChanges(a, b, ['components', 'schemas']);
    const inChecked = (location: string) =>
      [...checked].some(
        (name) =>
          location === `schema ${name}` ||
          (location.startsWith(`schema ${name}`) && '.[{|&'.includes(location[`schema ${name}`.length]!)),
      );
    const actual = changeLines(
      report.changes,
      (c) =>
        c.kind === 'schema.added' ||
        c.kind === 'schema.removed' ||
        (/^(field\.(added|removed|required-changed)|enum\.values-(added|removed))$/.test(c.kind) &&
          inChecked(c.location)),
    );
    expect(actual).toEqual(expected);
  });

  it('invents nothing: every change names an element that differs between the two documents', () => {
    const { a, b, report } = pair();
    // Different in the element's own text, and different in what the named node means once every $ref is
    // followed: an inline schema becoming a $ref to the same content is no change, and a change of a schema is
    // not repeated at the schemas that use or extend it.
    const same = (read: (doc: Doc, location: string) => unknown, location: string) => {
      const [before, after] = [read(a, location), read(b, location)];
      return before !== null && after !== null && isDeepStrictEqual(before, after);
    };
    const invented = report.changes.filter((c) => same(rawElement, c.location) || same(resolvedField, c.location));
    expect(invented.map((c) => `${c.kind} ${c.location}: ${c.message}`)).toEqual([]);
  });
}
