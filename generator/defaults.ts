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

/** Kalshi's live spec URLs, for `--openapi`/`--asyncapi` and the nightly drift workflow. */
export const LIVE_OPENAPI_URL = 'https://docs.kalshi.com/openapi.yaml';
export const LIVE_ASYNCAPI_URL = 'https://docs.kalshi.com/asyncapi.yaml';
