import { buildEnvironments } from '../model/environments.ts';
import type { Source } from '../format.ts';
import type { ApiModel, SpecIdentity, WsModel } from '../model/types.ts';
import type { ApiPlan, SdkPlan } from '../plan/index.ts';
import { clientStructures } from './client.ts';
import { entrySource, testingEntrySource } from './entry.ts';
import { mockExchangeSource } from './exchange.ts';
import { fileHeader } from './header.ts';
import { operationStructures, restTypeNames } from './operations.ts';
import {
  decimalStringImport,
  namedTypeStructures,
  printPieces,
  printStatements,
  schemaDeclarations,
} from './typescript.ts';
import { emitWsModule, wsTypeNames } from './ws.ts';

/**
 * The emitted sources, keyed by path relative to `src/`, in two batches: what the REST model alone decides (the
 * bulk, emitted and formatted while the WebSocket spec is still being read), then what needs both models.
 */
export function emitRestSources({ api, rest }: ApiPlan): Map<string, Source> {
  const header = fileHeader([api.spec]);
  const typeNames = restTypeNames(rest);
  const schemas = schemaDeclarations(api.schemas, (specName) => rest.schema(specName));
  // In pieces: these grow with the spec, and Prettier's memory grows with the text it is given at once.
  return new Map([
    [
      'types.ts',
      printPieces(
        [
          ...decimalStringImport(
            api.schemas.map((s) => s.type),
            typeNames,
          ),
          ...namedTypeStructures(schemas, typeNames),
        ],
        header,
      ),
    ],
    ['operations.ts', printPieces(operationStructures(api, rest), header)],
    ['client.ts', printPieces(clientStructures(api, rest), header)],
  ]);
}

/** The WebSocket module, the entry points, the environments and the mock exchange: all name or use both specs. */
export function emitCombinedSources(api: ApiModel, ws: WsModel | undefined, plan: SdkPlan): Map<string, Source> {
  const specs: SpecIdentity[] = ws ? [api.spec, ws.spec] : [api.spec];
  const files = new Map<string, Source>();
  if (ws) {
    const decimalTypes = [...ws.schemas.map((s) => s.type), ...ws.messages.map((m) => m.payload)];
    files.set(
      'ws.ts',
      fileHeader([ws.spec]) +
        printStatements(decimalStringImport(decimalTypes, wsTypeNames(plan.ws!))) +
        emitWsModule(ws, plan.ws!),
    );
  }
  const entryHeader = fileHeader(specs);
  files.set('index.ts', entryHeader + entrySource('node', plan));
  files.set('browser.ts', entryHeader + entrySource('web', plan));
  files.set(ENVIRONMENTS_MODULE, fileHeader(specs, 'The servers the specs declare.') + environmentsSource(api, ws));
  files.set('testing/index.ts', entryHeader + testingEntrySource());
  files.set(
    'testing/exchange.ts',
    mockExchangeSource(api, ws, plan, fileHeader(specs, 'The mock exchange: sample data.')),
  );
  return files;
}

/** The template's default environments are replaced by the ones the specs declare. */
const ENVIRONMENTS_MODULE = 'runtime/environments.ts';

function environmentsSource(api: ApiModel, ws: WsModel | undefined): string {
  const environments = buildEnvironments(api, ws);
  return `/** Where each environment of the API lives, from the specs' servers. */\nexport const ENVIRONMENTS = ${JSON.stringify(environments, null, 2)} as const;\n`;
}
