import type { ApiModel, WsModel } from './types.ts';

/** REST and WebSocket URLs of one environment (`ws` is '' when the SDK has no WebSocket spec). */
export interface EnvironmentUrls {
  rest: string;
  ws: string;
}

/**
 * The environments the SDK knows, from the specs' servers: a server whose URL names `demo` is the demo environment,
 * the first other one production. Without a demo server, production's URL on the demo host `demoHosts` gives for its
 * host (the product's configuration, for specs that list production only: the demo environment mirrors production's
 * paths on another host); failing that, the SDK has production only (a base URL can still be passed at run time).
 */
export function buildEnvironments(
  api: Pick<ApiModel, 'servers'>,
  ws: Pick<WsModel, 'servers'> | undefined,
  demoHosts: Readonly<Record<string, string>> = {},
): Record<string, EnvironmentUrls> {
  const rest = classify(api.servers);
  const socket = classify(ws?.servers ?? []);
  const production: EnvironmentUrls = { rest: rest.production ?? '', ws: socket.production ?? '' };
  const demo: EnvironmentUrls = {
    rest: rest.demo ?? onDemoHost(production.rest, demoHosts) ?? '',
    ws: socket.demo ?? onDemoHost(production.ws, demoHosts) ?? '',
  };
  return demo.rest ? { production, demo } : { production };
}

function classify(urls: string[]): { production?: string; demo?: string } {
  return {
    production: urls.find((url) => !/demo/i.test(url)),
    demo: urls.find((url) => /demo/i.test(url)),
  };
}

function onDemoHost(url: string, demoHosts: Readonly<Record<string, string>>): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  const host = Object.hasOwn(demoHosts, parsed.host) ? demoHosts[parsed.host] : undefined;
  if (!host) return undefined;
  parsed.host = host;
  return parsed.href.replace(/\/$/, '');
}
