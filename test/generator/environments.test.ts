import { describe, expect, it } from 'vitest';
import { CodegenError } from '../../generator/errors.ts';
import { buildEnvironments } from '../../generator/model/environments.ts';
import type { ApiModel, WsModel } from '../../generator/model/types.ts';
import { rootProduct } from '../../generator/products.ts';
import { emitCombinedSources } from '../../generator/targets/typescript/emit/index.ts';
import { withTemplates } from '../../generator/targets/typescript/index.ts';
import { NO_API, planFor } from '../helpers/plan.ts';

const rest = (...servers: string[]) => ({ servers }) as ApiModel;
const socket = (...servers: string[]) => ({ servers }) as WsModel;

describe('buildEnvironments', () => {
  it('takes production and demo from the servers, the first of each, whatever order they come in', () => {
    // Kalshi's REST servers since 3.22: a dedicated host and the shared one, for production and demo each.
    const api = rest(
      'https://external-api.kalshi.com/trade-api/v2',
      'https://api.elections.kalshi.com/trade-api/v2',
      'https://external-api.demo.kalshi.co/trade-api/v2',
      'https://demo-api.kalshi.co/trade-api/v2',
    );
    expect(buildEnvironments(api, socket('wss://demo.example/ws', 'wss://prod.example/ws'))).toEqual({
      production: { rest: 'https://external-api.kalshi.com/trade-api/v2', ws: 'wss://prod.example/ws' },
      demo: { rest: 'https://external-api.demo.kalshi.co/trade-api/v2', ws: 'wss://demo.example/ws' },
    });
  });

  it("finds the root product's configured demo hosts, when the spec lists production only", () => {
    const api = rest('https://api.elections.kalshi.com/trade-api/v2');
    const { demoHosts } = rootProduct();
    for (const host of ['api.elections.kalshi.com', 'external-api-ws.kalshi.com'])
      expect(buildEnvironments(api, socket(`wss://${host}/trade-api/ws/v2`), demoHosts).demo).toEqual({
        rest: 'https://demo-api.kalshi.co/trade-api/v2',
        ws: 'wss://demo-api.kalshi.co/trade-api/ws/v2',
      });
  });

  it('leaves out what an unknown API does not declare, rather than guessing a host', () => {
    expect(buildEnvironments(rest('https://api.other.example/v1'), socket('wss://ws.other.example/v1'))).toEqual({
      production: { rest: 'https://api.other.example/v1', ws: 'wss://ws.other.example/v1' },
    });
    expect(buildEnvironments(rest('https://api.other.example/v1', 'https://demo.other.example/v1'), undefined)).toEqual(
      {
        production: { rest: 'https://api.other.example/v1', ws: '' },
        demo: { rest: 'https://demo.other.example/v1', ws: '' },
      },
    );
  });
});

describe('the templates and the emitted modules', () => {
  const plan = planFor(NO_API);
  const templates = new Map([['runtime/core.ts', 'export class KalshiCore {}\n']]);

  it('are put side by side, each template under the header naming the specs', () => {
    const sources = withTemplates(templates, new Map([['index.ts', 'export {};\n']]), [plan]);
    expect([...sources.keys()]).toEqual(['runtime/core.ts', 'index.ts']);
    expect(sources.get('runtime/core.ts')).toMatch(/Runtime copied from kalshi-codegen templates\/runtime\/core\.ts/);
  });

  it('never share a path: that would be two sources for one file', () => {
    const emitted = new Map([['runtime/core.ts', 'export class KalshiCore {}\n']]);
    expect(() => withTemplates(templates, emitted, [plan])).toThrow(
      new CodegenError("the generator emitted runtime/core.ts, which is a template's path too"),
    );
  });
});

describe("a product's environments", () => {
  it('are planned from its servers with its configured demo hosts, and emitted in its product module', () => {
    const product = { ...rootProduct(), demoHosts: { 'api.one.example': 'demo.one.example' } };
    const plan = planFor({ ...NO_API, servers: ['https://api.one.example/v1'] }, undefined, product);
    expect(plan.environments).toEqual({
      production: { rest: 'https://api.one.example/v1', ws: '' },
      demo: { rest: 'https://demo.one.example/v1', ws: '' },
    });
    const module = emitCombinedSources(plan).get('product.ts') as string;
    expect(module).toContain('"demo": {\n    "rest": "https://demo.one.example/v1"');
    expect(module).toContain(`envPrefix: ${JSON.stringify(product.envPrefix)}`);
  });
});
