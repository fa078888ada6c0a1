import { buildEnvironments } from '../../../model/environments.ts';
import type { Source } from '../format.ts';
import type { ApiModel, SpecIdentity, WsModel } from '../../../model/types.ts';
import type { ApiPlan, SdkPlan } from '../../../plan/index.ts';
import { clientStructures } from './client.ts';
import { entrySource, testingEntrySource } from './entry.ts';
import { mockExchangeSource } from './exchange.ts';
import { fileHeader } from '../../../header.ts';
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
  const schemas = schemaDeclarations(api.schemas, rest.schema, rest.previousSchema);
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
export function emitCombinedSources(plan: SdkPlan): Map<string, Source> {
  const { api, ws } = plan.models;
  const specs: SpecIdentity[] = ws ? [api.spec, ws.spec] : [api.spec];
  const files = new Map<string, Source>();
  if (ws) {
    const decimalTypes = [...ws.schemas.map((s) => s.type), ...ws.messages.map((m) => m.payload)];
    files.set(
      'ws.ts',
      fileHeader([ws.spec]) +
        printStatements(decimalStringImport(decimalTypes, wsTypeNames(plan.ws!))) +
        emitWsModule(ws, plan.ws!, plan.entry.wsNamespace),
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

/** The module of the environments, which the specs' servers decide (its template holds Kalshi's as a default). */
const ENVIRONMENTS_MODULE = 'runtime/environments.ts';

/**
 * The templates that only hold a default of what the specs decide, for the runtime to type-check on its own: the
 * emitted module of the same path takes their place in the SDK. Any other emitted path a template has is a clash.
 */
export const TEMPLATE_DEFAULTS: ReadonlySet<string> = new Set([ENVIRONMENTS_MODULE]);

function environmentsSource(api: ApiModel, ws: WsModel | undefined): string {
  const environments = buildEnvironments(api, ws);
  return `/** Where each environment of the API lives, from the specs' servers. */\nexport const ENVIRONMENTS = ${JSON.stringify(environments, null, 2)} as const;\n`;
}
