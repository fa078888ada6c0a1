/**
 * The drift engine on Kalshi's real WebSocket history (every capture says `info.version: 2.0.0`): for every
 * consecutive pair, exactly the messages, channels, error codes, schemas and fields an independent walk finds;
 * nothing reported that does not differ; layout-only captures give nothing, description-only captures give
 * documentation changes and no API change.
 */
import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareSurfaces, type Change, type DriftReport } from '../../generator/drift/diff/index.ts';
import { specSurface } from '../../generator/drift/spec.ts';
import type { SpecSurface } from '../../generator/drift/surface/types.ts';
import { loadSpec, type LoadedSpec } from '../../generator/load/index.ts';
import {
  added,
  channelNames,
  errorCodes,
  expectedSchemaChanges,
  messageKeys,
  rawElement,
  removed,
  sameApi,
  versionFiles,
  withoutProse,
} from './history.ts';

const files = versionFiles('asyncapi');
const pairs = files.slice(1).map((to, i) => ({ from: files[i]!, to, name: `${basename(files[i]!)} → ${basename(to)}` }));
const specs = new Map<string, { spec: LoadedSpec; surface: SpecSurface }>();
const reports = new Map<string, DriftReport>();

beforeAll(async () => {
  for (const file of files) {
    const spec = await loadSpec(file);
    specs.set(file, { spec, surface: await specSurface(spec) });
  }
  for (const { from, to } of pairs) reports.set(`${from}|${to}`, compareSurfaces(specs.get(from)!.surface, specs.get(to)!.surface));
});

function pair(from: string, to: string) {
  return { a: specs.get(from)!.spec.document, b: specs.get(to)!.spec.document, report: reports.get(`${from}|${to}`)! };
}

const lines = (changes: Change[], keep: (c: Change) => boolean) => new Set(changes.filter(keep).map((c) => `${c.kind} ${c.location}`));

function reportInto(date: string): DriftReport {
  const i = pairs.findIndex((p) => basename(p.to) === `${date}.yaml`);
  if (i < 0) throw new Error(`the WebSocket history no longer has a capture of ${date} with one before it`);
  return reports.get(`${pairs[i]!.from}|${pairs[i]!.to}`)!;
}

it('reads the whole WebSocket history, oldest first', () => {
  expect(files.length).toBeGreaterThanOrEqual(29);
  expect(files.map((f) => basename(f))).toEqual(files.map((f) => basename(f)).sort());
});

describe.each(pairs)('$name', ({ from, to }) => {
  it('reports exactly the messages, channels and error codes added, removed or renamed', () => {
    const { a, b, report } = pair(from, to);
    const [codesBefore, codesAfter] = [errorCodes(a), errorCodes(b)];
    const expected = new Set([
      ...added(messageKeys(a), messageKeys(b)).map((k) => `ws.message-added message ${k}`),
      ...removed(messageKeys(a), messageKeys(b)).map((k) => `ws.message-removed message ${k}`),
      ...added(channelNames(a), channelNames(b)).map((k) => `ws.channel-added channel ${k}`),
      ...removed(channelNames(a), channelNames(b)).map((k) => `ws.channel-removed channel ${k}`),
      ...added(codesBefore, codesAfter).map((k) => `ws.error-code-added error code ${k}`),
      ...removed(codesBefore, codesAfter).map((k) => `ws.error-code-removed error code ${k}`),
      ...[...codesAfter].filter(([k, name]) => codesBefore.has(k) && codesBefore.get(k) !== name).map(([k]) => `ws.error-code-changed error code ${k}`),
    ]);
    expect(lines(report.changes, (c) => /^ws\.(message|channel|error-code)-(added|removed)$|^ws\.error-code-changed$/.test(c.kind))).toEqual(expected);
  });

  it('reports exactly the schemas, fields, requiredness and enum values that changed', () => {
    const { a, b, report } = pair(from, to);
    const { expected, checked } = expectedSchemaChanges(a, b, ['components', 'schemas']);
    const inChecked = (location: string) =>
      [...checked].some((name) => location === `schema ${name}` || (location.startsWith(`schema ${name}`) && '.[{|&'.includes(location[`schema ${name}`.length]!)));
    const actual = lines(
      report.changes,
      (c) =>
        c.kind === 'schema.added' ||
        c.kind === 'schema.removed' ||
        (/^(field\.(added|removed|required-changed)|enum\.values-(added|removed))$/.test(c.kind) && inChecked(c.location)),
    );
    expect(actual).toEqual(expected);
  });

  it('invents nothing: every change names an element that differs between the two documents', () => {
    const { a, b, report } = pair(from, to);
    const invented = report.changes.filter((c) => isDeepStrictEqual(rawElement(a, c.location), rawElement(b, c.location)));
    expect(invented).toEqual([]);
  });

  it('layout-only captures give nothing; description-only captures give documentation changes and no API change', () => {
    const { a, b, report } = pair(from, to);
    if (isDeepStrictEqual(a, b)) {
      expect(report.changes).toEqual([]);
      expect(report.documentation).toEqual([]);
    } else if (isDeepStrictEqual(withoutProse(a), withoutProse(b))) {
      expect(report.changes).toEqual([]);
      expect(report.documentation.length).toBeGreaterThan(0);
    } else if (sameApi(a, b)) {
      expect(report.changes).toEqual([]);
    }
  });
});

describe('known facts of the WebSocket history', () => {
  it('has layout-only and description-only captures (so the checks above are not vacuous), all under one info.version', () => {
    const kinds = pairs.map(({ from, to }) => {
      const { a, b } = pair(from, to);
      if (isDeepStrictEqual(a, b)) return specs.get(from)!.spec.sha256 === specs.get(to)!.spec.sha256 ? 'identical' : 'layout';
      return isDeepStrictEqual(withoutProse(a), withoutProse(b)) ? 'description' : 'api';
    });
    expect(kinds).toContain('layout');
    expect(kinds).toContain('description');
    expect(new Set([...specs.values()].map((s) => s.surface.stamp.version)).size).toBe(1);
  });

  it('the same version number with different content is detected', () => {
    const report = reportInto('2026-01-24');
    expect(report.from.version).toBe(report.to.version);
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: 'ws.channel-added', location: 'channel order_group_updates', breaking: false }));
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: 'ws.message-added', location: 'message orderGroupUpdates', breaking: false }));
  });

  it('removing a channel breaks, and so does removing the value clients send to subscribe to it', () => {
    const report = reportInto('2026-02-13');
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: 'ws.channel-removed', location: 'channel ticker_v2', breaking: true }));
    const subscribe = report.changes.find((c) => c.kind === 'enum.values-removed' && c.location.startsWith('schema subscribeCommandPayload.'));
    expect(subscribe).toMatchObject({ breaking: true });
    expect(subscribe!.message).toContain('ticker_v2');
  });

  it('a new server enum value is not breaking but tells readers to handle it', () => {
    const report = reportInto('2026-03-25');
    const change = report.changes.find((c) => c.kind === 'enum.values-added' && c.location === 'schema marketLifecycleV2Payload.msg.event_type');
    expect(change).toMatchObject({ breaking: false });
    expect(change!.message).toMatch(/handle the new values/);
  });

  it('a required field added to a server message is not breaking; the same added to a client command would be', () => {
    const report = reportInto('2026-02-12');
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: 'field.added', location: 'schema tickerPayload.msg.time', breaking: false }));
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'field.added', location: 'schema subscribeCommandPayload.params.skip_ticker_ack', breaking: false }),
    );
  });
});
