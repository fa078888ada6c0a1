import { generateKeyPairSync } from 'node:crypto';

/** A fresh RSA key pair per test process, in the PEM forms Kalshi hands out (PKCS#1 private key). */
export const testKeys = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    keyId: 'test-key-id',
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    privateKeyPkcs8Pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
})();
