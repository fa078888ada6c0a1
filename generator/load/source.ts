import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { defaultSpecHint } from '../defaults.ts';
import { productSpecFlags } from '../products.ts';
import { SpecError } from '../errors.ts';

/** The raw bytes of a spec as read, with the identity we report and lock: where it came from and its sha256. */
export interface SpecSource {
  location: string;
  text: string;
  sha256: string;
}

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

export async function readSpecSource(location: string): Promise<SpecSource> {
  const text = isUrl(location) ? await fetchText(location) : await readLocal(location);
  return { location, text, sha256: createHash('sha256').update(text).digest('hex') };
}

async function readLocal(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = defaultSpecHint(path, productSpecFlags());
    const why =
      code === 'ENOENT'
        ? `file not found${hint ? ` (${hint})` : ''}`
        : code === 'EISDIR'
          ? 'is a directory, expected a spec file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read file (${code ?? (err as Error).message})`;
    throw new SpecError(path, '', why);
  }
}

async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new SpecError(url, '', `cannot download spec (${cause?.code ?? cause?.message ?? (err as Error).message})`);
  }
  if (!response.ok) {
    throw new SpecError(url, '', `cannot download spec: HTTP ${response.status} ${response.statusText}`.trim());
  }
  return response.text();
}
