/**
 * Signatures per second: the generated SDK's signers against the bare crypto calls they wrap, side by side in one
 * run, with 1 and 16 signatures in flight.
 *
 *   node --import tsx bench/signing.ts [--signatures 3000] [--sdk <generated package dir>]
 *
 * Every signature is Kalshi's: RSA-PSS/SHA-256 (2048-bit key, salt = digest length) over timestamp + method + path,
 * base64-encoded, with a fresh timestamp each time. Keys are parsed once, up front, for every variant but the last.
 * - `node:crypto sync`     `crypto.sign(...)` without a callback: blocks the event loop, so concurrency cannot help;
 * - `node:crypto async`    the callback form, which runs on libuv's thread pool;
 * - `WebCrypto`            `crypto.subtle.sign` with a CryptoKey imported once;
 * - `NodeSigner`           the generated Node signer through `signRequest` (the headers a request gets);
 * - `WebCryptoSigner`      the generated browser/edge signer through `signRequest`;
 * - `kalshi-typescript`    the official SDK's `KalshiAuth.generateAuthHeaders`: synchronous, and it hands the PEM
 *                          text to node:crypto on every call, so the key is parsed per signature.
 * NodeSigner is compared with node:crypto async, WebCryptoSigner with WebCrypto, kalshi-typescript with
 * node:crypto sync. Not a test: numbers vary by machine; the ratios are what matter.
 */
import { constants, generateKeyPairSync, sign, webcrypto, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../generator/defaults.ts';
import { figures, roundRatio, runRounds, type VariantFigures } from './harness.ts';
import type { Stat } from './stats.ts';

type Sdk = typeof import('../generated/src/index.ts');

export interface SigningBenchOptions {
  /** Signatures of the fastest bare variant per concurrency, split over the rounds. */
  signatures?: number;
  concurrency?: number[];
  /** Default 10. */
  rounds?: number;
  /** A generated SDK package (holding dist/). */
  sdkDir: string;
  log?: (line: string) => void;
}

export const SIGNING_VARIANTS = [
  'node:crypto sync',
  'node:crypto async',
  'WebCrypto',
  'NodeSigner',
  'WebCryptoSigner',
  'kalshi-typescript',
] as const;
export type SigningVariant = (typeof SIGNING_VARIANTS)[number];

export const SIGNING_ANCHORS: Partial<Record<SigningVariant, SigningVariant>> = {
  NodeSigner: 'node:crypto async',
  WebCryptoSigner: 'WebCrypto',
  'kalshi-typescript': 'node:crypto sync',
};

export interface SigningVariantFigures extends VariantFigures {
  anchor?: SigningVariant;
  /** Signatures per second over the anchor's, per round. */
  ratio?: Stat;
}

export interface SigningBenchRow {
  concurrency: number;
  variants: Record<SigningVariant, SigningVariantFigures>;
}

export interface SigningBenchResult {
  rows: SigningBenchRow[];
}

const PATH = '/trade-api/v2/portfolio/orders';
const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };

export async function runSigningBench(options: SigningBenchOptions): Promise<SigningBenchResult> {
  const log = options.log ?? (() => {});
  const signatures = options.signatures ?? 3_000;
  const rounds = Math.max(1, Math.min(options.rounds ?? 10, signatures));
  const sdk = (await import(pathToFileURL(join(options.sdkDir, 'dist/index.js')).href)) as Sdk;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const cryptoKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const nodeSigner = new sdk.NodeSigner('bench-key', pkcs1);
  const webSigner = new sdk.WebCryptoSigner('bench-key', pkcs1);
  const officialAuth = new (kalshiAuthClass())('bench-key', pkcs1);
  const message = () => `${Date.now()}POST${PATH}`;

  const send: Record<SigningVariant, () => Promise<unknown>> = {
    'node:crypto sync': async () =>
      sign('sha256', Buffer.from(message()), { key: privateKey, ...PSS }).toString('base64'),
    'node:crypto async': () => signAsync(privateKey, message()),
    WebCrypto: async () => {
      const signature = await webcrypto.subtle.sign(
        { name: 'RSA-PSS', saltLength: 32 },
        cryptoKey,
        new TextEncoder().encode(message()),
      );
      return Buffer.from(signature).toString('base64');
    },
    NodeSigner: () => sdk.signRequest(nodeSigner, 'POST', PATH),
    WebCryptoSigner: () => sdk.signRequest(webSigner, 'POST', PATH),
    'kalshi-typescript': async () => officialAuth.generateAuthHeaders('POST', PATH),
  };

  const rows: SigningBenchRow[] = [];
  for (const concurrency of options.concurrency ?? [1, 16]) {
    const perRound = Math.max(concurrency, Math.ceil(signatures / rounds));
    const runs = await runRounds({
      send,
      concurrency,
      rounds,
      perRound,
      paceSetter: 'node:crypto async',
      warmup: Math.min(perRound, 100),
    });
    const variants = {} as Record<SigningVariant, SigningVariantFigures>;
    for (const variant of SIGNING_VARIANTS) {
      const anchor = SIGNING_ANCHORS[variant];
      variants[variant] = anchor
        ? { ...figures(runs[variant]), anchor, ratio: roundRatio(runs[variant], runs[anchor]) }
        : figures(runs[variant]);
    }
    rows.push({ concurrency, variants });
    log(formatRow(concurrency, variants));
  }
  return { rows };
}

function signAsync(key: KeyObject, text: string): Promise<string> {
  return new Promise((resolve, reject) =>
    sign('sha256', Buffer.from(text), { key, ...PSS }, (err, signature) =>
      err ? reject(err) : resolve(signature.toString('base64')),
    ),
  );
}

interface KalshiAuth {
  generateAuthHeaders(method: string, path: string): Record<string, string>;
}

/** The official SDK's signer; not exported from its index, so loaded from the module its API classes use. */
function kalshiAuthClass(): new (apiKey: string, privateKeyPem: string) => KalshiAuth {
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  return (require('kalshi-typescript/dist/auth.js') as { KalshiAuth: new (apiKey: string, pem: string) => KalshiAuth })
    .KalshiAuth;
}

function formatRow(concurrency: number, variants: Record<SigningVariant, SigningVariantFigures>): string {
  return [
    `${concurrency} in flight:`,
    ...SIGNING_VARIANTS.map((variant) => {
      const v = variants[variant];
      const vs = v.anchor ? `  ${(v.ratio!.median * 100).toFixed(1).padStart(5)}% of ${v.anchor}` : '';
      return `  ${variant.padEnd(20)}${Math.round(v.rate).toLocaleString('en-US').padStart(7)} signatures/s${vs}`;
    }),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { signatures: { type: 'string' }, sdk: { type: 'string' } } });
  await runSigningBench({
    signatures: values.signatures ? Number(values.signatures) : undefined,
    sdkDir: values.sdk ?? join(REPO_ROOT, 'generated'),
    log: console.log,
  });
}
