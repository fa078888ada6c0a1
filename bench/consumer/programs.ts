/**
 * The consumer programs bench/consumer.ts type-checks and bundles: the same minimal task — list the open markets,
 * one page, with credentials configured so that request signing is part of the program — written against each SDK
 * the way its documentation shows. They are source text rather than files of this repository because they import
 * packages that exist only in the benchmark's scratch project (`kalshi-sdk` freshly generated, the openapi-typescript
 * types of today's spec); bench/consumer.ts writes them there.
 *
 * Each program exports one function taking the API key id and the PEM text, so it runs unchanged in Node and in a
 * browser, and nothing is left for a bundler to drop.
 */

export interface ConsumerProgram {
  /** File name stem in the scratch project, and the program's name in the results. */
  name: string;
  description: string;
  /** The SDK package it imports; its npm dependencies are what the "SDK code" bundle leaves out. */
  sdk: 'kalshi-sdk' | 'kalshi-typescript' | 'openapi-fetch' | undefined;
  source: string;
}

/** Ours, the tree-shakeable way: a core without operation methods plus the one standalone function used. */
export const GENERATED_MINIMAL: ConsumerProgram = {
  name: 'kalshi-sdk',
  description: 'generated SDK: `createKalshiCore` + the standalone `getMarkets`',
  sdk: 'kalshi-sdk',
  source: `import { createKalshiCore, getMarkets } from 'kalshi-sdk';

export async function listOpenMarkets(apiKeyId: string, privateKey: string): Promise<string[]> {
  const core = createKalshiCore({ apiKeyId, privateKey });
  const page = await getMarkets(core, { status: 'open' });
  return page.markets.map((market) => market.ticker);
}
`,
};

/** Ours, the everything-facade: every operation is a method, so every operation is bundled. */
export const GENERATED_FACADE: ConsumerProgram = {
  name: 'kalshi-sdk-facade',
  description: 'generated SDK: the `KalshiClient` facade',
  sdk: 'kalshi-sdk',
  source: `import { KalshiClient } from 'kalshi-sdk';

export async function listOpenMarkets(apiKeyId: string, privateKey: string): Promise<string[]> {
  const client = new KalshiClient({ apiKeyId, privateKey });
  const page = await client.getMarkets({ status: 'open' });
  return page.markets.map((market) => market.ticker);
}
`,
};

/** The official SDK: OpenAPI Generator's axios client, positional parameters. */
export const OFFICIAL: ConsumerProgram = {
  name: 'kalshi-typescript',
  description: 'kalshi-typescript (official): `new MarketApi(configuration).getMarkets(...)`',
  sdk: 'kalshi-typescript',
  source: `import { Configuration, GetMarketsStatusEnum, MarketApi } from 'kalshi-typescript';

export async function listOpenMarkets(apiKeyId: string, privateKey: string): Promise<string[]> {
  const api = new MarketApi(new Configuration({ apiKey: apiKeyId, privateKeyPem: privateKey }));
  // getMarkets(limit, cursor, eventTicker, seriesTicker, seven timestamp filters, status)
  const { data } = await api.getMarkets(
    undefined, undefined, undefined, undefined,
    undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    GetMarketsStatusEnum.Open,
  );
  return data.markets.map((market) => market.ticker);
}
`,
};

/**
 * openapi-fetch over the openapi-typescript types of the same spec. Signing is not part of either package, so the
 * program carries the smallest signer that works in Node and browsers: WebCrypto, PKCS#8 keys only.
 */
export const OPENAPI_FETCH: ConsumerProgram = {
  name: 'openapi-fetch',
  description: 'openapi-fetch + openapi-typescript types, with a hand-written WebCrypto signing middleware',
  sdk: 'openapi-fetch',
  source: `import createClient from 'openapi-fetch';
import type { paths } from './kalshi-openapi.js';

export async function listOpenMarkets(apiKeyId: string, privateKey: string): Promise<string[]> {
  const client = createClient<paths>({ baseUrl: 'https://api.elections.kalshi.com/trade-api/v2' });
  const key = await importKey(privateKey);
  client.use({
    async onRequest({ request }) {
      const timestamp = String(Date.now());
      const message = new TextEncoder().encode(timestamp + request.method + new URL(request.url).pathname);
      const signature = await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, key, message);
      request.headers.set('KALSHI-ACCESS-KEY', apiKeyId);
      request.headers.set('KALSHI-ACCESS-TIMESTAMP', timestamp);
      request.headers.set('KALSHI-ACCESS-SIGNATURE', btoa(String.fromCharCode(...new Uint8Array(signature))));
      return request;
    },
  });
  const { data } = await client.GET('/markets', { params: { query: { status: 'open' } } });
  if (!data) throw new Error('GetMarkets failed');
  return data.markets.map((market) => market.ticker);
}

/** A PKCS#8 PEM ("BEGIN PRIVATE KEY") as a WebCrypto RSA-PSS key; Kalshi's PKCS#1 downloads must be converted first. */
function importKey(pem: string): Promise<CryptoKey> {
  const der = Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\\s/g, '')), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey('pkcs8', der, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
}
`,
};

/**
 * One product's client facade from that product's entry: every operation of the product is bundled, and nothing
 * of another product may be.
 */
export function productFacade(id: string, specifier: string, client: string): ConsumerProgram {
  return {
    name: `kalshi-sdk-${id}`,
    description: `generated SDK: the \`${client}\` facade of \`${specifier}\``,
    sdk: 'kalshi-sdk',
    source: `import { ${client} } from '${specifier}';

export function connect(apiKeyId: string, privateKey: string): ${client} {
  return new ${client}({ apiKeyId, privateKey });
}
`,
  };
}

/** No SDK at all: what tsc costs before any program is checked (lib.dom, @types/node). */
export const EMPTY: ConsumerProgram = {
  name: 'empty',
  description: 'an empty module (the type-checker’s fixed cost)',
  sdk: undefined,
  source: 'export {};\n',
};

export const PROGRAMS = [GENERATED_MINIMAL, GENERATED_FACADE, OFFICIAL, OPENAPI_FETCH, EMPTY] as const;
