/**
 * Contract tests: every assumption the hand-written runtime makes about Kalshi's API, pinned to the reviewed lock
 * and checked against the published spec. When Kalshi changes one of these, a test fails naming what changed,
 * before an SDK built on the old assumption reaches anyone.
 *
 * The runtime's assumptions are read from the runtime itself (its exported constants, its rate-limit table, the
 * commands its WebSocket client sends), never restated here.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI } from '../../generator/defaults.ts';
import { DEFAULT_LOCK, readLock } from '../../generator/drift/lock/index.ts';
import { loadSpecSurface } from '../../generator/drift/spec.ts';
import type { RestSurface, WsSurface } from '../../generator/drift/surface/types.ts';
import { ENVIRONMENTS } from '../../templates/runtime/config.js';
import { ACCESS_KEY_HEADER, ACCESS_SIGNATURE_HEADER, ACCESS_TIMESTAMP_HEADER } from '../../templates/runtime/signer.js';

const SIGNING_HEADERS = [ACCESS_KEY_HEADER, ACCESS_SIGNATURE_HEADER, ACCESS_TIMESTAMP_HEADER].sort();
const WS_CLIENT_SOURCE = new URL('../../templates/ws/client.ts', import.meta.url);

/** The commands the WebSocket client sends by name (`this.#send('subscribe', …)`), and the frame types it branches on. */
async function wsRuntimeNames(): Promise<{ commands: string[]; serverTypes: string[] }> {
  const source = await readFile(WS_CLIENT_SOURCE, 'utf8');
  const commands = [...new Set([...source.matchAll(/#send\(\s*'([^']+)'/g)].map((m) => m[1]!))].sort();
  const serverTypes = [...new Set([...source.matchAll(/\btype === '([^']+)'/g)].map((m) => m[1]!))].sort();
  return { commands, serverTypes };
}

interface Sides {
  rest: RestSurface;
  ws: WsSurface;
}

const sides: Record<'lock' | 'spec', Sides> = {} as Record<'lock' | 'spec', Sides>;
let runtime: { commands: string[]; serverTypes: string[] };

beforeAll(async () => {
  const lock = await readLock(DEFAULT_LOCK);
  sides.lock = { rest: lock.openapi.surface, ws: lock.asyncapi.surface };
  const [rest, ws] = await Promise.all([
    loadSpecSurface(DEFAULT_OPENAPI, 'openapi'),
    loadSpecSurface(DEFAULT_ASYNCAPI, 'asyncapi'),
  ]);
  sides.spec = { rest: rest.surface, ws: ws.surface };
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

describe.each(['lock', 'spec'] as const)('the %s', (side) => {
  const where = side === 'lock' ? 'specs/kalshi.lock.json' : 'the published spec';

  it("declares exactly the runtime's signing headers as securitySchemes, and signed operations need all of them", () => {
    const { rest } = sides[side];
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
    const { rest } = sides[side];
    const batches = Object.keys(rest.operations).filter(
      (id) => /^batch/i.test(id) && rest.operations[id]!.fields.request,
    );
    expect(batches.length, `Batch operations in ${where}`).toBeGreaterThan(0);
    expect(
      batches.filter((id) => !bodyHasArray(rest, id)),
      `batch operations in ${where} whose request body has no array of items to count`,
    ).toEqual([]);
  });

  it("lists the runtime's production endpoints among its servers", () => {
    const { rest, ws } = sides[side];
    expect(rest.servers, `REST servers in ${where} vs ENVIRONMENTS.production.rest`).toContain(
      ENVIRONMENTS.production.rest,
    );
    expect(ws.servers, `WebSocket servers in ${where} vs ENVIRONMENTS.production.ws`).toContain(
      ENVIRONMENTS.production.ws,
    );
  });

  it('has the WebSocket commands the client sends and the frame types it handles', () => {
    const { ws } = sides[side];
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
});

describe('the published spec keeps what the lock pinned', () => {
  it('the cursor parameter and field of each paginated operation', () => {
    const [lock, spec] = [sides.lock.rest.operations, sides.spec.rest.operations];
    const text = (id: string, op: RestSurface['operations'][string] | undefined) =>
      !op
        ? `${id}: operation gone`
        : op.pagination
          ? `${id}: ${op.pagination.cursorParam} → ${op.pagination.cursorField}`
          : `${id}: not paginated`;
    const paginated = Object.keys(lock).filter((id) => lock[id]!.pagination);
    expect(paginated.length).toBeGreaterThan(0);
    expect(
      paginated.map((id) => text(id, spec[id])),
      'cursor parameter → cursor field of paginated operations (published spec vs lock)',
    ).toEqual(paginated.map((id) => text(id, lock[id])));
    const newlyPaginated = Object.keys(spec).filter((id) => spec[id]!.pagination && !lock[id]?.pagination);
    expect(newlyPaginated, 'operations paginated in the published spec but not in the lock').toEqual([]);
  });

  it('the WebSocket channel names', () => {
    const [lock, spec] = [Object.keys(sides.lock.ws.channels), Object.keys(sides.spec.ws.channels)];
    expect(lock.length).toBeGreaterThan(0);
    expect(
      lock.filter((c) => !spec.includes(c)),
      'channels in the lock that the published spec no longer has',
    ).toEqual([]);
    expect(
      spec.filter((c) => !lock.includes(c)),
      'channels in the published spec that the lock does not have',
    ).toEqual([]);
  });

  it('the WebSocket command names', () => {
    const commands = (ws: WsSurface) =>
      Object.entries(ws.messages)
        .filter(([, m]) => m.direction === 'client' && m.discriminator)
        .map(([key, m]) => `${key}: ${m.discriminator}`)
        .sort();
    expect(commands(sides.lock.ws).length).toBeGreaterThan(0);
    expect(commands(sides.spec.ws), 'client commands (published spec vs lock)').toEqual(commands(sides.lock.ws));
  });

  it('the WebSocket error codes', () => {
    const codes = (ws: WsSurface) => Object.entries(ws.errorCodes).map(([code, name]) => `${code}: ${name}`);
    expect(codes(sides.lock.ws).length).toBeGreaterThan(0);
    expect(codes(sides.spec.ws), 'WebSocket error codes (published spec vs lock)').toEqual(codes(sides.lock.ws));
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
