import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SPECS_DIR } from '../defaults.ts';

/**
 * The published captures of one kind in `versions/`, oldest first: REST files are `<info.version>_<date>.yaml` and
 * sort by version then date; WebSocket files are `<date>.yaml` (all one version) and sort by date.
 */
export function publishedSpecFiles(kind: 'openapi' | 'asyncapi', specsDir: string = SPECS_DIR): string[] {
  const dir = join(specsDir, 'versions', kind);
  const key = (file: string) => {
    const [version, date] = file.includes('_') ? file.replace(/\.ya?ml$/, '').split('_') : ['0.0.0', file];
    return [...version!.split('.').map(Number), date!] as const;
  };
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return 0;
    })
    .map((f) => join(dir, f));
}
