import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestRunnerName, TestRunnerPlan } from './detect-test-runner';
import { RunnerNotFoundError } from './errors';
import { findNodeBin } from './find-node-bin';
import { reportHookEnv } from './report-hook';
import { type CommandOutcome, outputTail, runCommand } from './run-command';
import { parseCargoOutput } from './test-reports/parse-cargo-output';
import { parseGoTestJson } from './test-reports/parse-go-test-json';
import { parseJestJson } from './test-reports/parse-jest-json';
import { parseJunit } from './test-reports/parse-junit';
import { printedTotal, type SummaryRunner } from './test-reports/printed-summary';
import { MAX_FAILED_NAMES, type TestCounts } from './test-reports/test-counts';

export interface CountCheck {
  runner: SummaryRunner;
  counted: number;
  /** null: the runner printed no summary to compare with. */
  printed: number | null;
  agrees: boolean;
}

export interface TestRun {
  runner: TestRunnerName;
  command: readonly string[];
  /** undefined when the runner wrote no report it could be read from (a crash, or a plain command). */
  counts: TestCounts | undefined;
  /** Where the counts came from: `jest-json`, `junit` (both joined by `+`), `go-test-json`, `cargo-summary-lines`, `exit-code`. */
  report: string;
  /** The runners that wrote a report (a script may reach more than one). */
  reached: SummaryRunner[];
  /** Each reached runner's report total against the total it printed. */
  countChecks: CountCheck[];
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
  /** The environment the command inherits; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** A folder name prefix for the report, so two plans of one run never share a file. */
  reportName: string;
}

const installFix = (root: string) =>
  `install the project's dependencies (npm ci, pnpm install or yarn install) in ${root}`;

function nodeBin(root: string, runner: 'vitest' | 'jest'): string {
  const bin = findNodeBin(root, runner);
  if (!bin) {
    throw new RunnerNotFoundError(
      runner,
      `${runner} is not installed in node_modules of ${root} or a parent folder`,
      installFix(root),
    );
  }
  return bin;
}

// The command as the project would type it; the report hook adds the runner's reporter.
function commandFor(plan: TestRunnerPlan, root: string): string[] {
  switch (plan.runner) {
    case 'vitest':
      return [process.execPath, nodeBin(root, 'vitest'), 'run', ...plan.args];
    case 'jest':
      return [process.execPath, nodeBin(root, 'jest'), ...plan.args];
    case 'node:test':
      return [process.execPath, ...plan.args];
    case 'mocha':
      return [process.execPath, findNodeBin(root, 'mocha') ?? 'mocha', ...plan.args];
    case 'pytest':
      return ['python3', '-m', 'pytest', ...plan.args];
    case 'go':
      return ['go', 'test', '-json', ...plan.args];
    case 'cargo':
      // --no-fail-fast: a failing unit-test binary must not hide the counts of the next ones (doc-tests).
      return ['cargo', 'test', '--no-fail-fast', ...plan.args];
    case 'script':
    case 'command':
      return plan.args;
  }
}

function missingRunner(
  plan: TestRunnerPlan,
  outcome: CommandOutcome,
  root: string,
): RunnerNotFoundError | undefined {
  const program = outcome.command[0] ?? '';
  if (/No module named pytest/.test(outcome.output))
    return new RunnerNotFoundError(
      'pytest',
      'pytest is not installed for python3',
      'python3 -m pip install pytest',
    );
  if (plan.runner === 'script' && outcome.exitCode === 127) {
    const missing = /(?:^|\n)(?:sh: \d+: |.*?: )?(\S+): (?:command )?not found/.exec(outcome.output)?.[1];
    if (missing)
      return new RunnerNotFoundError(
        missing,
        `the test script runs ${missing}, which is not installed`,
        installFix(root),
      );
  }
  if (!outcome.notFound) return undefined;
  const fixes: Record<string, string> = {
    python3: 'install Python 3, then python3 -m pip install pytest',
    go: 'install Go from https://go.dev/dl/',
    cargo: 'install Rust with rustup (https://rustup.rs)',
    pnpm: 'corepack enable (or npm install -g pnpm)',
    yarn: 'corepack enable (or npm install -g yarn)',
  };
  return new RunnerNotFoundError(
    program,
    `${program} was not found on PATH`,
    fixes[program] ?? `install ${program} or set tests.command in tier1.config`,
  );
}

const REPORT_FILE = /^(vitest|jest|mocha|node-test)-\d+-\d+\.(json|xml)$|^pytest\.xml$/;

interface RunnerReport {
  runner: SummaryRunner;
  counts: TestCounts;
}

