import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, REPO_ROOT } from '../../generator/defaults.ts';
import { loadSpec, type JsonObject } from '../../generator/load/index.ts';
import { generate, type GenerateResult } from '../../generator/pipeline.ts';

/**
 * Every operation and every WebSocket message of the published specs has generated code. The lists come from a
 * direct walk of the documents, not from the generator's model, so anything the generator skipped shows up.
 */
let result: GenerateResult;
let openapi: JsonObject;
let asyncapi: JsonObject;

beforeAll(async () => {
  [openapi, asyncapi] = await Promise.all([loadSpec(DEFAULT_OPENAPI), loadSpec(DEFAULT_ASYNCAPI)]).then((s) =>
    s.map((x) => x.document),
  );
  // check mode emits and compiles in memory and writes nothing.
  result = await generate({
    openapi: DEFAULT_OPENAPI,
    asyncapi: DEFAULT_ASYNCAPI,
    out: join(REPO_ROOT, '.test-output/coverage-none'),
    check: true,
  });
});

describe('generated code covers the whole published API', () => {
  it('one exported function and one client method per operationId', () => {
    const operations = result.files.get('dist/operations.d.ts')!;
    const client = result.files.get('dist/client.d.ts')!;
    const ids = Object.values(openapi.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(
      (item) => Object.entries(item).flatMap(([method, op]) => (method === 'parameters' ? [] : [op.operationId!])),
    );
    const missing = ids.filter((id) => {
      const op = result.api.operations.find((o) => o.operationId === id);
      const names = op && result.plan.rest.operation(id);
      return (
        !names ||
        !operations.includes(`export declare function ${names.function}(`) ||
        !new RegExp(`^    ${names.method}\\(`, 'm').test(client)
      );
    });
    expect(missing).toEqual([]);
    expect(ids.length).toBe(result.api.operations.length);
  });

  it('a type for every WebSocket message, and every server message type and command in the unions', () => {
    const ws = result.files.get('src/ws.ts')!;
    const union = (name: string) => new RegExp(`export type ${name} =([^;]+);`).exec(ws)?.[1] ?? '';
    const messages = (asyncapi.components as { messages: Record<string, { payload?: JsonObject }> }).messages;
    const missing: string[] = [];
    for (const key of Object.keys(messages)) {
      const model = result.ws!.messages.find((m) => m.key === key);
      const typeName = model && result.plan.ws!.payload(model);
      if (!model || !new RegExp(`export (type|interface) ${typeName}\\b`).test(ws)) {
        missing.push(`${key}: no payload type`);
        continue;
      }
      if (model.discriminator) {
        const target = model.direction === 'server' ? 'ServerMessage' : 'ClientCommand';
        if (!new RegExp(`\\b${typeName}\\b`).test(union(target))) missing.push(`${key}: not in ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every subscribable channel has its messages in ChannelMessages', () => {
    const ws = result.files.get('src/ws.ts')!;
    const channelMap = /export interface ChannelMessages \{([\s\S]*?)\n\}/.exec(ws)?.[1] ?? '';
    const subscribable = result.ws!.channels.filter(
      (channel) =>
        channel.address !== '/' &&
        channel.messages.some((key) =>
          result.ws!.messages.some((m) => m.key === key && m.direction === 'server' && m.discriminator),
        ),
    );
    expect(subscribable.length).toBeGreaterThanOrEqual(10);
    for (const channel of subscribable) expect(channelMap, channel.name).toMatch(new RegExp(`\\b${channel.name}\\??:`));
  });
});
