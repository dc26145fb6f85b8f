import type { CheckOutcome } from './check-definition';
import type { TestRunnerPlan } from './detect-test-runner';
import type { TestRun } from './run-test-plan';
import type { ScriptStep } from './test-script';

function countsLine(run: TestRun): string {
  const counts = run.counts;
  if (!counts) return '';
  const parts = [`${counts.passed} passed`];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  return parts.join(', ');
}

const stepLabel = (step: ScriptStep) => `${step.script}: ${step.command}`;

/**
 * The steps of a failed script that can have failed: before the first runner that reported
 * nothing (lint before tests), or after the runners when every report is green (a post step,
 * a coverage threshold).
 */
export function suspectSteps(steps: readonly ScriptStep[], run: TestRun): ScriptStep[] {
  const isRunner = (step: ScriptStep) => step.kind !== 'other' && step.kind !== 'turbo' && step.kind !== 'nx';
  if (run.reached.length === 0) {
    const firstRunner = steps.findIndex(isRunner);
    return firstRunner === -1 ? [...steps] : steps.slice(0, firstRunner + 1);
  }
  const lastRunner = steps.findLastIndex(isRunner);
  return steps.slice(lastRunner === -1 ? 0 : lastRunner);
}

function baseEvidence(plan: TestRunnerPlan, run: TestRun): Record<string, unknown> {
  const counts = run.counts;
  return {
    runner: run.reached.length > 0 ? run.reached.join(', ') : run.runner,
    source: plan.source,
    command: run.command.join(' '),
    report: run.report,
    passed_count: counts?.passed ?? null,
    failed_count: counts?.failed ?? null,
    skipped_count: counts?.skipped ?? null,
    total_count: counts?.total ?? null,
    failed_tests: counts?.failedTests ?? [],
    exit_code: run.exitCode ?? null,
    duration_seconds: Math.round(run.durationMs) / 1000,
    ...(plan.steps ? { steps: plan.steps.map(stepLabel) } : {}),
    ...(run.countChecks.length > 0 ? { count_checks: run.countChecks } : {}),
    ...(plan.workspace
      ? { workspace: plan.workspace.tool, workspace_packages_with_tests: plan.workspace.packagesWithTests }
      : {}),
    ...(Object.keys(plan.env).length > 0 ? { added_env: plan.env } : {}),
    ...(run.note ? { note: run.note } : {}),
  };
}

/**
 * The verdict on one test run: it passes only when the runners' reports count at least one
 * test, none failed, each report's total equals the total the runner printed, and the command
 * exited 0 (a lint step, a pretest build or a suite that failed to load fails the run even when
 * every counted test passed). Every failure carries a fix and the tail of the output.
 */
export async function testRunOutcome(
  plan: TestRunnerPlan,
  run: TestRun,
  label = 'tests',
): Promise<CheckOutcome> {
  // Loaded on first use (docs/production-checker.md, "Loading").
  const { sanitizeText } = await import('@tier1/events');
  const counts = run.counts;
  const evidence = baseEvidence(plan, run);
  const commandText = run.command.join(' ');
  const name =
    run.reached.length > 0
      ? run.reached.join(' + ')
      : run.runner === 'script' || run.runner === 'command'
        ? commandText
        : run.runner;
  const fail = (details: string, fix: string, confidence: number): CheckOutcome => ({
    passed: false,
    details,
    evidence: { ...evidence, fix, output_tail: sanitizeText(run.outputTail, { maxLength: 2000 }) },
    confidence,
  });
  const exited = `exited with code ${run.exitCode ?? 'none'}`;
  const suspects = plan.steps && run.exitCode !== 0 ? suspectSteps(plan.steps, run) : [];
  const stepsNote = suspects.length > 0 ? ` (failed step among: ${suspects.map(stepLabel).join('; ')})` : '';
  const rerun = `run \`${commandText}\` in the project and fix what fails (the output tail below shows it)`;

  const mismatch = run.countChecks.find((check) => !check.agrees);
  if (mismatch)
    return fail(
      `count mismatch: ${mismatch.runner}'s report counts ${mismatch.counted} ${label}, its printed summary ${mismatch.printed}`,
      `compare the report with \`${commandText}\`'s own summary; set tests.command in tier1.config to judge this project by its exit code until they agree`,
      50,
    );
  if (!counts) {
    if (run.runner === 'command' || run.runner === 'script') {
      if (run.exitCode === 0)
        return {
          passed: true,
          details: `${commandText} exited with code 0 (no test counts: ${run.note ?? 'custom command'})`,
          evidence,
          confidence: 60,
        };
      return fail(`${commandText} ${exited}${stepsNote}`, rerun, 60);
    }
    return fail(`${name} ${exited} and ${run.note ?? 'wrote no report'}`, rerun, 70);
  }
  if (counts.total === 0)
    return fail(
      `no ${label} found (${name})`,
      `add ${label}, or set tests.command in tier1.config to the command that runs them`,
      90,
    );
  const confidence = run.report === 'cargo-summary-lines' ? 90 : 100;
  if (counts.failed > 0)
    return fail(`${countsLine(run)} (${name})`, `fix the failing ${label}: ${rerun}`, confidence);
  if (run.exitCode !== 0)
    return fail(`${countsLine(run)} (${name}), but \`${commandText}\` ${exited}${stepsNote}`, rerun, 90);
  return { passed: true, details: `${countsLine(run)} (${name})`, evidence, confidence };
}
