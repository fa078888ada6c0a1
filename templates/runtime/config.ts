import { ConfigError } from './errors.js';
import type { Platform } from './platform.js';
import type { Product } from './product.js';
import { CREDENTIALS_HINT, type Signer } from './signer.js';

/** Credentials and endpoints, shared by the REST client and the WebSocket client. */
export interface ConnectionOptions<E extends string = string> {
  /** `production` (default) or another environment of the product (`demo`). Env: KALSHI_ENV. */
  environment?: E;
  /**
   * Overrides the REST base URL, e.g. a local mock (`http://127.0.0.1:4010/trade-api/v2`). Env: `<prefix>_BASE_URL`,
   * the prefix being the product's (KALSHI_BASE_URL for the event-contract exchange).
   */
  baseUrl?: string;
  /** Overrides the WebSocket URL. Env: `<prefix>_WS_URL`. */
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
  environment: string;
  baseUrl: string;
  wsUrl: string;
  signer: Signer | undefined;
}

/**
 * The client's endpoints and signer for `product`. The environment and the credentials' variables are the same for
 * every product (one account); the URL overrides are the product's own, so a mock of one product is never another's.
 */
export function resolveConnection(
  options: ConnectionOptions,
  platform: Platform,
  product: Product,
): ResolvedConnection {
  const env = options.env ?? platform.env;
  const environment = options.environment ?? env.KALSHI_ENV ?? 'production';
  const { environments, envPrefix } = product;
  if (!Object.hasOwn(environments, environment))
    throw new ConfigError(
      `unknown environment "${environment}" for ${product.name}: use ${Object.keys(environments).join(' or ')}`,
    );
  const urls = environments[environment]!;
  const baseUrl = (options.baseUrl ?? env[`${envPrefix}_BASE_URL`] ?? urls.rest).replace(/\/$/, '');
  // A product without a WebSocket spec has no WebSocket URL; only a WebSocket client would need one.
  const wsUrl = options.wsUrl ?? env[`${envPrefix}_WS_URL`] ?? urls.ws;
  for (const [name, url] of [
    ['baseUrl', baseUrl],
    ['wsUrl', wsUrl],
  ])
    if (url && !URL.canParse(url)) throw new ConfigError(`${name} "${url}" is not a valid URL`);
  // A product whose operations are never signed reads no key: a stray KALSHI_PRIVATE_KEY_PATH cannot break it.
  const signer = product.credentials.includes('signed')
    ? (options.signer ?? resolveSigner(options, env, platform))
    : undefined;
  return { environment, baseUrl, wsUrl, signer };
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
