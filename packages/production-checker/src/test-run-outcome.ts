import { sanitizeText } from '@tier1/events';
import type { CheckOutcome } from './check-definition';
import type { TestRunnerPlan } from './detect-test-runner';
import type { TestRun } from './run-test-plan';

function countsLine(run: TestRun): string {
  const counts = run.counts;
  if (!counts) return '';
  const parts = [`${counts.passed} passed`];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  return parts.join(', ');
}

/**
 * The verdict on one test run: it passes only when the runner's report counts at least one test,
 * none failed, and the runner exited 0 (a suite that failed to load fails the run even when
 * every counted test passed). Counts are the report's, never scraped from the console.
 */
export function testRunOutcome(plan: TestRunnerPlan, run: TestRun, label = 'tests'): CheckOutcome {
  const counts = run.counts;
  const evidence: Record<string, unknown> = {
    runner: run.runner,
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
    ...(run.note ? { note: run.note } : {}),
  };
  const withOutput = () => ({ ...evidence, output_tail: sanitizeText(run.outputTail, { maxLength: 2000 }) });
  const name = run.runner === 'command' ? run.command.join(' ') : run.runner;

  if (!counts) {
    if (run.runner === 'command') {
      const passed = run.exitCode === 0;
      return {
        passed,
        details: `${name} exited with code ${run.exitCode ?? 'none'} (no test counts: custom command)`,
        evidence: passed ? evidence : withOutput(),
        confidence: 60,
      };
    }
    return {
      passed: false,
      details: `${name} exited with code ${run.exitCode ?? 'none'} and ${run.note ?? 'wrote no report'}`,
      evidence: withOutput(),
      confidence: 70,
    };
  }
  if (counts.total === 0)
    return { passed: false, details: `no ${label} found (${name})`, evidence: withOutput(), confidence: 90 };
  const confidence = run.report === 'cargo-summary-lines' ? 90 : 100;
  if (counts.failed > 0)
    return { passed: false, details: `${countsLine(run)} (${name})`, evidence: withOutput(), confidence };
  if (run.exitCode !== 0) {
    return {
      passed: false,
      details: `${countsLine(run)}, but ${name} exited with code ${run.exitCode ?? 'none'}`,
      evidence: withOutput(),
      confidence: 90,
    };
  }
  return { passed: true, details: `${countsLine(run)} (${name})`, evidence, confidence };
}
