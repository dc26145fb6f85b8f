import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestRunnerName, TestRunnerPlan } from './detect-test-runner';
import { RunnerNotFoundError } from './errors';
import { findNodeBin } from './find-node-bin';
import { type CommandOutcome, outputTail, runCommand } from './run-command';
import { parseCargoOutput } from './test-reports/parse-cargo-output';
import { parseGoTestJson } from './test-reports/parse-go-test-json';
import { parseJestJson } from './test-reports/parse-jest-json';
import { parseJunit } from './test-reports/parse-junit';
import type { TestCounts } from './test-reports/test-counts';

export interface TestRun {
  runner: TestRunnerName;
  command: readonly string[];
  /** undefined when the runner wrote no report it could be read from (a crash, or a plain command). */
  counts: TestCounts | undefined;
  /** Where the counts came from. */
  report: 'jest-json' | 'junit' | 'go-test-json' | 'cargo-summary-lines' | 'exit-code';
  exitCode: number | undefined;
  aborted: boolean;
  durationMs: number;
  outputTail: string;
  /** Something a person should know about how the counts were read. */
  note?: string;
}

export interface RunTestPlanOptions {
  root: string;
  signal: AbortSignal;
  tempDir: string;
  env?: Record<string, string | undefined>;
  /** A file name prefix for the report, so two plans of one run never share a file. */
  reportName: string;
}

interface FlagsToDrop {
  /** Flags that take a value, as `--flag value` or `--flag=value`. */
  withValue?: readonly string[];
  switches?: readonly string[];
  /** A subcommand word the checker replaces (`vitest watch` → `vitest run`). */
  leadingWords?: readonly string[];
}

// Flags of the project's script that would fight the checker's report (watch mode, another
// reporter or output file); the checker adds its own.
export function withoutFlags(args: readonly string[], drop: FlagsToDrop): string[] {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (index === 0 && drop.leadingWords?.includes(arg)) continue;
    if (drop.switches?.includes(arg)) continue;
    const valueFlag = drop.withValue?.find((name) => arg === name || arg.startsWith(`${name}=`));
    if (valueFlag) {
      if (arg === valueFlag) index++;
      continue;
    }
    kept.push(arg);
  }
  return kept;
}

function nodeBin(root: string, runner: 'vitest' | 'jest', packageName: string): string {
  const bin = findNodeBin(root, packageName, runner);
  if (!bin) {
    throw new RunnerNotFoundError(
      runner,
      `the test script runs ${runner}, but ${packageName} is not installed in node_modules of ${root} or a parent folder`,
      `install the project's dependencies (npm install, pnpm install or yarn) in ${root}`,
    );
  }
  return bin;
}

function commandFor(plan: TestRunnerPlan, root: string, reportPath: string): string[] {
  switch (plan.runner) {
    case 'vitest': {
      const args = withoutFlags(plan.args, {
        withValue: ['--reporter', '--outputFile'],
        switches: ['--watch', '-w', '--run', '--ui', '--passWithNoTests'],
        leadingWords: ['run', 'watch', 'dev'],
      });
      return [
        process.execPath,
        nodeBin(root, 'vitest', 'vitest'),
        'run',
        ...args,
        '--reporter=json',
        `--outputFile=${reportPath}`,
        '--passWithNoTests',
      ];
    }
    case 'jest': {
      const args = withoutFlags(plan.args, {
        withValue: ['--outputFile', '--reporters'],
        switches: ['--json', '--watch', '--watchAll', '--passWithNoTests'],
      });
      return [
        process.execPath,
        nodeBin(root, 'jest', 'jest'),
        ...args,
        '--json',
        `--outputFile=${reportPath}`,
        '--passWithNoTests',
      ];
    }
    case 'node:test': {
      const args = withoutFlags(plan.args, {
        withValue: ['--test-reporter', '--test-reporter-destination'],
        switches: ['--watch'],
      });
      const at = args.indexOf('--test') + 1;
      return [
        process.execPath,
        ...args.slice(0, at),
        '--test-reporter=junit',
        `--test-reporter-destination=${reportPath}`,
        ...args.slice(at),
      ];
    }
    case 'pytest':
      return [
        'python3',
        '-m',
        'pytest',
        '-q',
        '-p',
        'no:cacheprovider',
        `--junitxml=${reportPath}`,
        ...plan.args,
      ];
    case 'go':
      return ['go', 'test', '-json', ...plan.args];
    case 'cargo':
      // --no-fail-fast: a failing unit-test binary must not hide the counts of the next ones (doc-tests).
      return ['cargo', 'test', '--no-fail-fast', ...plan.args];
    case 'command':
      return plan.args;
  }
}

