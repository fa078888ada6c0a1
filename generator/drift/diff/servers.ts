import { serverLocation } from '../surface/locations.ts';
import type { Change } from './change.ts';

/** Server URLs added (not breaking) or removed (breaking: the SDK's configured endpoint may be gone). */
export function diffServers(from: string[], to: string[]): Change[] {
  return [
    ...to
      .filter((url) => !from.includes(url))
      .map((url): Change => ({
        kind: 'server.added',
        location: serverLocation(url),
        breaking: false,
        message: 'server added',
      })),
    ...from
      .filter((url) => !to.includes(url))
      .map((url): Change => ({
        kind: 'server.removed',
        location: serverLocation(url),
        breaking: true,
        message: 'server removed',
      })),
  ];
}
