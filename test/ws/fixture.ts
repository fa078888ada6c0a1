import { randomUUID } from 'node:crypto';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../generator/defaults.ts';
import { emitWsModule } from '../../generator/targets/typescript/emit/ws.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import type { WsModel } from '../../generator/model/types.ts';
import { TEST_PRODUCT } from '../helpers/product.ts';
import { wsNamesFor } from '../helpers/plan.ts';

/**
 * A generated package tree for tests: `src/ws.ts` emitted from a spec next to copies of `templates/runtime` and
 * `templates/ws`, as the pipeline lays them out. It lives under the repository (so `ws` resolves from its
 * node_modules) in a `.generated-*` folder git ignores; `remove()` deletes it.
 */
export interface WsFixture {
  dir: string;
  src: string;
  model: WsModel;
  /** Imports the emitted module and the Node platform the client is constructed with. */
  load(): Promise<{ mod: Record<string, any>; nodePlatform: unknown }>;
  remove(): Promise<void>;
}

export async function generateWsFixture(specPath: string): Promise<WsFixture> {
  const model = await buildWsModel(await loadSpec(specPath));
  const dir = join(REPO_ROOT, `.generated-ws-test-${randomUUID()}`);
  const src = join(dir, 'src');
  await mkdir(src, { recursive: true });
  await cp(join(REPO_ROOT, 'templates'), src, { recursive: true });
  await writeFile(join(src, 'ws.ts'), emitWsModule(model, wsNamesFor(model)));
  const load = async () => {
    const mod = (await import(pathToFileURL(join(src, 'ws.ts')).href)) as Record<string, any>;
    // The module's client takes the product from the package entry; the tests construct it as the entry's does.
    const Client = mod.KalshiWebSocket as new (options: object, platform: unknown, product: object) => object;
    const KalshiWebSocket = class extends Client {
      constructor(options: object, platform: unknown) {
        super(options, platform, TEST_PRODUCT);
      }
    };
    return {
      mod: { ...mod, KalshiWebSocket },
      nodePlatform: (await import(pathToFileURL(join(src, 'runtime/platform-node.ts')).href)).nodePlatform as unknown,
    };
  };
  return { dir, src, model, load, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Polls `check` until it holds; for client state that no server event announces. */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
