import { constants, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { ConfigError } from './errors.js';
import { readPemPrivateKey } from './pem.js';
import type { Signer } from './signer.js';

/**
 * node:crypto signer. The PEM is parsed once into a KeyObject; each signature runs on libuv's thread pool (the
 * callback form of crypto.sign), so many requests in flight do not serialise on the event loop.
 */
export class NodeSigner implements Signer {
  readonly #key: KeyObject;

  constructor(
    readonly keyId: string,
    privateKey: string | KeyObject,
    source = 'the private key',
  ) {
    this.#key = typeof privateKey === 'string' ? parseKey(privateKey, source) : privateKey;
    if (this.#key.asymmetricKeyType !== 'rsa') {
      throw new ConfigError(`${source} is a ${this.#key.asymmetricKeyType} key; Kalshi API keys are RSA`);
    }
  }

  sign(message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      sign(
        'sha256',
        Buffer.from(message),
        { key: this.#key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
        (err, signature) => (err ? reject(err) : resolve(signature.toString('base64'))),
      );
    });
  }
}

function parseKey(pem: string, source: string): KeyObject {
  readPemPrivateKey(pem, source);
  try {
    return createPrivateKey({ key: pem.replace(/\\n/g, '\n'), format: 'pem' });
  } catch (err) {
    throw new ConfigError(`${source} could not be parsed as an RSA private key (${(err as Error).message})`);
  }
}
