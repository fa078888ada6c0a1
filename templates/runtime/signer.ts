/**
 * Request signing. Kalshi authenticates every private request (and the WebSocket handshake) with three headers:
 * the key id, a millisecond timestamp, and a base64 RSA-PSS (SHA-256, MGF1-SHA-256, salt = 32 bytes) signature
 * over `timestamp + METHOD + path`, where path is the full URL path without the query string.
 *
 * A Signer is the only object that holds the private key. Implementations parse the key once.
 */
export interface Signer {
  /** The API key id sent as KALSHI-ACCESS-KEY. */
  readonly keyId: string;
  /** Base64 RSA-PSS signature of `message`. Asynchronous so that concurrent requests do not block the loop. */
  sign(message: string): Promise<string>;
}

export const ACCESS_KEY_HEADER = 'KALSHI-ACCESS-KEY';
export const ACCESS_TIMESTAMP_HEADER = 'KALSHI-ACCESS-TIMESTAMP';
export const ACCESS_SIGNATURE_HEADER = 'KALSHI-ACCESS-SIGNATURE';

/** How to give the client credentials; ends the messages of errors about missing ones. */
export const CREDENTIALS_HINT = 'pass apiKeyId and privateKey, or set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH';

/** The three auth headers for one request; call again for every attempt so each gets a fresh timestamp. */
export async function signRequest(
  signer: Signer,
  method: string,
  path: string,
  now: number = Date.now(),
): Promise<Record<string, string>> {
  const timestamp = String(now);
  const signature = await signer.sign(timestamp + method.toUpperCase() + path);
  return {
    [ACCESS_KEY_HEADER]: signer.keyId,
    [ACCESS_TIMESTAMP_HEADER]: timestamp,
    [ACCESS_SIGNATURE_HEADER]: signature,
  };
}
