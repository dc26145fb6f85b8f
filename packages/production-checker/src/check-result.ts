/** How much a failed check counts in the decision. */
export type CheckSeverity = 'blocking' | 'advisory';

/** One check's verdict with its evidence (the architecture's CheckResult). */
export interface CheckResult {
  checkName: string;
  passed: boolean;
  /** One line for a person: "269 tests passed", "2 secrets found". */
  details: string;
  evidence: Record<string, unknown>;
  /** 0-100: how sure the check is of its verdict. */
  confidence: number;
  durationMs: number;
  severity: CheckSeverity;
  /** True when the check had nothing to run (no benchmarks): a warning, never a pass by default. */
  skipped?: boolean;
  /**
   * True when the check does not apply to this project (a library without an integration suite
   * or benchmarks, unless the project requires them): it passes and says so.
   */
  notApplicable?: boolean;
}