/** Every report the runners the command reached wrote into `dir`. */
function readReports(dir: string): RunnerReport[] {
  return readdirSync(dir)
    .filter((name) => REPORT_FILE.test(name))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const runner = (name.startsWith('node-test') ? 'node:test' : name.split(/[-.]/)[0]) as SummaryRunner;
      try {
        return { runner, counts: name.endsWith('.xml') ? parseJunit(text) : parseJestJson(text) };
      } catch (error) {
        throw new Error(`the ${runner} report could not be read: ${(error as Error).message}`);
      }
    });
}

function addCounts(reports: readonly RunnerReport[]): TestCounts {
  const total: TestCounts = { passed: 0, failed: 0, skipped: 0, total: 0, failedTests: [] };
  for (const { counts } of reports) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    total.total += counts.total;
    total.failedTests.push(...counts.failedTests.slice(0, MAX_FAILED_NAMES - total.failedTests.length));
  }
  return total;
}

/** Per runner: the report's total against the total the runner printed; a difference is an error. */
function crossCheck(reports: readonly RunnerReport[], output: string): CountCheck[] {
  const runners = [...new Set(reports.map((report) => report.runner))];
  return runners.map((runner) => {
    const own = reports.filter((report) => report.runner === runner);
    const counted = own.reduce((sum, report) => sum + report.counts.total, 0);
    const printed = printedTotal(runner, output, own.length);
    return {
      runner,
      counted,
      printed: printed ?? null,
      agrees: printed === undefined || printed === counted,
    };
  });
}

function readOutputCounts(
  plan: TestRunnerPlan,
  outcome: CommandOutcome,
): Pick<TestRun, 'counts' | 'report' | 'note'> {
  if (plan.runner === 'go') return { counts: parseGoTestJson(outcome.stdout), report: 'go-test-json' };
  const counts = parseCargoOutput(outcome.output);
  const note =
    'stable cargo has no JSON test report (it needs nightly -Z unstable-options): counts read from libtest\'s "test result:" lines';
  return { counts: counts.summaryLines > 0 ? counts : undefined, report: 'cargo-summary-lines', note };
}

function readRunCounts(
  plan: TestRunnerPlan,
  outcome: CommandOutcome,
  reportDir: string,
): Pick<TestRun, 'counts' | 'report' | 'note' | 'reached' | 'countChecks'> {
  if (plan.runner === 'go' || plan.runner === 'cargo')
    return { ...readOutputCounts(plan, outcome), reached: [], countChecks: [] };
  const reports = readReports(reportDir);
  const reached = [...new Set(reports.map((report) => report.runner))].sort();
  if (reports.length === 0) {
    const note =
      plan.runner === 'command' || plan.runner === 'script'
        ? 'no test runner the checker reads (vitest, jest, node:test, mocha, pytest) reported: judged by the exit code'
        : `${plan.runner} wrote no report`;
    return { counts: undefined, report: 'exit-code', note, reached, countChecks: [] };
  }
  const kinds = [
    ...new Set(
      reports.map((report) =>
        report.runner === 'node:test' || report.runner === 'pytest' ? 'junit' : 'jest-json',
      ),
    ),
  ];
  return {
    counts: addCounts(reports),
    report: kinds.join('+'),
    reached,
    countChecks: crossCheck(reports, outcome.output),
  };
}

/**
 * Runs a project's tests as planned, unchanged, with the report hook in its environment, and
 * reads the counts from the reports of every runner it reached. Throws RunnerNotFoundError when
 * the runner cannot start.
 */
export async function runTestPlan(plan: TestRunnerPlan, options: RunTestPlanOptions): Promise<TestRun> {
  const reportDir = await mkdtemp(join(options.tempDir, `${options.reportName}-`));
  const command = commandFor(plan, options.root);
  const env = options.env ?? process.env;
  const outcome = await runCommand(command, {
    cwd: options.root,
    signal: options.signal,
    env: { ...env, ...reportHookEnv(reportDir, env), ...plan.env },
  });
  const missing = missingRunner(plan, outcome, options.root);
  if (missing) throw missing;
  const base = {
    runner: plan.runner,
    command,
    exitCode: outcome.exitCode,
    aborted: outcome.aborted,
    durationMs: outcome.durationMs,
    outputTail: outputTail(outcome.output),
    reached: [],
    countChecks: [],
  };
  if (outcome.aborted) return { ...base, counts: undefined, report: 'exit-code' };
  try {
    return { ...base, ...readRunCounts(plan, outcome, reportDir) };
  } catch (error) {
    return { ...base, counts: undefined, report: 'exit-code', note: (error as Error).message };
  }
}
