import type { SourcePiece } from '../format.ts';
import { LIST_ITEMS, SampleSynthesizer, echoPaths, type JsonValue } from '../../../model/samples.ts';
import type { ApiModel, OperationModel, WsModel } from '../../../model/types.ts';
import type { SdkPlan } from '../../../plan/index.ts';
import { moduleSpecifier } from '../../../plan/product.ts';
import type { SampleOperation } from '../../../../templates/testing/sample-exchange.ts';
import { samplePaging } from './descriptors.ts';
import { code, printLiteral } from './literal.ts';
import { operationSignatures } from './operations.ts';

/**
 * `testing/exchange.ts`: the data of the SDK's mock exchange, a sample answer per operation, and
 * `startMockExchange`, which serves it with the engine in `testing/sample-exchange.ts`. Every sample is written
 * `satisfies` its type (the operation's response type, or the schema of a sample written once and used in several
 * places), so compiling the SDK checks the synthesiser against the types.
 */
export function mockExchangeSource(
  api: ApiModel,
  ws: WsModel | undefined,
  plan: SdkPlan,
  header: string,
): SourcePiece[] {
  const { own, channels } = plan.exchange;
  const synthesizer = new SampleSynthesizer(api.schemas, api.spec.location);
  const types = new Map(api.schemas.map((s) => [s.specName, s.type]));

  const planned = operationSignatures(api, plan.rest).map(({ op, names: opNames, responseType }) => {
    const name = plan.exchange.operation(op.operationId);
    const served: Omit<SampleOperation, 'body'> = {
      method: op.method,
      path: op.path,
      status: successStatus(op),
      // The mock checks signatures only: a bearer operation's token is not what `publicKey` verifies.
      auth: op.auth === 'signed' || undefined,
      paginate: op.pagination && samplePaging(op, types),
    };
    if (!op.success.type || responseType === 'void') return { name, served };
    const value = synthesizer.sample(op.success.type, { listFields: op.pagination?.itemFields });
    const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const echo = echoPaths(value, pathParams);
    if (Object.keys(echo).length) served.echo = echo;
    const type = `${opNames.response ? own.operations : own.types}.${responseType}`;
    return { name, served, body: { value, type } };
  });

  // Operations sharing a response type often have the same sample (a market and a historical market): one copy.
  const firstWithBody = new Map<string, string>();
  const bodies = new Map<(typeof planned)[number], string>();
  for (const operation of planned) {
    if (!operation.body) continue;
    const key = `${operation.body.type} ${JSON.stringify(operation.body.value)}`;
    const first = firstWithBody.get(key);
    if (first) bodies.set(operation, `${first}.body`);
    else firstWithBody.set(key, operation.name);
  }
  const printer = new SamplePrinter(synthesizer, plan);
  const written = planned.filter((o) => o.body && !bodies.has(o));
  for (const operation of written) printer.count(operation.body!.value);
  for (const operation of written)
    bodies.set(operation, `${printer.print(operation.body!.value)} satisfies ${operation.body!.type}`);
  const operations = planned.map((o) => {
    const body = bodies.get(o);
    const literal = printLiteral({ ...o.served, body: body === undefined ? undefined : code(body) });
    return { name: o.name, text: `const ${o.name}: ${own.sampleOperation} = ${literal};` };
  });
  const statements = [...printer.constants, ...operations.map((o) => o.text)];
  const used = (namespace: string) => statements.some((text) => text.includes(` satisfies ${namespace}.`));

  const environment = plan.environments.production!;
  const exchangeType = ws ? own.mockExchange : own.restMockExchange;
  const specifier = (path: string) => moduleSpecifier(`${plan.dir}testing`, path);
  const wsChannels = plan.ws?.own.channels;
  const imports = [
    `import { ${own.startSampleExchange}, type ${exchangeType}, type ${own.mockExchangeOptions}, type ${own.sampleOperation} } from '${specifier('testing/sample-exchange.ts')}';`,
    ...(wsChannels
      ? [
          `import { ${wsChannels === channels ? channels : `${wsChannels} as ${channels}`} } from '${specifier(`${plan.dir}ws.ts`)}';`,
        ]
      : []),
    ...(used(own.types) ? [`import type * as ${own.types} from '${specifier(`${plan.dir}types.ts`)}';`] : []),
    ...(used(own.operations)
      ? [`import type * as ${own.operations} from '${specifier(`${plan.dir}operations.ts`)}';`]
      : []),
  ];
  const wsPath = ws ? pathOf(environment.ws) : '';
  const start = ws
    ? `${own.startSampleExchange}(${own.table}, options, { channels: ${channels}${wsPath ? `, path: ${JSON.stringify(wsPath)}` : ''} })`
    : `${own.startSampleExchange}(${own.table}, options)`;
  const docs = [
    `Starts a mock of ${api.spec.title} ${api.spec.version} on 127.0.0.1, on free ports, for testing offline. Every`,
    'operation answers with sample data made from the spec: whole objects, every field filled; fields named like a',
    `path parameter carry the requested value; list operations page through ${LIST_ITEMS} items with their cursor,`,
    'honouring the page size. With `publicKey`, operations that need a signed request answer 401 unless signed with',
    'its private key.',
    '',
    ws
      ? "Beside it runs a WebSocket mock with the SDK's channels. `rest` and `ws` are the mock servers underneath:"
      : '`rest` is the mock server underneath:',
    ws ? 'replace a route, queue faults, publish frames.' : 'replace a route, queue faults.',
  ];
  const head = `${header}${imports.join('\n')}

/**
${docs.map((line) => ` * ${line}`.trimEnd()).join('\n')}
 */
export function ${own.start}(options: ${own.mockExchangeOptions} = {}): Promise<${ws ? `${exchangeType}<typeof ${channels}>` : exchangeType}> {
  return ${start};
}
`;
  // In pieces, so Prettier never holds more than a few samples at once (see format.ts). Each constant comes after
  // those it names, the table last.
  const pieces: SourcePiece[] = [head];
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_PIECE)
    pieces.push(`${statements.slice(i, i + STATEMENTS_PER_PIECE).join('\n')}\n`);
  const table = operations.map((o) => o.name).join(', ');
  pieces.push(
    `const ${own.table} = { basePath: ${JSON.stringify(pathOf(environment.rest))}, operations: [${table}] };\n`,
  );
  return pieces;
}

