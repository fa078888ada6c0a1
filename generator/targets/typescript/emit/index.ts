import type { Source } from '../format.ts';
import type { SpecIdentity } from '../../../model/types.ts';
import type { ApiPlan, SdkPlan } from '../../../plan/index.ts';
import { PRODUCT_MODULE_NAMES } from '../../../plan/index.ts';
import { moduleSpecifier } from '../../../plan/product.ts';
import type { Product } from '../../../../templates/runtime/product.ts';
import { clientStructures } from './client.ts';
import { entrySource, testingEntrySource } from './entry.ts';
import { mockExchangeSource } from './exchange.ts';
import { fileHeader } from '../../../header.ts';
import { code, printLiteral } from './literal.ts';
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
 * A product's emitted sources, keyed by path relative to `src/` (in its folder, `plan.dir`), in two batches: what
 * the REST model alone decides (the bulk, emitted and formatted while the WebSocket spec is still being read), then
 * what needs both models.
 */
export function emitRestSources({ api, rest, dir }: ApiPlan): Map<string, Source> {
  const header = fileHeader([api.spec]);
  const typeNames = restTypeNames(rest);
  const schemas = schemaDeclarations(api.schemas, rest.schema, rest.previousSchema);
  // In pieces: these grow with the spec, and Prettier's memory grows with the text it is given at once.
  return new Map([
    [
      `${dir}types.ts`,
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
    [`${dir}operations.ts`, printPieces(operationStructures(api, rest), header)],
    [`${dir}client.ts`, printPieces(clientStructures(api, rest), header)],
  ]);
}

/** The WebSocket module, the entry points, the product module and the mock exchange: all name or use both specs. */
export function emitCombinedSources(plan: SdkPlan): Map<string, Source> {
  const { api, ws } = plan.models;
  const { dir } = plan;
  const specs = productSpecs(plan);
  const files = new Map<string, Source>();
  if (ws) {
    const decimalTypes = [...ws.schemas.map((s) => s.type), ...ws.messages.map((m) => m.payload)];
    files.set(
      `${dir}ws.ts`,
      fileHeader([ws.spec]) +
        printStatements(decimalStringImport(decimalTypes, wsTypeNames(plan.ws!))) +
        emitWsModule(ws, plan.ws!, plan.entry.wsNamespace),
    );
  }
  const entryHeader = fileHeader(specs);
  files.set(`${dir}index.ts`, entryHeader + entrySource('node', plan));
  files.set(`${dir}browser.ts`, entryHeader + entrySource('web', plan));
  files.set(`${dir}product.ts`, fileHeader(specs, 'The product as the runtime knows it.') + productSource(plan));
  files.set(
    `${dir}testing/exchange.ts`,
    mockExchangeSource(api, ws, plan, fileHeader(specs, 'The mock exchange: sample data.')),
  );
  return files;
}

/** What the package holds besides its products' modules: `testing/index.ts`, which names them all. */
export function emitPackageSources(plans: readonly SdkPlan[]): Map<string, Source> {
  const header = fileHeader(plans.flatMap(productSpecs));
  return new Map([['testing/index.ts', header + testingEntrySource(plans)]]);
}

function productSpecs({ models: { api, ws } }: SdkPlan): SpecIdentity[] {
  return ws ? [api.spec, ws.spec] : [api.spec];
}

/**
 * `product.ts`: the product's environments (from its specs' servers) and what the runtime needs to know of it, by
 * the planned names of PRODUCT_MODULE_NAMES.
 */
function productSource(plan: SdkPlan): string {
  const { environments, environment, product } = PRODUCT_MODULE_NAMES;
  const value: Omit<Product, 'environments'> & { environments: ReturnType<typeof code> } = {
    name: plan.product.title,
    environments: code(environments),
    envPrefix: plan.product.envPrefix,
    credentials: productCredentials(plan),
  };
  const runtime = moduleSpecifier(plan.dir, 'runtime/product.ts');
  return `import type { Product } from '${runtime}';

/** Where each environment of the ${plan.product.title} lives, from its specs' servers. */
export const ${environments} = ${JSON.stringify(plan.environments, null, 2)} as const;

/** The name of one of its environments. */
export type ${environment} = keyof typeof ${environments};

/** The ${plan.product.title} as the runtime knows it: its environments and the credentials its clients read. */
export const ${product}: Product<${environment}> = ${printLiteral(value)};
`;
}

/**
 * The credentials the product's clients read: those its operations' security schemes ask for, and the signed
 * headers when it has a WebSocket API, whose handshake the runtime signs.
 */
function productCredentials(plan: SdkPlan): Product['credentials'] {
  const auth = new Set(plan.models.api.operations.map((op) => op.auth));
  const signed = auth.has('signed') || auth.has('optional') || plan.models.ws !== undefined;
  return [...(signed ? (['signed'] as const) : []), ...(auth.has('bearer') ? (['bearer'] as const) : [])];
}
