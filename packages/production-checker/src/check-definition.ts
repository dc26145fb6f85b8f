import type { CheckResult, CheckSeverity } from './check-result';
import type { CheckerConfig } from './checker-config';

export interface CheckContext {
  /** The project's absolute path. */
  root: string;
  config: CheckerConfig;
  /** The environment the checks read (`.env.example` completeness, DATABASE_URL) and commands inherit. */
  env: Record<string, string | undefined>;
  /** Aborted when the check's timeout passes or the whole run is cancelled. */
  signal: AbortSignal;
  /** A private scratch directory for runner reports; removed after the run. */
  tempDir: string;
}

/** What a check decides; the checker adds the name, the duration and the severity. */
export type CheckOutcome = Omit<CheckResult, 'checkName' | 'durationMs' | 'severity'>;

export interface CheckDefinition {
  name: string;
  severity: CheckSeverity;
  timeoutMs: number;
  /** A default timeout sized for the project (a workspace's tests); `timeoutMs` when absent. */
  defaultTimeoutMs?(root: string): number;
  /** Whether the check runs when the project does not say (deployment checks: only when configured). */
  enabledByDefault(config: CheckerConfig): boolean;
  run(context: CheckContext): Promise<CheckOutcome>;
}
