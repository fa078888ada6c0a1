import { basename } from 'node:path';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENAPI } from '../../generator/defaults.ts';
import { emitCombinedSources, emitRestSources } from '../../generator/emit/index.ts';
import { PRETTIER_OPTIONS, formatTypeScript } from '../../generator/format.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { publishedSpecFiles } from '../../generator/load/versions.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import { buildApiModel } from '../../generator/model/openapi.ts';

/**
 * The generator formats with Prettier's Babel parser for speed; the result must be exactly what Prettier's
 * `typescript` parser makes of the same code, for everything emitted from every published spec.
 */
async function expectSameAsTypeScriptParser(files: Map<string, string>): Promise<void> {
  const formatted = await formatTypeScript(files);
  for (const [path, text] of formatted) {
    const withTypeScriptParser = await format(files.get(path)!, { ...PRETTIER_OPTIONS, parser: 'typescript' });
    expect(text, path).toBe(withTypeScriptParser);
  }
}

describe('formatting emitted sources', () => {
  const currentApi = loadSpec(DEFAULT_OPENAPI).then((spec) => buildApiModel(spec));

  it.each(publishedSpecFiles('openapi').map((file) => [basename(file), file]))(
    'REST %s: the Babel parser formats as the typescript parser does',
    async (_name, file) => {
      const api = buildApiModel(await loadSpec(file));
      await expectSameAsTypeScriptParser(emitRestSources(api));
    },
  );

  it.each(publishedSpecFiles('asyncapi').map((file) => [basename(file), file]))(
    'WebSocket %s: the Babel parser formats as the typescript parser does',
    async (_name, file) => {
      const ws = await buildWsModel(await loadSpec(file));
      await expectSameAsTypeScriptParser(emitCombinedSources(await currentApi, ws));
    },
  );
});
