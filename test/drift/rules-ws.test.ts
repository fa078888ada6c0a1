/**
 * The WebSocket diff engine on small models, one change at a time. Client commands are input (the client sends
 * them), server messages output (the client reads them); the breaking rule follows (docs/drift.md).
 */
import { describe, expect, it } from 'vitest';
import { compareSurfaces, type Change } from '../../generator/drift/diff/index.ts';
import { specSurface } from '../../generator/drift/spec.ts';
import type { WsSpecSurface } from '../../generator/drift/surface/types.ts';
import { wsSurface } from '../../generator/drift/surface/ws.ts';
import type { PropertyModel, TypeModel, WsModel } from '../../generator/model/types.ts';
import { syntheticSpec } from '../ws/synthetic-spec.ts';

const prop = (name: string, type: TypeModel, required = true): PropertyModel => ({ name, required, type });
const object = (...properties: PropertyModel[]): TypeModel => ({ kind: 'object', properties });
const literal = (value: string): TypeModel => ({ kind: 'literal', value });
const ref = (schema: string): TypeModel => ({ kind: 'ref', schema });

function model(): WsModel {
  return {
    spec: { location: 'asyncapi.yaml', sha256: '0'.repeat(64), title: 'WS', version: '2.0.0' },
    servers: ['wss://example.test/ws'],
    schemas: [
      {
        specName: 'subscribeCommandPayload',
        type: object(
          prop('id', { kind: 'number', integer: true }),
          prop('cmd', literal('subscribe')),
          prop(
            'params',
            object(prop('channels', { kind: 'array', items: { kind: 'enum', values: ['ticker', 'trade'] } })),
          ),
        ),
      },
      {
        specName: 'tickerPayload',
        type: object(
          prop('type', literal('ticker')),
          prop('sid', { kind: 'number', integer: true }),
          prop('msg', object(prop('price', { kind: 'string' }))),
        ),
      },
      {
        specName: 'errorPayload',
        type: object(
          prop('type', literal('error')),
          prop('msg', object(prop('code', { kind: 'number', integer: true }))),
        ),
      },
    ],
    messages: [
      message('subscribeCommand', 'subscribe', 'client', 'subscribeCommandPayload', {
        field: 'cmd',
        values: ['subscribe'],
      }),
      message('ticker', 'ticker', 'server', 'tickerPayload', { field: 'type', values: ['ticker'] }),
      message('errorResponse', 'error', 'server', 'errorPayload', { field: 'type', values: ['error'] }),
    ],
    channels: [
      { name: 'root', address: '/', messages: ['subscribeCommand', 'errorResponse'] },
      { name: 'ticker', address: 'ticker', messages: ['ticker'] },
    ],
    errorCodes: [
      { code: 1, name: 'Unable to process message' },
      { code: 2, name: 'Params required' },
    ],
  };
}

function message(
  key: string,
  name: string,
  direction: 'client' | 'server',
  schema: string,
  discriminator: { field: string; values: string[] },
) {
  return { key, name, direction, contentType: 'application/json', payload: ref(schema), discriminator };
}

function surface(m: WsModel): WsSpecSurface {
  return {
    kind: 'asyncapi',
    stamp: { source: 'test', version: m.spec.version, sha256: m.spec.sha256 },
    surface: wsSurface(m),
  };
}

function changes(change: (m: WsModel) => void): Change[] {
  const from = model();
  const to = structuredClone(from);
  change(to);
  return compareSurfaces(surface(from), surface(to)).changes;
}

function only(change: (m: WsModel) => void): Change {
  const list = changes(change);
  expect(
    list.map((c) => `${c.kind} ${c.location}: ${c.message}`),
    'expected exactly one change',
  ).toHaveLength(1);
  return list[0]!;
}

const schema = (m: WsModel, specName: string) => m.schemas.find((s) => s.specName === specName)!;
const fields = (t: TypeModel) => (t.kind === 'object' ? t.properties : []);

