import { KeyObject, constants, createPrivateKey, sign, type SignKeyObjectInput } from 'node:crypto';
import { ConfigError } from './errors.js';
import { damagedKey, notAKey, pemBlock } from './pem.js';
import type { Signer } from './signer.js';

/**
 * node:crypto signer. The PEM is parsed once into a KeyObject; each signature runs on libuv's thread pool (the
 * callback form of crypto.sign), so many requests in flight do not serialise on the event loop.
 */
export class NodeSigner implements Signer {
  declare readonly keyId: string;
  /** The key with its RSA-PSS settings, built once rather than per signature. */
  readonly #key: SignKeyObjectInput;

  constructor(keyId: string, privateKey: string | KeyObject | CryptoKey, source = 'the private key') {
    this.keyId = keyId;
    const key = toKeyObject(privateKey, source);
    if (key.asymmetricKeyType !== 'rsa') throw new ConfigError(`${source} is an ${key.asymmetricKeyType} key, not RSA`);
    this.#key = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  }

  sign(message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      sign('sha256', Buffer.from(message), this.#key, (err, signature) =>
        err ? reject(err) : resolve(signature.toString('base64')),
      );
    });
  }
}

function toKeyObject(privateKey: unknown, source: string): KeyObject {
  if (typeof privateKey === 'string') return parseKey(privateKey, source);
  if (privateKey instanceof KeyObject) return privateKey;
  if (privateKey instanceof CryptoKey) return KeyObject.from(privateKey);
  throw notAKey(source, privateKey, 'KeyObject');
}

/** node:crypto parses the key; the PEM is only examined when it refuses, to say why. */
function parseKey(pem: string, source: string): KeyObject {
  const text = pem.replace(/\\n/g, '\n');
  try {
    return createPrivateKey(text);
  } catch (err) {
    pemBlock(text, source);
    throw damagedKey(source, err);
  }
}
