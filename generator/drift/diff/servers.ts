import { serverLocation } from '../surface/locations.ts';
import type { Change } from './change.ts';
import { diffElements } from './keyed.ts';

/** Server URLs added (not breaking) or removed (breaking: the SDK's configured endpoint may be gone). */
export function diffServers(from: string[], to: string[]): Change[] {
  const byUrl = (urls: string[]) => Object.fromEntries(urls.map((url) => [url, url]));
  return diffElements(byUrl(from), byUrl(to), {
    kinds: ['server.added', 'server.removed'],
    locate: serverLocation,
    added: () => 'server added',
    removed: () => 'server removed',
  });
}
