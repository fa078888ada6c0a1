import { ConfigError } from './errors.js';

/** The DER bytes and kind of an unencrypted PEM private key, checked well enough to fail early with a clear fix. */
export interface PemKey {
  format: 'pkcs8' | 'pkcs1';
  der: Uint8Array<ArrayBuffer>;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

export function readPemPrivateKey(pem: string, source: string): PemKey {
  const text = pem.replace(/\\n/g, '\n').trim();
  const block = PEM_BLOCK.exec(text);
  if (!block) {
    throw new ConfigError(
      `${source} is not a PEM private key: expected a "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----" block (paste the whole file Kalshi gave you, or point KALSHI_PRIVATE_KEY_PATH at it)`,
    );
  }
  const label = block[1]!;
  const body = block[2]!;
  if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(body)) {
    throw new ConfigError(
      `${source} is encrypted with a passphrase; decrypt it once with "openssl pkey -in key.pem -out key-plain.pem" and use that file`,
    );
  }
  if (label !== 'PRIVATE KEY' && label !== 'RSA PRIVATE KEY') {
    throw new ConfigError(
      `${source} holds a "${label}" block, not an RSA private key (expected "PRIVATE KEY" or "RSA PRIVATE KEY")`,
    );
  }
  const base64 = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new ConfigError(
      `${source} is damaged: the PEM body is not valid base64 (check for truncated or extra lines)`,
    );
  }
  const der = base64ToBytes(base64);
  if (der[0] !== 0x30) throw new ConfigError(`${source} is damaged: the PEM body is not a DER-encoded key`);
  return { format: label === 'PRIVATE KEY' ? 'pkcs8' : 'pkcs1', der };
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
