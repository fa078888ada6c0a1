import { base64ToBytes, bytesToBase64, damagedKey, notAKey, pemBlock, pkcs1ToPkcs8 } from './pem.js';
import type { Signer } from './signer.js';

/**
 * WebCrypto signer for browsers, Deno, Bun and edge runtimes. The PEM is checked synchronously at construction
 * (so a bad key fails early) and imported once, on first use, as a non-extractable CryptoKey.
 */
export class WebCryptoSigner implements Signer {
  declare readonly keyId: string;
  readonly #key: Promise<CryptoKey>;

  constructor(keyId: string, privateKey: string | CryptoKey, source = 'the private key') {
    this.keyId = keyId;
    if (typeof privateKey !== 'string') {
      if (!(privateKey instanceof CryptoKey)) throw notAKey(source, privateKey, 'CryptoKey');
      this.#key = Promise.resolve(privateKey);
      return;
    }
    const { label, body } = pemBlock(privateKey.replace(/\\n/g, '\n'), source);
    let der: Uint8Array<ArrayBuffer>;
    try {
      der = base64ToBytes(body.replace(/\s+/g, ''));
    } catch (err) {
      throw damagedKey(source, err);
    }
    // Every DER key is a SEQUENCE; anything else would only fail later, inside importKey.
    if (der[0] !== 0x30) throw damagedKey(source, 'not DER');
    this.#key = crypto.subtle
      .importKey(
        'pkcs8',
        label === 'PRIVATE KEY' ? der : pkcs1ToPkcs8(der),
        { name: 'RSA-PSS', hash: 'SHA-256' },
        false,
        ['sign'],
      )
      .catch((err: unknown) => {
        throw damagedKey(source, err);
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
