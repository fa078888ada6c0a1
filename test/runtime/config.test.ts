import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../templates/runtime/errors.js';
import { WebCryptoSigner } from '../../templates/runtime/signer-web.js';
import { core, rsaKeyPair } from './helpers.js';

const rsa = rsaKeyPair().privateKey;
const pem = (label: string, body = 'MIIBOgIBAAJBAK') => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

describe('configuration errors say what is wrong', () => {
  it.each([
    ['text that is not PEM', 'hello', /privateKey is not a PEM private key/],
    ['a PKCS#8 encrypted key', pem('ENCRYPTED PRIVATE KEY'), /privateKey is encrypted with a passphrase/],
    [
      'an OpenSSL encrypted key',
      pem('RSA PRIVATE KEY', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB'),
      /privateKey is encrypted with a passphrase/,
    ],
    ['a public key', pem('PUBLIC KEY'), /privateKey is a PUBLIC KEY, not a private key/],
    ['a damaged key', pem('RSA PRIVATE KEY'), /privateKey is damaged: could not be parsed/],
  ])('node:crypto rejects %s', (_, privateKey, message) => {
    expect(() => core({ apiKeyId: 'k', privateKey })).toThrow(message);
  });

  it.each([
    ['text that is not PEM', 'hello', /is not a PEM private key/],
    ['an encrypted key', pem('ENCRYPTED PRIVATE KEY'), /is encrypted with a passphrase/],
    ['a public key', pem('PUBLIC KEY'), /is a PUBLIC KEY, not a private key/],
    ['a body that is not base64', pem('PRIVATE KEY', 'not*base64'), /is damaged/],
    ['a body that is not DER', pem('PRIVATE KEY', 'AAAA'), /is damaged/],
  ])('WebCrypto rejects %s at construction', (_, privateKey, message) => {
    expect(() => new WebCryptoSigner('k', privateKey)).toThrow(message);
  });

  it.each([
    ['a number', 123456789, 'a number'],
    ['null', null, 'null'],
    ['a Buffer', Buffer.from('-----BEGIN PRIVATE KEY-----'), 'a Buffer'],
    ['a plain object', { pem: 'x' }, 'an object'],
  ])('says what a key that is not PEM text was given as (%s), without echoing it', (_, privateKey, given) => {
    const node = () => core({ apiKeyId: 'k', privateKey });
    const web = () => new WebCryptoSigner('k', privateKey as never, 'privateKey');
    expect(node).toThrow(ConfigError);
    expect(node).toThrow(`privateKey is ${given}, not PEM text or a KeyObject`);
    expect(web).toThrow(`privateKey is ${given}, not PEM text or a CryptoKey`);
    expect(() => node()).not.toThrow(/123456789|BEGIN|pem/);
  });

  it('takes a parsed key: a KeyObject, or a WebCrypto CryptoKey on Node too', async () => {
    const keyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const algorithm = {
      name: 'RSA-PSS',
      hash: 'SHA-256',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
    };
    const { privateKey: cryptoKey } = await crypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
    for (const key of [keyObject, cryptoKey]) {
      const signer = core({ apiKeyId: 'k', privateKey: key }).signer!;
      expect(Buffer.from(await signer.sign('message'), 'base64')).toHaveLength(256);
    }
  });

  it('refuses a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => core({ apiKeyId: 'k', privateKey: ec.toString() })).toThrow(/privateKey is an ec key, not RSA/);
  });

  it('accepts a key whose newlines were escaped into one line, as environment variables often carry it', () => {
    expect(core({ apiKeyId: 'k', privateKey: rsa.replace(/\n/g, '\\n') }).authenticated).toBe(true);
  });

  it('names the missing half of the credentials', () => {
    expect(() => core({ apiKeyId: 'k' })).toThrow(/^privateKey missing: pass apiKeyId and privateKey/);
    expect(() => core({ env: { KALSHI_PRIVATE_KEY: rsa } })).toThrow(/^apiKeyId missing/);
    expect(() => core({ apiKeyId: 'k' })).toThrow(ConfigError);
  });

  it('reads the key file, options before environment, and says when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalshi-config-'));
    const file = join(dir, 'key.pem');
    writeFileSync(file, rsa);
    const env = { KALSHI_API_KEY_ID: 'k', KALSHI_PRIVATE_KEY: 'not a key' };
    expect(core({ env, privateKeyPath: file }).authenticated).toBe(true);
    expect(() => core({ env })).toThrow(/KALSHI_PRIVATE_KEY is not a PEM private key/);
    expect(core({ env: { KALSHI_API_KEY_ID: 'k', KALSHI_PRIVATE_KEY_PATH: file } }).authenticated).toBe(true);
    expect(() => core({ apiKeyId: 'k', privateKeyPath: join(dir, 'missing.pem') })).toThrow(
      /cannot read the key file: ENOENT/,
    );
  });

  it('rejects an unknown environment and an invalid URL', () => {
    expect(() => core({ environment: 'staging' as never })).toThrow(
      'unknown environment "staging" for Test API: use production or demo',
    );
    expect(() => core({ env: { KALSHI_ENV: 'prod' } })).toThrow(/unknown environment "prod"/);
    expect(() => core({ baseUrl: 'not a url' })).toThrow('baseUrl "not a url" is not a valid URL');
  });
});
