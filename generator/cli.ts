import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CodegenError, SpecError, UsageError } from './errors.ts';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, DEFAULT_OUT, REPO_ROOT } from './defaults.ts';
import { specErrorMessage } from './load/index.ts';
import { generate, type ProductSpecs } from './pipeline.ts';
import { camelCase } from './plan/identifiers.ts';
import {
  defaultSpecs,
  hasDefaultSpecs,
  isRootProduct,
  readProducts,
  rootProduct,
  type ProductConfig,
} from './products.ts';
import { reportGenerate, stageReporter, type OutputMode } from './report.ts';
import { registerDriftCommands } from './drift/cli.ts';

/**
 * `npx codegen …`. Exit codes: 0 success; 1 the check found something (drift, stale output); 2 bad input or
 * usage. Errors print one line, never a stack trace (set CODEGEN_DEBUG=1 for one).
 */
export function buildProgram(): Command {
  const program = new Command('codegen')
    .description("Generate a typed Kalshi SDK from Kalshi's OpenAPI and AsyncAPI specs, and detect spec drift.")
    .version(codegenVersion(), '-V, --version', 'print the version of kalshi-codegen')
    .exitOverride() // before adding commands, so they inherit it: main() maps every failure to an exit code
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success; 1 drift found or generated/ is stale; 2 invalid spec, input or usage.\n' +
        'Specs default to ../shared/specs (override the folder with KALSHI_SPECS_DIR) and may be files or http(s) URLs.',
    );

  const { products, unreadable } = readProducts();
  const root = unreadable ? { title: 'root product' } : rootProduct(products);
  const generateCommand = program
    .command('generate')
    .description(
      'Write the SDK (TypeScript sources, compiled ESM JavaScript and .d.ts) from the specs: one package, an entry ' +
        `per product whose specs are found (${products.map((p) => p.id).join(', ')}; see specs/products.json).`,
    )
    .option('--openapi <file|url>', `REST spec of the ${root.title} (OpenAPI 3, YAML or JSON)`, DEFAULT_OPENAPI)
    .option(
      '--asyncapi <file|url>',
      `WebSocket spec of the ${root.title} (AsyncAPI 3, YAML or JSON)`,
      DEFAULT_ASYNCAPI,
    );
  for (const product of products.filter((p) => !isRootProduct(p)))
    for (const kind of specKinds(product))
      generateCommand.option(
        `--${product.id}-${kind} <file|url>`,
        `${kind === 'openapi' ? 'REST' : 'WebSocket'} spec of the ${product.title} (default: ${product.specs[kind]} in the specs folder, when there)`,
      );
  generateCommand
    .option(
      '--products <ids>',
      `only these products, comma-separated (default: every product whose specs are found)`,
      (value: string) => value.split(',').map((id) => id.trim()),
    )
    .option('--out <dir>', 'output folder, replaced atomically: a new or empty one, or earlier output', DEFAULT_OUT)
    .option('--check', 'write nothing; exit 1 if the output folder differs from what would be generated')
    .option('--package-name <name>', 'npm package name written to the generated package.json', 'kalshi-sdk')
    .addOption(new Option('--quiet', 'print nothing but errors').conflicts('json'))
    .option('--json', 'print a JSON summary (spec identity, counts, files, timings) instead of text')
    .action(async (opts: GenerateFlags) => {
      if (unreadable) throw unreadable;
      const mode: OutputMode = opts.json ? 'json' : opts.quiet ? 'quiet' : 'text';
      const result = await generate({
        products: productSpecs(products, opts),
        out: opts.out,
        check: opts.check,
        packageName: opts.packageName,
        onStage: stageReporter(mode),
      });
      reportGenerate(mode, result, opts.out, opts.check === true);
      if (result.stale) process.exitCode = 1;
    });

  registerDriftCommands(program);

  return program;
}

/** The REST and WebSocket kinds of spec a product has. */
function specKinds(product: ProductConfig): ('openapi' | 'asyncapi')[] {
  return product.specs.asyncapi ? ['openapi', 'asyncapi'] : ['openapi'];
}

/**
 * What `generate` builds: the root product from --openapi/--asyncapi, each other product from its flags, else from
 * the specs folder where its REST spec is there (silently left out where it is not); `--products` narrows the list.
 */
function productSpecs(products: readonly ProductConfig[], opts: GenerateFlags): ProductSpecs[] {
  const flags = opts as unknown as Record<string, string | undefined>;
  const known = new Set(products.map((p) => p.id));
  for (const id of opts.products ?? [])
    if (!known.has(id)) throw new UsageError(`--products: no product "${id}" (there are ${[...known].join(', ')})`);
  const wanted = (p: ProductConfig) => !opts.products || opts.products.includes(p.id);
  const chosen = products.filter(wanted).flatMap((product): ProductSpecs[] => {
    if (isRootProduct(product)) return [{ product, openapi: opts.openapi, asyncapi: opts.asyncapi }];
    const flag = (kind: string) => flags[camelCase(`${product.id}_${kind}`)];
    const given = flag('openapi');
    const defaults = defaultSpecs(product);
    if (given === undefined && !(opts.products || hasDefaultSpecs(product))) return [];
    return [{ product, openapi: given ?? defaults.openapi, asyncapi: flag('asyncapi') ?? defaults.asyncapi }];
  });
  if (!chosen.length) throw new UsageError('--products: no product left to generate');
  return chosen;
}

/** Read from the package.json at the repository root, which the sources and the bundle in dist/ both sit below. */
function codegenVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

interface GenerateFlags {
  openapi: string;
  asyncapi: string;
  products?: string[];
  out: string;
  check?: boolean;
  packageName: string;
  quiet?: boolean;
  json?: boolean;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed help or the usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CodegenError) {
      console.error(`error: ${err instanceof SpecError ? await specErrorMessage(err) : err.message}`);
      return err.exitCode;
    }
    console.error(`error: internal error in codegen: ${(err as Error).message ?? String(err)}`);
    if (process.env.CODEGEN_DEBUG) console.error((err as Error).stack);
    return 2;
  }
}
