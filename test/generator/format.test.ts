import { basename } from 'node:path';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENAPI } from '../../generator/defaults.ts';
import { clientStructures } from '../../generator/targets/typescript/emit/client.ts';
import { emitCombinedSources, emitRestSources } from '../../generator/targets/typescript/emit/index.ts';
import { operationStructures, restTypeNames } from '../../generator/targets/typescript/emit/operations.ts';
import {
  namedTypeStructures,
  printPieces,
  printStatements,
  schemaDeclarations,
} from '../../generator/targets/typescript/emit/typescript.ts';
import {
  PRETTIER_OPTIONS,
  formatTypeScript,
  sourceText,
  type Source,
} from '../../generator/targets/typescript/format.ts';
import { loadSpec } from '../../generator/load/index.ts';
import { publishedSpecFiles } from '../../generator/load/versions.ts';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import { buildApiModel } from '../../generator/model/openapi.ts';
import { planSdk } from '../../generator/plan/index.ts';
import { foundProductSpecs } from '../../generator/products.ts';
import { apiPlanFor, planFor } from '../helpers/plan.ts';

/**
 * The generator formats with Prettier's Babel parser for speed, and large files in pieces to bound its memory; the
 * result must be exactly what Prettier's `typescript` parser makes of the whole file, for everything emitted from
 * every published spec.
 */
async function expectSameAsTypeScriptParser(files: Map<string, Source>): Promise<void> {
  const formatted = await formatTypeScript(files);
  for (const [path, text] of formatted) {
    const withTypeScriptParser = await format(sourceText(files.get(path)!), {
      ...PRETTIER_OPTIONS,
      parser: 'typescript',
    });
    expect(text, path).toBe(withTypeScriptParser);
  }
}

describe('formatting emitted sources', () => {
  const currentApi = loadSpec(DEFAULT_OPENAPI).then((spec) => buildApiModel(spec));

  it.each(publishedSpecFiles('openapi').map((file) => [basename(file), file]))(
    'REST %s: the Babel parser formats as the typescript parser does',
    async (_name, file) => {
      const api = buildApiModel(await loadSpec(file));
      await expectSameAsTypeScriptParser(emitRestSources(apiPlanFor(api)));
    },
  );

  // The WebSocket module is what a WebSocket spec decides; the other combined sources (the entries, the product module,
  // the mock exchange, large and of the REST spec) are checked once per product below.
  it.each(publishedSpecFiles('asyncapi').map((file) => [basename(file), file]))(
    'WebSocket %s: the Babel parser formats as the typescript parser does',
    async (_name, file) => {
      const ws = await buildWsModel(await loadSpec(file));
      const api = await currentApi;
      const sources = emitCombinedSources(planFor(api, ws));
      await expectSameAsTypeScriptParser(new Map([...sources].filter(([path]) => path.endsWith('ws.ts'))));
    },
  );

  it.each(foundProductSpecs().map((found) => [found.product.title, found] as const))(
    '%s, every module: the Babel parser formats as the typescript parser does',
    async (_title, { product, openapi, asyncapi }) => {
      const api = buildApiModel(await loadSpec(openapi));
      const ws = asyncapi ? await buildWsModel(await loadSpec(asyncapi)) : undefined;
      const apiPlan = apiPlanFor(api, product);
      const plan = planSdk(apiPlan, ws);
      await expectSameAsTypeScriptParser(new Map([...emitRestSources(apiPlan), ...emitCombinedSources(plan)]));
    },
  );
});

describe('emitting in pieces', () => {
  it('gives the same text as printing each file whole, split where no piece grows with the spec', async () => {
    const api = buildApiModel(await loadSpec(DEFAULT_OPENAPI));
    const header = '/* header */\n';
    const { rest } = apiPlanFor(api);
    const files = {
      'types.ts': namedTypeStructures(
        schemaDeclarations(api.schemas, rest.schema, rest.previousSchema),
        restTypeNames(rest),
      ),
      'operations.ts': operationStructures(api, rest),
      'client.ts': clientStructures(api, rest),
    };
    for (const [path, statements] of Object.entries(files)) {
      const pieces = printPieces(statements, header);
      expect(sourceText(pieces), path).toBe(header + printStatements(statements));
      expect(pieces.length, path).toBeGreaterThan(1);
    }
    // The facade is one class with a method per operation: its methods come in runs.
    const facade = printPieces(files['client.ts']).find((piece) => typeof piece !== 'string');
    expect(facade && facade.members.length).toBeGreaterThan(1);
  });
});
