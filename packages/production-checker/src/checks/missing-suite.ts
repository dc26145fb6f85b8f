import type { CheckOutcome } from '../check-definition';

export interface MissingSuite {
  /** Whether the project's tier1 config asks for the suite (`integration.required`, `performance.required`). */
  required: boolean;
  /** The details when it is required: `no benchmarks found`. */
  notFound: string;
  /** The details when it is not: `not applicable: no benchmarks`. */
  notApplicable: string;
  /** Where it was looked for, said after the details. */
  lookedFor: string;
  /** How to add one: in the evidence when it is required. */
  fix: string;
  /** The check's own evidence (its runner or command: null). */
  evidence: Record<string, unknown>;
}

/**
 * The outcome for a project without an optional suite (integration tests, benchmarks): not
 * applicable, since a library need not have one; skipped with the fix (a warning) when the
 * project sets `required`.
 */
export function missingSuiteOutcome(suite: MissingSuite): CheckOutcome {
  const { required } = suite;
  return {
    passed: !required,
    ...(required ? { skipped: true } : { notApplicable: true }),
    details: `${required ? suite.notFound : suite.notApplicable} (${suite.lookedFor})`,
    evidence: { ...suite.evidence, required, ...(required ? { fix: suite.fix } : {}) },
    confidence: 100,
  };
}
