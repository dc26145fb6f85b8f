import type { DecisionResult } from '../calculate-decision';
import type { CheckResult } from '../check-result';

export const DECISION_LABELS = { go: 'GO', warning: 'WARNING', no_go: 'NO-GO' } as const;

/** passed, not applicable, failed, warning (advisory failure or nothing to run): how a report marks a check. */
export function checkStatus(result: CheckResult): 'passed' | 'not_applicable' | 'failed' | 'warning' {
  if (result.passed) return result.notApplicable ? 'not_applicable' : 'passed';
  return result.skipped || result.severity === 'advisory' ? 'warning' : 'failed';
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "GO (confidence 97)" / "NO-GO: tests, security failed (confidence 80)". */
export function decisionLine(decision: DecisionResult): string {
  const label = DECISION_LABELS[decision.decision];
  const reasons = [
    decision.failedChecks.length > 0 ? `${decision.failedChecks.join(', ')} failed` : undefined,
    decision.advisoryFailures.length > 0 ? `warnings: ${decision.advisoryFailures.join(', ')}` : undefined,
  ].filter(Boolean);
  return `${label}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''} (confidence ${decision.confidence})`;
}
