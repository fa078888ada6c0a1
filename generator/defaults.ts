import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root (the folder holding package.json). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Kalshi's published specs. The repository may not commit them: they are read from `../shared/specs` beside the
 * checkout (standing in for docs.kalshi.com), or from wherever KALSHI_SPECS_DIR points.
 */
export const SPECS_DIR = resolve(REPO_ROOT, process.env.KALSHI_SPECS_DIR ?? '../shared/specs');
export const DEFAULT_OPENAPI = resolve(SPECS_DIR, 'openapi.yaml');
export const DEFAULT_ASYNCAPI = resolve(SPECS_DIR, 'asyncapi.yaml');
export const DEFAULT_OUT = resolve(REPO_ROOT, 'generated');

/**
 * For the error when a default spec is missing: where specs are looked for and how to point elsewhere. Undefined
 * for a location someone gave, which needs no explaining. `flags` maps each default location (of every product) to
 * its flag and what it is (productSpecFlags in products.ts).
 */
export function defaultSpecHint(
  location: string,
  flags: ReadonlyMap<string, { flag: string; what: string }>,
): string | undefined {
  const known = flags.get(location);
  if (!known) return undefined;
  const given = process.env.KALSHI_SPECS_DIR;
  const folder =
    given === undefined
      ? '../shared/specs beside the checkout unless KALSHI_SPECS_DIR names another folder'
      : `KALSHI_SPECS_DIR=${given} instead of ../shared/specs beside the checkout`;
  return `the default ${known.what}: specs are read from ${folder}; or pass ${known.flag} <file|url>`;
}
