import { Command, Option } from 'commander';
import { CodegenError } from '../errors.ts';
import { defaultSpecs, isRootProduct, PRODUCTS_FILE, readProducts, type ProductConfig } from '../products.ts';
import { reportFails, type FailOn } from './diff/index.ts';
import { DEFAULT_LOCK, displayPath } from './lock/index.ts';
import { productFails, type SpecDrift } from './product-drift.ts';
import { lookUpSpecs, productKinds, specFlag, type LookupOptions } from './product-specs.ts';
import { renderDrift, renderReport, REPORT_FORMATS, type ReportFormat } from './report/index.ts';
import { countText, sideText, specTitle } from './report/summary.ts';
import { checkDrift, diffSpecs, lockSpecs } from './run.ts';
import type { ApiKind } from './surface/types.ts';
import { upgradeSteps } from './upgrade.ts';

const FAIL_ON = ['breaking', 'any', 'none'] as const;

interface ReportOptions {
  format: ReportFormat;
  failOn: FailOn;
}

interface SpecOptions {
  lock: string;
  live?: boolean;
  [flag: string]: unknown;
}

/**
 * `codegen lock`, `codegen diff` and `codegen drift`. Exit 1 means drift at or above `--fail-on`. Every product of
 * specs/products.json gets a flag per spec it has: `--openapi`/`--asyncapi` for the root product's,
 * `--<id>-openapi`/`--<id>-asyncapi` for the others'.
 */
export function registerDriftCommands(program: Command): void {
  const { products, unreadable } = readProducts();

  const lock = program
    .command('lock')
    .description(
      `Record the API surface of every product's specs in the lock (${displayPath(DEFAULT_LOCK)}), to commit after review.`,
    );
  const lockFlags = addSpecOptions(lock, products, unreadable);
  lock.addOption(lockOption()).action(async (opts: SpecOptions, command: Command) => {
    if (unreadable) throw unreadable;
    const result = await lockSpecs(lookUpSpecs(products, { given: lockFlags.given(opts, command) }), opts.lock);
    console.log(`wrote ${displayPath(opts.lock)}`);
    if (result.previousUnreadable)
      console.log(
        `  the previous lock could not be read, so there is nothing to compare with (${result.previousUnreadable})`,
      );
    for (const product of result.sincePrevious) {
      console.log(`  ${product.product.title}:`);
      for (const spec of product.specs) console.log(`    ${lockLine(spec)}`);
    }
  });

  reportOptions(
    program
      .command('diff')
      .description(
        'Compare two specs of the same kind (REST or WebSocket): API changes, and documentation changes apart.',
      )
      .requiredOption('--from <file|url>', 'the older spec')
      .requiredOption('--to <file|url>', 'the newer spec'),
  ).action(async (opts: ReportOptions & { from: string; to: string }) => {
    const report = await diffSpecs(opts.from, opts.to);
    finish(renderReport(report, opts.format), (level) => reportFails(report, level), opts);
  });

  const drift = program
    .command('drift')
    .description(
      "Compare every product's published specs with the lock: what changed in Kalshi's API since the SDK was generated.",
    );
  const driftFlags = addSpecOptions(drift, products, unreadable);
  const live = products.flatMap((p) => Object.values(p.live ?? {}));
  reportOptions(
    drift
      .addOption(
        new Option(
          '--live',
          `check the live specs named in ${displayPath(PRODUCTS_FILE)} (${live.join(', ')}); a spec without a live URL is not checked`,
        ).conflicts(driftFlags.names),
      )
      .addOption(lockOption()),
  ).action(async (opts: ReportOptions & SpecOptions, command: Command) => {
    if (unreadable) throw unreadable;
    const specs = lookUpSpecs(products, { given: driftFlags.given(opts, command), live: opts.live });
    const drifts = await checkDrift(specs, opts.lock);
    finish(renderDrift(drifts, opts.format), (level) => drifts.some((d) => productFails(d, level)), opts);
  });
}

/**
 * Adds a spec flag per product and kind, each defaulting to the specs folder's file. Returns the flags' names and
 * what reads the ones people gave: a default is not given, since a product other than the root one is read from
 * the folder only when its REST spec is there. Without products (their file unreadable), any flag is let through
 * to the error the action throws.
 */
function addSpecOptions(
  command: Command,
  products: readonly ProductConfig[],
  unreadable: CodegenError | undefined,
): { names: string[]; given: (opts: SpecOptions, command: Command) => LookupOptions['given'] } {
  if (unreadable) command.allowUnknownOption().allowExcessArguments();
  const flags = new Map<string, Option>();
  for (const product of products) {
    for (const kind of productKinds(product)) {
      const location = defaultSpecs(product)[kind]!;
      const what = `${isRootProduct(product) ? '' : `${product.title}: `}${KIND_TEXT[kind]}`;
      const fallback = isRootProduct(product) ? displayPath(location) : `${displayPath(location)} if there`;
      const option = new Option(`--${specFlag(product, kind)} <file|url>`, what).default(location, fallback);
      command.addOption(option);
      flags.set(`${product.id} ${kind}`, option);
    }
  }
  return {
    names: [...flags.values()].map((o) => o.attributeName()),
    given: (opts, parsed) => (product, kind) => {
      const name = flags.get(`${product.id} ${kind}`)!.attributeName();
      return parsed.getOptionValueSource(name) === 'default' ? undefined : (opts[name] as string);
    },
  };
}

const KIND_TEXT: Record<ApiKind, string> = {
  openapi: 'REST spec (OpenAPI)',
  asyncapi: 'WebSocket spec (AsyncAPI)',
};

/** One spec's line in `codegen lock`'s output: what was written, and what changed since the previous lock. */
function lockLine(spec: SpecDrift): string {
  switch (spec.status) {
    case 'compared': {
      const { report } = spec;
      return `${specTitle(report)} ${sideText(report.to)}: ${countText(report)}, ${report.documentation.length} documentation change(s) since the previous lock`;
    }
    case 'unlocked':
      return `${specTitle(spec)} ${sideText(spec.to)}: new in the lock`;
    case 'missing':
      return `${specTitle(spec)}: dropped from the lock, ${spec.reason}`;
    case 'not-checked':
      return `${specTitle(spec)}: not locked, ${spec.reason}`;
  }
}

function lockOption(): Option {
  return new Option('--lock <file>', 'lock file').default(DEFAULT_LOCK, displayPath(DEFAULT_LOCK));
}

function reportOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .addOption(
      new Option(
        '--fail-on <level>',
        'exit 1 when there are changes at this level: breaking changes, any API change, or never',
      )
        .choices(FAIL_ON)
        .default('any'),
    );
}

/** Prints the report, then (once, for text and markdown) what to do about any drift; sets the exit code. */
function finish(report: string, fails: (level: FailOn) => boolean, opts: ReportOptions): void {
  process.stdout.write(report);
  if (fails(opts.failOn)) process.exitCode = 1;
  // People read text and markdown (a terminal, npm test, the nightly summary): say what to do about the drift.
  if (opts.format !== 'json' && fails('any'))
    process.stdout.write(`\n${upgradeSteps(opts.format === 'markdown' ? '### What to do' : 'What to do:')}`);
}
