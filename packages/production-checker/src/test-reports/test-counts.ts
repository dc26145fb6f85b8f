/** What a test runner's own report says about one run. */
export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  /** Names of failed tests, at most ten, to show in the report. */
  failedTests: string[];
}

export const MAX_FAILED_NAMES = 10;
