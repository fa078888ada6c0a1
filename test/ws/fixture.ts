import { randomUUID } from 'node:crypto';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../generator/defaults.ts';
import { emitWsModule } from '../../generator/emit/ws.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import type { WsModel } from '../../generator/model/types.ts';

/**
 * A generated package tree for tests: `src/ws.ts` emitted from a spec next to copies of `templates/runtime` and
 * `templates/ws`, as the pipeline lays them out. It lives under the repository (so `ws` resolves from its
 * node_modules) in a `.generated-*` folder git ignores; `remove()` deletes it.
 */
export interface WsFixture {
  dir: string;
  src: string;
  model: WsModel;
  remove(): Promise<void>;
}

export async function generateWsFixture(specPath: string): Promise<WsFixture> {
  const model = await buildWsModel(await loadSpec(specPath));
  const dir = join(REPO_ROOT, `.generated-ws-test-${randomUUID()}`);
  const src = join(dir, 'src');
  await mkdir(src, { recursive: true });
  await cp(join(REPO_ROOT, 'templates'), src, { recursive: true });
  await writeFile(join(src, 'ws.ts'), emitWsModule(model));
  return { dir, src, model, remove: () => rm(dir, { recursive: true, force: true }) };
}