function missingRunner(plan: TestRunnerPlan, outcome: CommandOutcome): RunnerNotFoundError | undefined {
  const program = outcome.command[0] ?? '';
  if (plan.runner === 'pytest') {
    if (outcome.notFound)
      return new RunnerNotFoundError(
        'pytest',
        'python3 is not installed',
        'install Python 3, then python3 -m pip install pytest',
      );
    if (/No module named pytest/.test(outcome.output))
      return new RunnerNotFoundError(
        'pytest',
        'pytest is not installed for python3',
        'python3 -m pip install pytest',
      );
  }
  if (!outcome.notFound) return undefined;
  if (plan.runner === 'go')
    return new RunnerNotFoundError('go test', 'go is not installed', 'install Go from https://go.dev/dl/');
  if (plan.runner === 'cargo')
    return new RunnerNotFoundError(
      'cargo test',
      'cargo is not installed',
      'install Rust with rustup (https://rustup.rs)',
    );
  return new RunnerNotFoundError(
    program,
    `${program} was not found on PATH`,
    `install ${program} or set tests.command in tier1.config`,
  );
}

function readReport(
  runner: TestRunnerName,
  reportPath: string,
  outcome: CommandOutcome,
): Pick<TestRun, 'counts' | 'report' | 'note'> {
  switch (runner) {
    case 'vitest':
    case 'jest':
      if (!existsSync(reportPath))
        return { counts: undefined, report: 'jest-json', note: `${runner} wrote no JSON report` };
      return { counts: parseJestJson(readFileSync(reportPath, 'utf8')), report: 'jest-json' };
    case 'node:test':
    case 'pytest':
      if (!existsSync(reportPath))
        return { counts: undefined, report: 'junit', note: `${runner} wrote no JUnit report` };
      return { counts: parseJunit(readFileSync(reportPath, 'utf8')), report: 'junit' };
    case 'go':
      return { counts: parseGoTestJson(outcome.stdout), report: 'go-test-json' };
    case 'cargo': {
      const counts = parseCargoOutput(outcome.output);
      const note =
        'stable cargo has no JSON test report (it needs nightly -Z unstable-options): counts read from libtest\'s "test result:" lines';
      return { counts: counts.summaryLines > 0 ? counts : undefined, report: 'cargo-summary-lines', note };
    }
    case 'command':
      return {
        counts: undefined,
        report: 'exit-code',
        note: 'a custom test command: judged by its exit code, no counts',
      };
  }
}

/**
 * Runs a project's tests as planned, with the runner's machine-readable reporter switched on,
 * and reads the counts from that report. Throws RunnerNotFoundError when the runner cannot start.
 */
export async function runTestPlan(plan: TestRunnerPlan, options: RunTestPlanOptions): Promise<TestRun> {
  const reportPath = join(
    options.tempDir,
    `${options.reportName}-${plan.runner.replace(':', '-')}.${plan.runner === 'vitest' || plan.runner === 'jest' ? 'json' : 'xml'}`,
  );
  const command = commandFor(plan, options.root, reportPath);
  const outcome = await runCommand(command, {
    cwd: options.root,
    signal: options.signal,
    env: { ...options.env, ...plan.env },
  });
  const missing = missingRunner(plan, outcome);
  if (missing) throw missing;
  const base = {
    runner: plan.runner,
    command,
    exitCode: outcome.exitCode,
    aborted: outcome.aborted,
    durationMs: outcome.durationMs,
    outputTail: outputTail(outcome.output),
  };
  if (outcome.aborted) return { ...base, counts: undefined, report: 'exit-code' };
  try {
    return { ...base, ...readReport(plan.runner, reportPath, outcome) };
  } catch (error) {
    return {
      ...base,
      counts: undefined,
      report: 'exit-code',
      note: `the ${plan.runner} report could not be read: ${(error as Error).message}`,
    };
  }
}
