import type { ApiModel } from '../model/types.ts';
import { camelCase } from './identifiers.ts';
import { found, type RestNames, type Scopes } from './rest.ts';
import type { NameTable } from './table.ts';

/** The mock exchange's own names and those it imports from the runtime's sample-exchange engine. */
export const EXCHANGE_MODULE_NAMES = {
  start: 'startMockExchange',
  table: 'EXCHANGE',
  types: 'Types',
  operations: 'Operations',
  startSampleExchange: 'startSampleExchange',
  mockExchange: 'MockExchange',
  restMockExchange: 'RestMockExchange',
  mockExchangeOptions: 'MockExchangeOptions',
  sampleOperation: 'SampleOperation',
} as const;

export interface ExchangeNames {
  readonly own: { readonly [K in keyof typeof EXCHANGE_MODULE_NAMES]: string };
  /** The constant holding an operation's sample answer. */
  operation(operationId: string): string;
  /** The constant of a schema's sample written once for list item `item` (from 1). */
  sample(specName: string, item: number): string;
}

/**
 * Claims the mock exchange module's names: its own and its imports (the WebSocket channel table under `channels`),
 * then a constant per operation, then one per schema sample and list item that may be written once and shared.
 */
export function claimExchange(
  table: NameTable,
  scopes: Scopes,
  api: ApiModel,
  rest: RestNames,
  channels: string | undefined,
  listItems: number,
): ExchangeNames & { channels?: string } {
  const { exchange } = scopes;
  const own = Object.fromEntries(
    Object.entries(EXCHANGE_MODULE_NAMES).map(([key, name]) => [key, table.claim(exchange, `own ${key}`, name)]),
  ) as ExchangeNames['own'];
  const channelTable = channels === undefined ? undefined : table.claim(exchange, 'import channels', channels);
  const operations = new Map(
    api.operations.map((op) => [
      op.operationId,
      table.claim(exchange, `operation ${op.operationId}`, rest.operation(op.operationId).function),
    ]),
  );
  const samples = new Map<string, string>();
  for (const { specName } of api.schemas)
    for (let item = 1; item <= listItems; item++)
      samples.set(
        `${specName}#${item}`,
        table.claim(exchange, `sample ${specName} ${item}`, `${camelCase(rest.schema(specName))}Sample${item}`),
      );
  return {
    own,
    channels: channelTable,
    operation: (operationId) => found(operations, operationId, 'operation'),
    sample: (specName, item) => found(samples, `${specName}#${item}`, 'sample'),
  };
}
