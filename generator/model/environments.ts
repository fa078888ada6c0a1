import type { ApiModel, WsModel } from './types.ts';

/** REST and WebSocket URLs of one environment (`ws` is '' when the SDK has no WebSocket spec). */
export interface EnvironmentUrls {
  rest: string;
  ws: string;
}

/**
 * Kalshi's demo hosts, for specs that list only production servers (the trade API's do): the demo environment
 * mirrors production's paths on another host.
 */
export const KNOWN_DEMO_HOSTS: Record<string, string> = {
  'api.elections.kalshi.com': 'demo-api.kalshi.co',
  // Since 2026-06 production WebSockets have their own host; demo still serves them beside its REST API.
  'external-api-ws.kalshi.com': 'demo-api.kalshi.co',
};

/**
 * The environments the SDK knows, from the specs' servers: a server whose URL names `demo` is the demo environment,
 * the first other one production. Without a demo server, a known Kalshi demo host is used; failing that, the SDK
 * has production only (a base URL can still be passed at run time).
 */
export function buildEnvironments(
  api: Pick<ApiModel, 'servers'>,
  ws: Pick<WsModel, 'servers'> | undefined,
): Record<string, EnvironmentUrls> {
  const rest = classify(api.servers);
  const socket = classify(ws?.servers ?? []);
  const production: EnvironmentUrls = { rest: rest.production ?? '', ws: socket.production ?? '' };
  const demo: EnvironmentUrls = {
    rest: rest.demo ?? onDemoHost(production.rest) ?? '',
    ws: socket.demo ?? onDemoHost(production.ws) ?? '',
  };
  return demo.rest ? { production, demo } : { production };
}

function classify(urls: string[]): { production?: string; demo?: string } {
  return {
    production: urls.find((url) => !/demo/i.test(url)),
    demo: urls.find((url) => /demo/i.test(url)),
  };
}

function onDemoHost(url: string): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  const host = KNOWN_DEMO_HOSTS[parsed.host];
  if (!host) return undefined;
  parsed.host = host;
  return parsed.href.replace(/\/$/, '');
}
