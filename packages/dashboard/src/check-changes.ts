import type { JsonObject, StoredAutomationEvent } from '@tier1/events';

/** A check whose result differs from the project's previous production check. */
export interface CheckChange {
  check: string;
  /** null when the previous check run did not have this check. */
  before: boolean | null;
  /** null when this run no longer has it. */
  after: boolean | null;
}

/** What changed since the previous production check of the same project. */
export interface CheckDifference {
  previousId: number | null;
  decisionBefore: string | null;
  confidenceBefore: number | null;
  changes: CheckChange[];
}

interface CheckEvidence {
  decision: string | null;
  confidence: number | null;
  checks: Map<string, boolean>;
}

/** Reads the architecture's production_check evidence; a malformed field reads as missing. */
function readCheckEvidence(evidence: JsonObject): CheckEvidence {
  const checks = new Map<string, boolean>();
  const raw = evidence.checks;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [name, result] of Object.entries(raw)) {
      if (
        result !== null &&
        typeof result === 'object' &&
        !Array.isArray(result) &&
        typeof result.passed === 'boolean'
      ) {
        checks.set(name, result.passed);
      }
    }
  }
  return {
    decision: typeof evidence.decision === 'string' ? evidence.decision : null,
    confidence: typeof evidence.confidence === 'number' ? evidence.confidence : null,
    checks,
  };
}

/** The checks that passed, failed, appeared or disappeared between `previous` and `current`. */
export function compareProductionChecks(
  current: StoredAutomationEvent,
  previous: StoredAutomationEvent | undefined,
): CheckDifference {
  if (previous === undefined)
    return { previousId: null, decisionBefore: null, confidenceBefore: null, changes: [] };
  const now = readCheckEvidence(current.evidence);
  const before = readCheckEvidence(previous.evidence);
  const names = [...new Set([...before.checks.keys(), ...now.checks.keys()])].sort();
  const changes: CheckChange[] = [];
  for (const check of names) {
    const was = before.checks.get(check) ?? null;
    const is = now.checks.get(check) ?? null;
    if (was !== is) changes.push({ check, before: was, after: is });
  }
  return {
    previousId: previous.id,
    decisionBefore: before.decision,
    confidenceBefore: before.confidence,
    changes,
  };
}
