import { Command, Option } from 'commander';
import { DEFAULT_ASYNCAPI, DEFAULT_OPENAPI, LIVE_ASYNCAPI_URL, LIVE_OPENAPI_URL } from '../defaults.ts';
import { reportFails, type DriftReport, type FailOn } from './diff/index.ts';
import { DEFAULT_LOCK, displayPath } from './lock/index.ts';
import { renderReports, REPORT_FORMATS, type ReportFormat } from './report/index.ts';
import { countText, specTitle } from './report/summary.ts';
import { checkDrift, diffSpecs, lockSpecs, type SpecLocations } from './run.ts';
import { upgradeSteps } from './upgrade.ts';

const FAIL_ON = ['breaking', 'any', 'none'] as const;

interface ReportOptions {
  format: ReportFormat;
  failOn: FailOn;
}

/** `codegen lock`, `codegen diff` and `codegen drift`. Exit 1 means drift at or above `--fail-on`. */
export function registerDriftCommands(program: Command): void {
  program
    .command('lock')
    .description(
      `Record the API surface of the specs in the lock (${displayPath(DEFAULT_LOCK)}), to commit after review.`,
    )
    .addOption(specOption('openapi', DEFAULT_OPENAPI))
    .addOption(specOption('asyncapi', DEFAULT_ASYNCAPI))
    .addOption(lockOption())
    .action(async (opts: SpecLocations & { lock: string }) => {
      const { lock, sincePrevious, previousUnreadable } = await lockSpecs(opts, opts.lock);
      console.log(
        `wrote ${displayPath(opts.lock)}: REST ${lock.openapi.version} (sha256 ${lock.openapi.sha256.slice(0, 12)}), ` +
          `WebSocket ${lock.asyncapi.version} (sha256 ${lock.asyncapi.sha256.slice(0, 12)})`,
      );
      if (previousUnreadable)
        console.log(
          `  the previous lock could not be read, so there is nothing to compare with (${previousUnreadable})`,
        );
      for (const report of sincePrevious ?? []) {
        console.log(
          `  ${specTitle(report)}: ${countText(report)}, ${report.documentation.length} documentation change(s) since the previous lock`,
        );
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
    finish([await diffSpecs(opts.from, opts.to)], opts);
  });

  reportOptions(
    program
      .command('drift')
      .description(
        "Compare the published specs with the lock: what changed in Kalshi's API since the SDK was generated.",
      )
      .addOption(specOption('openapi', DEFAULT_OPENAPI))
      .addOption(specOption('asyncapi', DEFAULT_ASYNCAPI))
      .addOption(
        new Option('--live', `check Kalshi's live specs (${LIVE_OPENAPI_URL}, ${LIVE_ASYNCAPI_URL})`).conflicts([
          'openapi',
          'asyncapi',
        ]),
      )
      .addOption(lockOption()),
  ).action(async (opts: ReportOptions & SpecLocations & { lock: string; live?: boolean }) => {
    const specs = opts.live ? { openapi: LIVE_OPENAPI_URL, asyncapi: LIVE_ASYNCAPI_URL } : opts;
    finish(await checkDrift(specs, opts.lock), opts);
  });
}

function specOption(kind: 'openapi' | 'asyncapi', fallback: string): Option {
  const what = kind === 'openapi' ? 'REST spec (OpenAPI)' : 'WebSocket spec (AsyncAPI)';
  return new Option(`--${kind} <file|url>`, what).default(fallback, displayPath(fallback));
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

function finish(reports: DriftReport[], opts: ReportOptions): void {
  process.stdout.write(renderReports(reports, opts.format));
  if (reports.some((r) => reportFails(r, opts.failOn))) process.exitCode = 1;
  // People read text and markdown (a terminal, npm test, the nightly summary): say what to do about the drift.
  if (opts.format !== 'json' && reports.some((r) => r.changes.length > 0))
    process.stdout.write(`\n${upgradeSteps(opts.format === 'markdown' ? '### What to do' : 'What to do:')}`);
}
