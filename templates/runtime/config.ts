import { ENVIRONMENTS } from './environments.js';
import { ConfigError } from './errors.js';
import type { Platform } from './platform.js';
import type { Signer } from './signer.js';

export { ENVIRONMENTS };

export type Environment = keyof typeof ENVIRONMENTS;

/** Credentials and endpoints, shared by the REST client and the WebSocket client. */
export interface ConnectionOptions {
  /** `production` (default) or `demo`. Env: KALSHI_ENV. */
  environment?: Environment;
  /** Overrides the REST base URL, e.g. a local mock (`http://127.0.0.1:4010/trade-api/v2`). Env: KALSHI_BASE_URL. */
  baseUrl?: string;
  /** Overrides the WebSocket URL. Env: KALSHI_WS_URL. */
  wsUrl?: string;
  /** API key id. Env: KALSHI_API_KEY_ID. */
  apiKeyId?: string;
  /**
   * RSA private key: PEM text (PKCS#1 or PKCS#8), a node:crypto KeyObject, or a WebCrypto CryptoKey.
   * Env: KALSHI_PRIVATE_KEY (PEM text) or KALSHI_PRIVATE_KEY_PATH (file).
   */
  privateKey?: unknown;
  /** Path of a PEM key file (Node only). */
  privateKeyPath?: string;
  /** A ready signer (e.g. one backed by a KMS); replaces apiKeyId/privateKey. */
  signer?: Signer;
  /** Where KALSHI_* settings are read from; defaults to process.env on Node. Pass `{}` to ignore the environment. */
  env?: Record<string, string | undefined>;
}

export interface ResolvedConnection {
  environment: Environment;
  baseUrl: string;
  wsUrl: string;
  signer: Signer | undefined;
}

export function resolveConnection(options: ConnectionOptions, platform: Platform): ResolvedConnection {
  const env = options.env ?? platform.env;
  const environment = (options.environment ?? env.KALSHI_ENV ?? 'production') as Environment;
  if (!Object.hasOwn(ENVIRONMENTS, environment)) {
    const known = Object.keys(ENVIRONMENTS)
      .map((name) => `"${name}"`)
      .join(' or ');
    throw new ConfigError(
      `unknown Kalshi environment "${environment}": use ${known} (KALSHI_ENV / environment option), or set baseUrl`,
    );
  }
  const urls: { rest: string; ws: string } = ENVIRONMENTS[environment];
  const baseUrl = trimSlash(options.baseUrl ?? env.KALSHI_BASE_URL ?? urls.rest);
  // An SDK generated without a WebSocket spec has no WebSocket URL; only a WebSocket client would need one.
  const wsUrl = options.wsUrl ?? env.KALSHI_WS_URL ?? urls.ws;
  for (const [name, url] of [
    ['baseUrl', baseUrl],
    ['wsUrl', wsUrl],
  ] as const) {
    if (url && !URL.canParse(url)) throw new ConfigError(`${name} "${url}" is not a valid URL`);
  }
  return { environment, baseUrl, wsUrl, signer: options.signer ?? resolveSigner(options, env, platform) };
}

function resolveSigner(
  options: ConnectionOptions,
  env: Record<string, string | undefined>,
  platform: Platform,
): Signer | undefined {
  const keyId = options.apiKeyId ?? env.KALSHI_API_KEY_ID;
  let key = options.privateKey;
  let source = 'privateKey';
  const path =
    options.privateKeyPath ?? (key === undefined && !env.KALSHI_PRIVATE_KEY ? env.KALSHI_PRIVATE_KEY_PATH : undefined);
  if (key === undefined && env.KALSHI_PRIVATE_KEY) {
    key = env.KALSHI_PRIVATE_KEY;
    source = 'KALSHI_PRIVATE_KEY';
  } else if (key === undefined && path) {
    if (!platform.readFile)
      throw new ConfigError('privateKeyPath needs a file system; pass the PEM text as privateKey instead');
    source = options.privateKeyPath ? `privateKeyPath ${path}` : `KALSHI_PRIVATE_KEY_PATH ${path}`;
    try {
      key = platform.readFile(path);
    } catch (err) {
      throw new ConfigError(`cannot read ${source}: ${(err as { code?: string }).code ?? (err as Error).message}`);
    }
  }
  if (keyId === undefined && key === undefined) return undefined;
  if (!keyId) throw new ConfigError('a private key is set but no API key id: set apiKeyId (or KALSHI_API_KEY_ID) too');
  if (key === undefined) {
    throw new ConfigError(
      'an API key id is set but no private key: set privateKey / privateKeyPath (or KALSHI_PRIVATE_KEY / KALSHI_PRIVATE_KEY_PATH)',
    );
  }
  return platform.createSigner(keyId, key, source);
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
