import { appendFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { formatUserError, type Tier1Config } from '@tier1/core';
import type { AutomationEventInput } from '@tier1/events';
import {
  type CheckProgress,
  type CheckResult,
  type DecisionResult,
  decisionLine,
  formatCheckLines,
  formatGithubAnnotations,
  formatJsonReport,
  formatJunitReport,
  formatMarkdownReport,
  formatProgressLine,
  formatSarifReport,
  formatTextReport,
  ProductionChecker,
  ProjectNotFoundError,
  productionCheckEvent,
  runCommand,
  scanSecrets,
  writeBaseline,
  writeProductionCheckState,
} from '@tier1/production-checker';
import { createRecorder } from '@tier1/server';
import { type Command, type CommandContext, UsageError } from '../command';
import { parseCommandArgs } from '../command-args';
import { writeLine } from '../write-output';

const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit'] as const;
type Format = (typeof FORMATS)[number];

const usage = `Usage: tier1 check [path] [options]

Runs the production readiness checks on a project (default: the current folder) and answers
GO, WARNING or NO-GO from the evidence. Records a production_check event.

Options:
  --format <format>     text (default), json, markdown, sarif (secret findings) or junit
  --json                the same as --format json
  --fail-on <level>     no-go (default); warning: also exit 1 on WARNING; never: exit 0 with
                        any decision (the report carries it), as /production-check runs it
  --output <file>       write the report to a file instead of standard output
  --sarif <file>        also write the secret findings as SARIF 2.1.0 (one run for CI)
  --no-record           do not record the production_check event
  --write-secrets-baseline
                        accept the secrets found now: write them to the secrets baseline (the
                        configured security.baseline, or .tier1-secrets-baseline.json), keeping
                        what it accepted that is still there, and exit without running checks

In GitHub Actions it also writes annotations, and appends the markdown report to
$GITHUB_STEP_SUMMARY when that is set.

Exit codes: 0 GO (and WARNING unless --fail-on warning), 1 NO-GO, 2 usage or configuration
error (a path that is not a project, a configuration that does not parse, a missing test runner),
130 cancelled with Ctrl-C (every check and the processes it started are stopped).`;

/** Records the run's event without opening the embedded store: through tier1 serve, in PostgreSQL, or in the spool. */
async function recordEvent(
  config: Tier1Config,
  input: AutomationEventInput,
  stderr: NodeJS.WritableStream,
): Promise<string> {
  const recorder = createRecorder(config, {
    purpose: 'tier1 check',
    onWarning: (message) => writeLine(stderr, `tier1 check: ${message}`),
  });
  try {
    return (await recorder.record(input)).event.uid;
  } finally {
    await recorder.close();
  }
}

/**
 * What the hook's deploy gate reads (docs/guardrails.md, "Deploy gate"): the decision and the
 * commit it was reached on, in a small file under Tier 1's home, so the gate never opens the store.
 */
async function writeCheckState(
  config: Tier1Config,
  run: { projectId: string; root: string; decision: DecisionResult; eventUid: string | null },
  stderr: NodeJS.WritableStream,
): Promise<void> {
  const commit = await runCommand(['git', 'rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: run.root });
  try {
    writeProductionCheckState(config.home, {
      version: 1,
      projectId: run.projectId,
      root: run.root,
      decision: run.decision.decision,
      failedChecks: run.decision.failedChecks,
      advisoryFailures: run.decision.advisoryFailures,
      checkedAt: new Date().toISOString(),
      commit: commit.exitCode === 0 ? commit.stdout.trim() || null : null,
      eventUid: run.eventUid,
    });
  } catch (error) {
    writeLine(
      stderr,
      `tier1 check: the deploy gate's state was not written (${(error as Error).message}); the gate will hold shipping commands until it is`,
    );
  }
}

function parseFailOn(value: string | undefined): 'no_go' | 'warning' | 'never' {
  const normalised = (value ?? 'no-go').toLowerCase().replace('-', '_');
  if (normalised === 'no_go' || normalised === 'warning' || normalised === 'never') return normalised;
  throw new UsageError(
    `--fail-on: "${value}" is not no-go, warning or never`,
    'use --fail-on warning to fail on WARNING too, --fail-on never to report without failing',
  );
}

function render(format: Format, results: CheckResult[], decision: DecisionResult, root: string): string {
  switch (format) {
    case 'json':
      return formatJsonReport(results, decision, { root });
    case 'markdown':
      return formatMarkdownReport(results, decision, { root });
    case 'sarif':
      return formatSarifReport(results);
    case 'junit':
      return formatJunitReport(results);
    case 'text':
      return `${formatTextReport(results, decision, { root })}\n`;
  }
}

/**
 * Rewrites the secrets baseline to accept exactly the findings present now: the new ones and
 * those it already accepted that are still in the project; fingerprints of removed secrets go.
 */
async function writeSecretsBaseline(checker: ProductionChecker, context: CommandContext): Promise<number> {
  const configured = checker.config.security?.baseline;
  const scan = await scanSecrets(checker.root, { baselinePath: configured });
  const present = [...scan.findings, ...scan.baselined];
  const path = await writeBaseline(checker.root, present, configured);
  const accepted = new Set(present.map((finding) => finding.fingerprint)).size;
  writeLine(
    context.stdout,
    `tier1 check: ${path} accepts ${accepted} finding(s), ${scan.findings.length} of them new. Rotate what it accepts: a baseline hides a secret, it does not revoke it.`,
  );
  return 0;
}

interface CheckOptions {
  root: string;
  format: Format;
  failOn: 'no_go' | 'warning' | 'never';
  output?: string;
  sarif?: string;
  record: boolean;
  writeSecretsBaseline: boolean;
}

function parseOptions(argv: string[], cwd: string): CheckOptions {
  const { values, positionals } = parseCommandArgs(argv, {
    format: { type: 'string' },
    json: { type: 'boolean' },
    'fail-on': { type: 'string' },
    output: { type: 'string' },
    sarif: { type: 'string' },
    'no-record': { type: 'boolean' },
    'write-secrets-baseline': { type: 'boolean' },
  });
  if (positionals.length > 1) throw new UsageError(`expected one project path, got ${positionals.length}`);
  const format = (values.json ? 'json' : (values.format ?? 'text')) as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format: "${values.format}" is not one of ${FORMATS.join(', ')}`);
  const writeSecretsBaseline = Boolean(values['write-secrets-baseline']);
  return {
    root: resolve(cwd, positionals[0] ?? '.'),
    format,
    failOn: parseFailOn(values['fail-on']),
    output: values.output,
    sarif: values.sarif,
    record: !values['no-record'] && !writeSecretsBaseline,
    writeSecretsBaseline,
  };
}

/** Live text prints each check as it finishes (and, on a terminal, as it starts). */
function progressPrinter(options: CheckOptions, context: CommandContext): (progress: CheckProgress) => void {
  const live = options.format === 'text' && !options.output;
  const stream = live ? context.stdout : context.stderr;
  const showStarts = Boolean((stream as { isTTY?: boolean }).isTTY);
  return (progress) => {
    if (progress.type === 'start' && showStarts) writeLine(stream, formatProgressLine(progress));
    if (progress.type === 'finish' && (live || showStarts))
      writeLine(stream, formatCheckLines(progress.result).join('\n'));
  };
}

/** The checker for the project, or undefined (after saying why on stderr) when the path is not a project. */
async function openChecker(
  options: CheckOptions,
  context: CommandContext,
  signal: AbortSignal,
): Promise<ProductionChecker | undefined> {
  try {
    return await ProductionChecker.forProject(options.root, {
      env: context.env,
      signal,
      onProgress: progressPrinter(options, context),
    });
  } catch (error) {
    if (!ProjectNotFoundError.isInstance(error)) throw error;
    writeLine(context.stderr, `tier1 check: ${formatUserError(error)}`);
    return undefined;
  }
}

/** Every check's result; undefined when Ctrl-C cancelled the run (its checks and processes are stopped). */
async function runChecks(
  checker: ProductionChecker,
  options: CheckOptions,
  context: CommandContext,
  cancel: AbortController,
): Promise<CheckResult[] | undefined> {
  if (options.format === 'text' && !options.output)
    writeLine(context.stdout, `tier1 check ${options.root}\n`);
  const results = await checker.runAllChecks();
  return cancel.signal.aborted ? undefined : results;
}

/** The report to stdout or --output, the SARIF file, the step summary and the annotations. */
async function writeReports(
  results: CheckResult[],
  decision: DecisionResult,
  options: CheckOptions,
  context: CommandContext,
): Promise<void> {
  const { root, format } = options;
  // Live text already showed every check as it finished: only the decision is left to print.
  const live = format === 'text' && !options.output;
  const report = live ? `\n${decisionLine(decision)}\n` : render(format, results, decision, root);
  if (options.output) {
    await writeFile(resolve(context.cwd, options.output), report);
    writeLine(
      context.stderr,
      `tier1 check: ${decisionLine(decision)}; ${format} report written to ${options.output}`,
    );
  } else {
    context.stdout.write(report);
  }
  if (options.sarif) await writeFile(resolve(context.cwd, options.sarif), formatSarifReport(results));
  if (context.env.GITHUB_STEP_SUMMARY)
    await appendFile(context.env.GITHUB_STEP_SUMMARY, formatMarkdownReport(results, decision, { root }));
  if (context.env.GITHUB_ACTIONS === 'true') {
    // Workflow commands are read from both streams; keep them out of a machine-readable stdout.
    const annotations =
      format === 'text' || format === 'markdown' || options.output ? context.stdout : context.stderr;
    for (const line of formatGithubAnnotations(results)) writeLine(annotations, line);
  }
}

/**
 * Records the production_check event and writes the deploy gate's state; a failure to record is
 * said on stderr and changes nothing else.
 */
async function recordRun(
  tier1Config: Tier1Config,
  results: CheckResult[],
  decision: DecisionResult,
  options: CheckOptions,
  context: CommandContext,
): Promise<void> {
  const projectId = tier1Config.projectIdSetting ?? basename(options.root);
  let eventUid: string | null = null;
  try {
    eventUid = await recordEvent(
      tier1Config,
      productionCheckEvent(results, decision, { projectId, root: options.root }),
      context.stderr,
    );
  } catch (error) {
    writeLine(
      context.stderr,
      `tier1 check: the production_check event was not recorded: ${(error as Error).message}`,
    );
  }
  await writeCheckState(tier1Config, { projectId, root: options.root, decision, eventUid }, context.stderr);
}

/** 2 for a missing test runner (a setup problem, with its fix), 1 for NO-GO (or WARNING with --fail-on warning), else 0. */
function exitCode(
  results: CheckResult[],
  decision: DecisionResult,
  options: CheckOptions,
  context: CommandContext,
): number {
  const missingRunner = results.find((result) => result.evidence.error_code === 'RUNNER_NOT_FOUND');
  if (missingRunner) {
    const fix =
      typeof missingRunner.evidence.fix === 'string' ? `\n  fix: ${missingRunner.evidence.fix}` : '';
    writeLine(context.stderr, `tier1 check: ${missingRunner.details}${fix}`);
    return 2;
  }
  if (options.failOn === 'never') return 0;
  if (decision.decision === 'no_go') return 1;
  return decision.decision === 'warning' && options.failOn === 'warning' ? 1 : 0;
}

async function run(argv: string[], context: CommandContext): Promise<number> {
  const options = parseOptions(argv, context.cwd);
  // Read Tier 1's own configuration first: a bad DATABASE_URL is a configuration error (exit 2) before any check runs.
  const tier1Config = options.record ? context.config() : undefined;
  const cancel = new AbortController();
  const onSigint = () => cancel.abort();
  process.once('SIGINT', onSigint);
  let results: CheckResult[] | undefined;
  let checker: ProductionChecker | undefined;
  try {
    checker = await openChecker(options, context, cancel.signal);
    if (!checker) return 2;
    if (options.writeSecretsBaseline) return await writeSecretsBaseline(checker, context);
    results = await runChecks(checker, options, context, cancel);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (!results) {
    // Ctrl-C: the running checks and their processes were stopped; no verdict, no event.
    writeLine(context.stderr, 'tier1 check: cancelled');
    return 130;
  }
  const decision = checker.calculateDecision(results);
  await writeReports(results, decision, options, context);
  if (tier1Config) await recordRun(tier1Config, results, decision, options, context);
  return exitCode(results, decision, options, context);
}

const check: Command = {
  usage,
  run,
};
export default check;
