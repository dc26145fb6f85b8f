import type { CheckResult } from './check-result';

export type Decision = 'go' | 'warning' | 'no_go';

export interface DecisionResult {
  decision: Decision;
  /** 0-100: the mean of the checks' confidences (100 when no check ran). */
  confidence: number;
  /** Blocking checks that failed: each one alone makes the decision NO-GO. */
  failedChecks: string[];
  /** Advisory checks that failed and checks that had nothing to run: warnings. */
  advisoryFailures: string[];
}

/**
 * The architecture's matrix (0 failed → GO, performance only → WARNING, more → NO-GO),
 * generalised from "performance" to severities: a failed blocking check is NO-GO; failed
 * advisory checks (performance by default) and skipped checks only make it a WARNING; all
 * passed is GO. With the default severities this is exactly the architecture's table, and a
 * project may make any check advisory or blocking in its configuration.
 */
export function calculateDecision(results: readonly CheckResult[]): DecisionResult {
  const failedChecks = results
    .filter((result) => !result.passed && !result.skipped && result.severity === 'blocking')
    .map((result) => result.checkName);
  const advisoryFailures = results
    .filter((result) => !result.passed && (result.skipped || result.severity === 'advisory'))
    .map((result) => result.checkName);
  const decision: Decision =
    failedChecks.length > 0 ? 'no_go' : advisoryFailures.length > 0 ? 'warning' : 'go';
  const confidence =
    results.length === 0
      ? 100
      : Math.round(results.reduce((sum, result) => sum + result.confidence, 0) / results.length);
  return { decision, confidence, failedChecks, advisoryFailures };
}
