import { ConfigError } from './errors.js';

/**
 * Diagnoses an unusable PEM private key with what to do about it: throws a ConfigError when the text is not PEM,
 * is encrypted, or holds another kind of block; otherwise returns the block's label and base64 body. Node calls
 * it only when node:crypto rejected the key, to say why; WebCrypto needs the body itself.
 */
export function pemBlock(pem: string, source: string): { label: string; body: string } {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!block) {
    throw new ConfigError(`${source} is not a PEM private key (-----BEGIN PRIVATE KEY-----)`);
  }
  // "BEGIN ENCRYPTED PRIVATE KEY" (PKCS#8) or "Proc-Type: 4,ENCRYPTED" (OpenSSL); neither fits in base64.
  if (/[ ,]ENCRYPTED/.test(block[0])) {
    throw new ConfigError(
      `${source} is encrypted with a passphrase; decrypt it once with "openssl pkey -in key.pem -out plain.pem"`,
    );
  }
  if (!/^(RSA )?PRIVATE KEY$/.test(block[1]!)) throw new ConfigError(`${source} is a ${block[1]}, not a private key`);
  return { label: block[1]!, body: block[2]! };
}

/** A key that is neither PEM text nor a parsed key object: says what was given, never the value itself. */
export function notAKey(source: string, key: unknown, keyObject: string): ConfigError {
  let given = String(key);
  if (key != null) {
    const type = typeof key === 'object' ? (Object.getPrototypeOf(key)?.constructor?.name ?? 'object') : typeof key;
    given = `${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type === 'Object' ? 'object' : type}`;
  }
  return new ConfigError(`${source} is ${given}, not PEM text or a ${keyObject}`);
}

/** A key that looks like a private key but cannot be parsed. */
export function damagedKey(source: string, reason: unknown): ConfigError {
  return new ConfigError(`${source} is damaged: could not be parsed (${(reason as Error).message ?? reason})`);
}

/** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, since WebCrypto imports only PKCS#8. */
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  const rsaAlgorithm = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
  const version = [0x02, 0x01, 0x00];
  const octetString = [0x04, ...derLength(pkcs1.length), ...pkcs1];
  const content = [...version, ...rsaAlgorithm, ...octetString];
  return Uint8Array.from([0x30, ...derLength(content.length), ...content]);
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
