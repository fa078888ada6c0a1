/**
 * Contract tests: every assumption the hand-written runtime makes about Kalshi's API, checked against the specs in
 * hand, for every product whose specs are in the folder (specs/products.json). When Kalshi changes one of these, a
 * test fails naming the product and what changed, before an SDK built on the old assumption reaches anyone. What a
 * spec adds (a command, an error code, a channel) breaks no assumption and fails nothing here: comparing the specs
 * with the lock is the drift step's job (`codegen drift`), done once.
 *
 * The runtime's assumptions are read from the runtime itself (its exported constants, the commands its WebSocket
 * client sends), never restated here; the specs are judged by their shape, never by a name of one version.
 */
import { readFile, readdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { specSurface } from '../../generator/drift/spec.ts';
import type { RestSurface, WsSurface } from '../../generator/drift/surface/types.ts';
import { loadSpec, type JsonObject } from '../../generator/load/index.ts';
import { buildEnvironments } from '../../generator/model/environments.ts';
import { defaultSpecs, hasDefaultSpecs, loadProducts, type ProductConfig } from '../../generator/products.ts';
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

/** A product's specs in hand: their surfaces, and the REST spec's security schemes as written (for `http` ones). */
interface ProductSpecs {
  rest: RestSurface;
  ws?: WsSurface;
  schemes: Record<string, JsonObject>;
}

const products = loadProducts().filter((p) => hasDefaultSpecs(p));
const specs = new Map<string, ProductSpecs>();
let runtime: { commands: string[]; serverTypes: string[] };

beforeAll(async () => {
  await Promise.all(
    products.map(async (product) => {
      const locations = defaultSpecs(product);
      const [rest, ws] = await Promise.all([
        loadSpec(locations.openapi),
        locations.asyncapi ? loadSpec(locations.asyncapi) : undefined,
      ]);
      const components = (rest.document.components ?? {}) as JsonObject;
      specs.set(product.id, {
        rest: (await specSurface(rest, 'openapi')).surface as RestSurface,
        ...(ws && { ws: (await specSurface(ws, 'asyncapi')).surface as WsSurface }),
        schemes: (components.securitySchemes ?? {}) as Record<string, JsonObject>,
      });
    }),
  );
  runtime = await wsRuntimeNames();
});

it('finds the runtime assumptions it pins (a broken extraction must not pass silently)', () => {
  expect(SIGNING_HEADERS).toHaveLength(3);
  expect(runtime.commands).toContain('subscribe');
  expect(runtime.serverTypes).toContain('error');
});

/** Operations that need credentials: some security, and no anonymous alternative. */
function securedOperations(rest: RestSurface): [string, RestSurface['operations'][string]][] {
  return Object.entries(rest.operations).filter(([, op]) => op.security.length > 0 && !op.security.includes(''));
}

/** Operations whose body is billed per item: a `Batch…` operation with a request body. */
function batchOperations(rest: RestSurface): string[] {
  return Object.keys(rest.operations).filter((id) => /^batch/i.test(id) && rest.operations[id]!.fields.request);
}

function cursorOperations(rest: RestSurface): string[] {
  return Object.keys(rest.operations).filter((id) => rest.operations[id]!.fields['query.cursor']);
}

it('finds, in the specs in hand, what the checks below judge (a broken extraction must not pass silently)', () => {
  expect(products.length, 'products whose specs are in the folder').toBeGreaterThan(0);
  const all = [...specs.values()];
  expect(all.flatMap((s) => securedOperations(s.rest)).length, 'operations needing credentials').toBeGreaterThan(0);
  expect(all.flatMap((s) => batchOperations(s.rest)).length, 'Batch operations with a body').toBeGreaterThan(0);
  expect(all.flatMap((s) => cursorOperations(s.rest)).length, 'operations taking a cursor').toBeGreaterThan(0);
  expect(all.flatMap((s) => Object.keys(s.ws?.errorCodes ?? {})).length, 'WebSocket error codes').toBeGreaterThan(0);
});

/** Header names of the apiKey schemes among `schemes`. */
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

describe.each(products)('the $title spec', (product: ProductConfig) => {
  const where = `${product.title}'s spec`;
  const spec = () => specs.get(product.id)!;

  it("declares, when it has apiKey header schemes, exactly the runtime's signing headers", () => {
    const { rest } = spec();
    const declared = headerNames(rest, Object.keys(rest.securitySchemes));
    if (declared.length > 0)
      expect(declared, `signing header names in ${where} (securitySchemes) vs the runtime's signer`).toEqual(
        SIGNING_HEADERS,
      );
  });

  it('secures every operation in a way the runtime sends: the signed headers, or one HTTP bearer token', () => {
    const { rest, schemes } = spec();
    const signed = (names: string[]) =>
      names.every((name) => SIGNING_HEADERS.includes(headerNames(rest, [name])[0] ?? ''));
    // The runtime's bearer credentials are two parts joined by a colon (templates/runtime/bearer.ts).
    const bearer = (names: string[]) => {
      const scheme = names.length === 1 ? schemes[names[0]!] : undefined;
      const format = scheme?.bearerFormat;
      return (
        scheme?.type === 'http' &&
        String(scheme.scheme).toLowerCase() === 'bearer' &&
        (format === undefined || /^[^:\s]+:[^:\s]+$/.test(String(format)))
      );
    };
    const unsupported = securedOperations(rest)
      .filter(
        ([, op]) =>
          !op.security.some((alternative) => signed(alternative.split('+')) || bearer(alternative.split('+'))),
      )
      .map(([id, op]) => `${id}: ${op.security.join(' or ')}`);
    expect(unsupported, `operations in ${where} with no security the runtime sends`).toEqual([]);
  });

  it('bills batches per item: every Batch operation with a request body has an array of items in it', () => {
    const { rest } = spec();
    expect(
      batchOperations(rest).filter((id) => !bodyHasArray(rest, id)),
      `batch operations in ${where} whose request body has no array of items to count`,
    ).toEqual([]);
  });

  it('gives the SDK a production endpoint from its servers, for REST and, when it has one, WebSocket', () => {
    const { rest, ws } = spec();
    const unparsable = [...rest.servers, ...(ws?.servers ?? [])].filter((url) => !URL.canParse(url));
    expect(unparsable, `server URLs in ${where} that do not parse`).toEqual([]);
    const { production } = buildEnvironments(rest, ws);
    expect(production, `production endpoints the SDK finds in the servers of ${where}`).toEqual({
      rest: expect.stringMatching(/^https:\/\//),
      ws: ws ? expect.stringMatching(/^wss:\/\//) : '',
    });
  });

  it('pages every operation that takes a cursor: the generator finds its cursor field and items', () => {
    const { operations } = spec().rest;
    expect(
      cursorOperations(spec().rest).filter((id) => !operations[id]!.pagination),
      `operations in ${where} that take a cursor but whose response has no cursor field (named like it or *cursor) and array`,
    ).toEqual([]);
  });

  if (product.specs.asyncapi) {
    it('has the WebSocket commands the client sends and the frame types it handles', () => {
      const ws = spec().ws!;
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

    it('numbers and names its WebSocket error codes, which the client reports by number', () => {
      const codes = Object.entries(spec().ws!.errorCodes);
      expect(
        codes.filter(([code, name]) => !/^\d+$/.test(code) || !name),
        `error codes in ${where}`,
      ).toEqual([]);
    });
  }
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
