/**
 * Contract tests: every assumption the hand-written runtime makes about Kalshi's API, checked against the spec in
 * hand. When Kalshi changes one of these, a test fails naming what changed, before an SDK built on the old
 * assumption reaches anyone. What the spec adds (a command, an error code, a channel) breaks no assumption and
 * fails nothing here: comparing the spec with the lock is the drift step's job (`codegen drift`), done once.
 *
 * The runtime's assumptions are read from the runtime itself (its exported constants, the commands its WebSocket
 * client sends), never restated here.
 */
import { readFile, readdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI } from '../../generator/defaults.ts';
import { loadSpecSurface } from '../../generator/drift/spec.ts';
import type { RestSurface, WsSurface } from '../../generator/drift/surface/types.ts';
import { buildEnvironments } from '../../generator/model/environments.ts';
import { ACCESS_KEY_HEADER, ACCESS_SIGNATURE_HEADER, ACCESS_TIMESTAMP_HEADER } from '../../templates/runtime/signer.js';

const SIGNING_HEADERS = [ACCESS_KEY_HEADER, ACCESS_SIGNATURE_HEADER, ACCESS_TIMESTAMP_HEADER].sort();
const WS_CLIENT_DIR = new URL('../../templates/ws/', import.meta.url);

/**
 * The commands the WebSocket client sends by name (`….send('subscribe', …)`), and the frame types it branches on,
 * in any of its modules.
 */
async function wsRuntimeNames(): Promise<{ commands: string[]; serverTypes: string[] }> {
  const files = (await readdir(WS_CLIENT_DIR)).filter((name) => name.endsWith('.ts'));
  const sources = await Promise.all(files.map((name) => readFile(new URL(name, WS_CLIENT_DIR), 'utf8')));
  const source = sources.join('\n');
  const commands = [...new Set([...source.matchAll(/\bsend\(\s*'([^']+)'/g)].map((m) => m[1]!))].sort();
  const serverTypes = [...new Set([...source.matchAll(/\btype === '([^']+)'/g)].map((m) => m[1]!))].sort();
  return { commands, serverTypes };
}

let spec: { rest: RestSurface; ws: WsSurface };
let runtime: { commands: string[]; serverTypes: string[] };

beforeAll(async () => {
  const [rest, ws] = await Promise.all([
    loadSpecSurface(DEFAULT_OPENAPI, 'openapi'),
    loadSpecSurface(DEFAULT_ASYNCAPI, 'asyncapi'),
  ]);
  spec = { rest: rest.surface, ws: ws.surface };
  runtime = await wsRuntimeNames();
});

it('finds the runtime assumptions it pins (a broken extraction must not pass silently)', () => {
  expect(SIGNING_HEADERS).toHaveLength(3);
  expect(runtime.commands).toContain('subscribe');
  expect(runtime.serverTypes).toContain('error');
});

/** Header names of the apiKey schemes an operation's security uses. */
function headerNames(rest: RestSurface, schemes: Iterable<string>): string[] {
  return [
    ...new Set(
      [...schemes]
        .map((name) => rest.securitySchemes[name])
        .filter((s) => s?.type === 'apiKey' && s.in === 'header')
        .map((s) => s!.name!),
    ),
  ].sort();
}

describe('the spec', () => {
  const where = 'the spec';

  it("declares exactly the runtime's signing headers as securitySchemes, and signed operations need all of them", () => {
    const { rest } = spec;
    const declared = headerNames(rest, Object.keys(rest.securitySchemes));
    expect(declared, `signing header names in ${where} (securitySchemes) vs the runtime's signer`).toEqual(
      SIGNING_HEADERS,
    );
    const signed = Object.entries(rest.operations).filter(
      ([, op]) => op.security.length > 0 && !op.security.includes(''),
    );
    expect(signed.length, `signed operations in ${where}`).toBeGreaterThan(0);
    const partial = signed
      .filter(([, op]) =>
        op.security.some((alternative) => headerNames(rest, alternative.split('+')).join() !== SIGNING_HEADERS.join()),
      )
      .map(([id, op]) => `${id}: ${op.security.join(' or ')}`);
    expect(partial, `operations in ${where} whose security is not the runtime's three signed headers`).toEqual([]);
  });

  it('bills batches per item: every Batch operation with a request body has an array of items in it', () => {
    const { rest } = spec;
    const batches = Object.keys(rest.operations).filter(
      (id) => /^batch/i.test(id) && rest.operations[id]!.fields.request,
    );
    expect(batches.length, `Batch operations in ${where}`).toBeGreaterThan(0);
    expect(
      batches.filter((id) => !bodyHasArray(rest, id)),
      `batch operations in ${where} whose request body has no array of items to count`,
    ).toEqual([]);
  });

  it('gives the SDK a production REST and WebSocket endpoint from its servers', () => {
    const { production } = buildEnvironments(spec.rest, spec.ws);
    expect(production, `production endpoints the SDK finds in the servers of ${where}`).toEqual({
      rest: expect.stringMatching(/^https:\/\//),
      ws: expect.stringMatching(/^wss:\/\//),
    });
  });

  it('has the WebSocket commands the client sends and the frame types it handles', () => {
    const { ws } = spec;
    const discriminators = (direction: 'client' | 'server') =>
      new Set(
        Object.values(ws.messages)
          .filter((m) => m.direction === direction && m.discriminator)
          .flatMap((m) => m.discriminator!.replace(/^[^=]+=/, '').split('|')),
      );
    const commands = discriminators('client');
    expect(
      runtime.commands.filter((c) => !commands.has(c)),
      `commands the WebSocket client sends that ${where} does not define`,
    ).toEqual([]);
    const types = discriminators('server');
    expect(
      runtime.serverTypes.filter((t) => !types.has(t)),
      `server frame types the client handles that ${where} does not define`,
    ).toEqual([]);
  });

  it('pages every operation that takes a cursor: the generator finds its cursor field and items', () => {
    const { operations } = spec.rest;
    const takesCursor = Object.keys(operations).filter((id) => operations[id]!.fields['query.cursor']);
    expect(takesCursor.length, `operations in ${where} with a cursor query parameter`).toBeGreaterThan(0);
    expect(
      takesCursor.filter((id) => !operations[id]!.pagination),
      `operations in ${where} that take a cursor but whose response has no cursor field (named like it or *cursor) and array`,
    ).toEqual([]);
  });

  it('numbers and names its WebSocket error codes, which the client reports by number', () => {
    const codes = Object.entries(spec.ws.errorCodes);
    expect(codes.length, `WebSocket error codes in ${where}`).toBeGreaterThan(0);
    expect(codes.filter(([code, name]) => !/^\d+$/.test(code) || !name)).toEqual([]);
  });
});

/** Whether the operation's JSON body (a named schema or inline) has a top-level array field. */
function bodyHasArray(rest: RestSurface, id: string): boolean {
  const fields = rest.operations[id]!.fields;
  const body = fields.request;
  if (!body) return false;
  const named = /^#(.+)$/.exec(body.type)?.[1];
  const topLevel = named
    ? Object.entries(rest.schemas[named]?.fields ?? {}).filter(([key]) => /^\.[^.[{|&]+$/.test(key))
    : Object.entries(fields).filter(([key]) => /^request\.[^.[{|&]+$/.test(key));
  return topLevel.some(([, node]) => node.type === 'array');
}
