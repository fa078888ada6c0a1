import { ENVIRONMENTS } from './environments.js';
import { ConfigError } from './errors.js';
import type { Platform } from './platform.js';
import { CREDENTIALS_HINT, type Signer } from './signer.js';

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
  if (!Object.hasOwn(ENVIRONMENTS, environment))
    throw new ConfigError(`unknown environment "${environment}": use ${Object.keys(ENVIRONMENTS).join(' or ')}`);
  const urls: { rest: string; ws: string } = ENVIRONMENTS[environment];
  const baseUrl = (options.baseUrl ?? env.KALSHI_BASE_URL ?? urls.rest).replace(/\/$/, '');
  // An SDK generated without a WebSocket spec has no WebSocket URL; only a WebSocket client would need one.
  const wsUrl = options.wsUrl ?? env.KALSHI_WS_URL ?? urls.ws;
  for (const [name, url] of [
    ['baseUrl', baseUrl],
    ['wsUrl', wsUrl],
  ])
    if (url && !URL.canParse(url)) throw new ConfigError(`${name} "${url}" is not a valid URL`);
  return { environment, baseUrl, wsUrl, signer: options.signer ?? resolveSigner(options, env, platform) };
}

/** Options win over the environment; at each level a key given as text wins over a key file. */
function resolveSigner(
  options: ConnectionOptions,
  env: Record<string, string | undefined>,
  platform: Platform,
): Signer | undefined {
  const keyId = options.apiKeyId ?? env.KALSHI_API_KEY_ID;
  let key = options.privateKey;
  // Where the key came from, for the messages about it.
  let source = 'privateKey';
  if (key === undefined) {
    const path = options.privateKeyPath ?? (env.KALSHI_PRIVATE_KEY ? undefined : env.KALSHI_PRIVATE_KEY_PATH);
    source = path ?? 'KALSHI_PRIVATE_KEY';
    if (!path) key = env.KALSHI_PRIVATE_KEY;
    else if (!platform.readFile) throw new ConfigError(`cannot read ${path} here: pass the PEM text as privateKey`);
    else {
      try {
        key = platform.readFile(path);
      } catch (err) {
        throw new ConfigError(`cannot read the key file: ${(err as Error).message}`);
      }
    }
  }
  if (keyId === undefined && key === undefined) return undefined;
  if (!keyId || key === undefined)
    throw new ConfigError(`${keyId ? 'privateKey' : 'apiKeyId'} missing: ${CREDENTIALS_HINT}`);
  return platform.createSigner(keyId, key, source);
}
