import { ConfigError } from './errors.js';
import { bytesToBase64, pkcs1ToPkcs8, readPemPrivateKey } from './pem.js';
import type { Signer } from './signer.js';

/**
 * WebCrypto signer for browsers, Deno, Bun and edge runtimes. The PEM is checked synchronously at construction
 * (so a bad key fails early) and imported once, on first use, as a non-extractable CryptoKey.
 */
export class WebCryptoSigner implements Signer {
  readonly #key: Promise<CryptoKey>;

  constructor(
    readonly keyId: string,
    privateKey: string | CryptoKey,
    source = 'the private key',
  ) {
    if (typeof privateKey !== 'string') {
      this.#key = Promise.resolve(privateKey);
      return;
    }
    const { format, der } = readPemPrivateKey(privateKey, source);
    const pkcs8 = format === 'pkcs8' ? der : pkcs1ToPkcs8(der);
    this.#key = crypto.subtle
      .importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign'])
      .catch((err: Error) => {
        throw new ConfigError(`${source} could not be imported as an RSA private key (${err.message})`);
      });
    // Surface import failures on first use, not as an unhandled rejection.
    this.#key.catch(() => {});
  }

  async sign(message: string): Promise<string> {
    const key = await this.#key;
    const signature = await crypto.subtle.sign(
      { name: 'RSA-PSS', saltLength: 32 },
      key,
      new TextEncoder().encode(message),
    );
    return bytesToBase64(new Uint8Array(signature));
  }
}
