/**
 * The drift engine on Kalshi's real WebSocket history (every capture says `info.version: 2.0.0`): for every
 * consecutive pair, exactly the messages, channels, error codes, schemas and fields an independent walk finds;
 * nothing reported that does not differ; layout-only captures give nothing, description-only captures give
 * documentation changes and no API change.
 */
import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../generator/drift/diff/index.ts';
import { changeLines, history, sharedPairChecks } from './history-pairs.ts';
import { added, channelNames, errorCodes, messageKeys, removed, sameApi, withoutProse } from './history.ts';

const { files, pairs, pair, specs, report: reportOf } = history('asyncapi');
const lines = changeLines;

function reportInto(date: string): DriftReport {
  const i = pairs.findIndex((p) => basename(p.to) === `${date}.yaml`);
  if (i < 0) throw new Error(`the WebSocket history no longer has a capture of ${date} with one before it`);
  return reportOf(pairs[i]!.from, pairs[i]!.to)!;
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
      ...[...codesAfter]
        .filter(([k, name]) => codesBefore.has(k) && codesBefore.get(k) !== name)
        .map(([k]) => `ws.error-code-changed error code ${k}`),
    ]);
    expect(
      lines(report.changes, (c) =>
        /^ws\.(message|channel|error-code)-(added|removed)$|^ws\.error-code-changed$/.test(c.kind),
      ),
    ).toEqual(expected);
  });

  sharedPairChecks(() => pair(from, to));

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
      if (isDeepStrictEqual(a, b))
        return specs.get(from)!.spec.sha256 === specs.get(to)!.spec.sha256 ? 'identical' : 'layout';
      return isDeepStrictEqual(withoutProse(a), withoutProse(b)) ? 'description' : 'api';
    });
    expect(kinds).toContain('layout');
    expect(kinds).toContain('description');
    expect(new Set([...specs.values()].map((s) => s.surface.stamp.version)).size).toBe(1);
  });

  it('the same version number with different content is detected', () => {
    const report = reportInto('2026-01-24');
    expect(report.from.version).toBe(report.to.version);
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'ws.channel-added', location: 'channel order_group_updates', breaking: false }),
    );
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'ws.message-added', location: 'message orderGroupUpdates', breaking: false }),
    );
  });

  it('removing a channel breaks, and so does removing the value clients send to subscribe to it', () => {
    const report = reportInto('2026-02-13');
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'ws.channel-removed', location: 'channel ticker_v2', breaking: true }),
    );
    const subscribe = report.changes.find(
      (c) => c.kind === 'enum.values-removed' && c.location.startsWith('schema subscribeCommandPayload.'),
    );
    expect(subscribe).toMatchObject({ breaking: true });
    expect(subscribe!.message).toContain('ticker_v2');
  });

  it('a new server enum value is not breaking but tells readers to handle it', () => {
    const report = reportInto('2026-03-25');
    const change = report.changes.find(
      (c) => c.kind === 'enum.values-added' && c.location === 'schema marketLifecycleV2Payload.msg.event_type',
    );
    expect(change).toMatchObject({ breaking: false });
    expect(change!.message).toMatch(/handle the new values/);
  });

  it('a required field added to a server message is not breaking; the same added to a client command would be', () => {
    const report = reportInto('2026-02-12');
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'field.added', location: 'schema tickerPayload.msg.time', breaking: false }),
    );
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        kind: 'field.added',
        location: 'schema subscribeCommandPayload.params.skip_ticker_ack',
        breaking: false,
      }),
    );
  });
});