describe('WebSocket drift', () => {
  it('channels: added is not breaking; removed, or no longer carrying a message, is', () => {
    expect(only((m) => m.channels.push({ name: 'trade', address: 'trade', messages: ['ticker'] }))).toMatchObject({
      kind: 'ws.channel-added',
      location: 'channel trade',
      breaking: false,
    });
    expect(only((m) => m.channels.pop())).toMatchObject({
      kind: 'ws.channel-removed',
      location: 'channel ticker',
      breaking: true,
    });
    expect(only((m) => (m.channels[0]!.messages = ['subscribeCommand']))).toMatchObject({
      kind: 'ws.channel-message-removed',
      breaking: true,
    });
    expect(only((m) => m.channels[1]!.messages.push('errorResponse'))).toMatchObject({
      kind: 'ws.channel-message-added',
      breaking: false,
    });
    expect(only((m) => (m.channels[1]!.address = 'ticker_v1'))).toMatchObject({
      kind: 'ws.channel-changed',
      breaking: false,
    });
  });

  it('messages: added is not breaking; removed, or renamed on the wire, is', () => {
    expect(only((m) => m.messages.splice(1, 1))).toMatchObject({
      kind: 'ws.message-removed',
      location: 'message ticker',
      breaking: true,
    });
    const renamed = changes((m) => {
      m.messages[1]!.discriminator = { field: 'type', values: ['ticker_v2'] };
      fields(schema(m, 'tickerPayload').type)[0]!.type = literal('ticker_v2');
    });
    expect(renamed).toContainEqual(
      expect.objectContaining({ kind: 'ws.message-changed', location: 'message ticker', breaking: true }),
    );
    expect(renamed).toContainEqual(
      expect.objectContaining({
        kind: 'field.type-changed',
        location: 'schema tickerPayload.type',
        message: 'field type changed from "ticker" to "ticker_v2"',
      }),
    );
  });

  it('a required field added breaks a client command but not a server message', () => {
    const command = only((m) =>
      fields(schema(m, 'subscribeCommandPayload').type).push(prop('token', { kind: 'string' })),
    );
    expect(command).toMatchObject({
      kind: 'field.added',
      location: 'schema subscribeCommandPayload.token',
      breaking: true,
    });
    const server = only((m) => {
      const msg = fields(schema(m, 'tickerPayload').type)[2]!.type;
      fields(msg).push(prop('time', { kind: 'string', format: 'date-time' }));
    });
    expect(server).toMatchObject({ kind: 'field.added', location: 'schema tickerPayload.msg.time', breaking: false });
  });

  it('a channel name clients may no longer send is breaking; a new one is not', () => {
    const channels = (m: WsModel) => {
      const params = fields(schema(m, 'subscribeCommandPayload').type)[2]!.type;
      const list = fields(params)[0]!.type;
      if (list.kind !== 'array' || list.items.kind !== 'enum') throw new Error('test model changed');
      return list.items.values;
    };
    expect(only((m) => channels(m).pop())).toMatchObject({
      kind: 'enum.values-removed',
      location: 'schema subscribeCommandPayload.params.channels[]',
      breaking: true,
      message: 'enum values removed: trade',
    });
    expect(only((m) => channels(m).push('fill'))).toMatchObject({ kind: 'enum.values-added', breaking: false });
  });

  it('a server URL removed is breaking (the SDK connects to it), one added is not', () => {
    const moved = changes((m) => (m.servers = ['wss://example.test/ws/v3']));
    expect(moved).toEqual([
      expect.objectContaining({ kind: 'server.removed', location: 'server wss://example.test/ws', breaking: true }),
      expect.objectContaining({ kind: 'server.added', location: 'server wss://example.test/ws/v3', breaking: false }),
    ]);
  });

  it('error codes: added and renamed are not breaking, removed is', () => {
    expect(only((m) => m.errorCodes.push({ code: 3, name: 'Channels required' }))).toMatchObject({
      kind: 'ws.error-code-added',
      location: 'error code 3',
      breaking: false,
    });
    expect(only((m) => m.errorCodes.pop())).toMatchObject({
      kind: 'ws.error-code-removed',
      location: 'error code 2',
      breaking: true,
    });
    expect(only((m) => (m.errorCodes[0]!.name = 'Bad message'))).toMatchObject({
      kind: 'ws.error-code-changed',
      breaking: false,
    });
  });

  it('a description of an error code or a channel is documentation', () => {
    const from = model();
    const to = structuredClone(from);
    to.errorCodes[0]!.description = 'General processing error';
    to.channels[1]!.description = 'Price updates';
    const report = compareSurfaces(surface(from), surface(to));
    expect(report.changes).toEqual([]);
    expect(report.documentation.map((d) => `${d.kind} ${d.location}`)).toEqual([
      'documentation.added channel ticker',
      'documentation.added error code 1',
    ]);
  });

  describe('a payload that extends another through allOf (tickSnapshotPayload: headlinePayload with its own type)', () => {
    const schemas = (doc: Record<string, any>) => doc.components.schemas;
    const diffSynthetic = async (from: (doc: Record<string, any>) => void, to: (doc: Record<string, any>) => void) =>
      compareSurfaces(await specSurface(syntheticSpec(from)), await specSurface(syntheticSpec(to))).changes;

    it('a change of the extended payload is reported once, at the schema that changed', async () => {
      const list = await diffSynthetic(
        () => {},
        (doc) => {
          const msg = schemas(doc).headlinePayload.properties.msg;
          msg.properties.source = { type: 'string' };
          msg.properties.text.enum = ['a', 'b'];
          delete schemas(doc).headlinePayload.properties.sid;
        },
      );
      expect(list.map((c) => `${c.kind} ${c.location}`)).toEqual([
        'field.added schema headlinePayload.msg.source',
        'field.type-changed schema headlinePayload.msg.text',
        'field.removed schema headlinePayload.sid',
      ]);
    });

    it('what the extending payload declares itself is reported there', async () => {
      const list = await diffSynthetic(
        () => {},
        (doc) => (schemas(doc).tickSnapshotPayload.allOf[1].properties.type.const = 'snapshot'),
      );
      expect(list).toContainEqual(
        expect.objectContaining({
          kind: 'field.type-changed',
          location: 'schema tickSnapshotPayload.type',
          message: 'field type changed from "tick_snapshot" to "snapshot"',
        }),
      );
      expect(list.filter((c) => c.location.startsWith('schema headlinePayload'))).toEqual([]);
    });

    it('against a full copy (as an older lock holds it), a change of the extended payload is still reported once', async () => {
      const from = await specSurface(
        syntheticSpec((doc) => {
          schemas(doc).headlinePayload.properties.msg.properties.text.description = 'The headline';
          const copy = structuredClone(schemas(doc).headlinePayload);
          copy.required.push('seq');
          copy.properties.type.const = 'tick_snapshot';
          copy.properties.seq = { type: 'integer' };
          schemas(doc).tickSnapshotPayload = copy;
        }),
      );
      const to = await specSurface(
        syntheticSpec((doc) => {
          schemas(doc).headlinePayload.properties.msg.properties.text.description = 'The headline';
          schemas(doc).headlinePayload.properties.msg.properties.source = { type: 'string' };
        }),
      );
      const report = compareSurfaces(from, to);
      expect(report.changes.map((c) => `${c.kind} ${c.location}`)).toEqual([
        'field.added schema headlinePayload.msg.source',
      ]);
      // The copy's descriptions are the extended payload's, which still has them.
      expect(report.documentation).toEqual([]);
    });

    it('written out in full or as allOf, the same payload is no change', async () => {
      const list = await diffSynthetic(
        (doc) => {
          const base = structuredClone(schemas(doc).headlinePayload);
          base.required.push('seq');
          base.properties.type.const = 'tick_snapshot';
          base.properties.seq = { type: 'integer' };
          schemas(doc).tickSnapshotPayload = base;
        },
        () => {},
      );
      expect(list).toEqual([]);
    });
  });
});