const STATEMENTS_PER_PIECE = 16;

/** The success status as a number: a `2XX` or `default` success answers 200. */
function successStatus(op: OperationModel): number {
  return /^\d{3}$/.test(op.success.status) ? Number(op.success.status) : 200;
}

/** The path of a server URL, without a trailing slash ('' for none). */
function pathOf(url: string): string {
  const path = URL.canParse(url) ? new URL(url).pathname : url.startsWith('/') ? url : '';
  return path.replace(/\/+$/, '');
}

/**
 * Writes sample values as TypeScript expressions. An object the synthesizer gives out in several places (a named
 * schema's sample, say a market inside an event and in a market list) is written once, as a constant of its own
 * `satisfies` its schema, and named wherever it occurs.
 */
class SamplePrinter {
  /** The constants' declarations, each after the ones it uses. */
  readonly constants: string[] = [];
  readonly #occurrences = new Map<object, number>();
  readonly #constantNames = new Map<object, string>();

  constructor(
    private readonly synthesizer: SampleSynthesizer,
    private readonly plan: SdkPlan,
  ) {}

  /** Counts where the shared objects of `value` will be written; call it for every value before printing any. */
  count(value: JsonValue): void {
    if (Array.isArray(value)) for (const item of value) this.count(item);
    else if (value !== null && typeof value === 'object') {
      if (this.synthesizer.shared(value) !== undefined) {
        const seen = this.#occurrences.get(value) ?? 0;
        this.#occurrences.set(value, seen + 1);
        // Written once as a constant, its contents are written once too, however often it is named.
        if (seen > 0) return;
      }
      for (const child of Object.values(value)) this.count(child);
    }
  }

  print(value: JsonValue): string {
    if (Array.isArray(value)) return `[${value.map((item) => this.print(item)).join(', ')}]`;
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    const shared = this.synthesizer.shared(value);
    if (shared === undefined || (this.#occurrences.get(value) ?? 0) < 2) return this.#printObject(value);
    let name = this.#constantNames.get(value);
    if (name === undefined) {
      const text = `${this.#printObject(value)} satisfies ${this.plan.exchange.own.types}.${this.plan.rest.schema(shared.schema)}`;
      name = this.plan.exchange.sample(shared.schema, shared.item);
      this.#constantNames.set(value, name);
      this.constants.push(`const ${name} = ${text};`);
    }
    return name;
  }

  #printObject(value: { [key: string]: JsonValue }): string {
    return `{${Object.entries(value)
      .map(([key, child]) => `${JSON.stringify(key)}: ${this.print(child)}`)
      .join(', ')}}`;
  }
}
