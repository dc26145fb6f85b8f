import type { AutomationEventInput } from '@tier1/events';
import type { DecisionResult } from './calculate-decision';
import type { CheckResult } from './check-result';

const STATUS_OF_DECISION = { go: 'success', warning: 'warning', no_go: 'failed' } as const;

/**
 * The `production_check` event of one run (architecture "Production Check Evidence"): every
 * check's verdict and evidence under its name, the decision and its confidence. The store
 * sanitises the evidence again on the way in.
 */
export function productionCheckEvent(
  results: readonly CheckResult[],
  decision: DecisionResult,
  options: { projectId: string; root: string; command?: string; sessionId?: string },
): AutomationEventInput {
  const checks: Record<string, Record<string, unknown>> = {};
  for (const result of results) {
    checks[result.checkName] = {
      ...result.evidence,
      passed: result.passed,
      details: result.details,
      severity: result.severity,
      skipped: result.skipped ?? false,
      confidence: result.confidence,
      duration_seconds: Math.round(result.durationMs) / 1000,
    };
  }
  return {
    eventType: 'production_check',
    projectId: options.projectId,
    status: STATUS_OF_DECISION[decision.decision],
    evidence: {
      checks,
      decision: decision.decision,
      confidence: decision.confidence,
      failed_checks: decision.failedChecks,
      advisory_failures: decision.advisoryFailures,
    },
    detectedFrom: 'skill',
    metadata: {
      skill: '/production-check',
      command: options.command ?? 'tier1 check',
      root: options.root,
      timestamp: new Date().toISOString(),
    },
    ...(options.sessionId ? { sessionId: options.sessionId } : {}),
  };
}
