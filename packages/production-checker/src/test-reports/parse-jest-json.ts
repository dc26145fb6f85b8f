import type { TestCounts } from './test-counts';
import { MAX_FAILED_NAMES } from './test-counts';

interface JestJsonReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  numFailedTestSuites?: number;
  testResults?: {
    name?: string;
    message?: string;
    status?: string;
    assertionResults?: { fullName?: string; title?: string; status?: string }[];
  }[];
}

/**
 * jest's `--json` report, which vitest's `json` reporter reproduces field for field
 * (https://vitest.dev/guide/reporters#json-reporter). Pending and todo tests count as skipped.
 */
export function parseJestJson(text: string): TestCounts & { failedSuites: number } {
  const report = JSON.parse(text) as JestJsonReport;
  if (typeof report.numTotalTests !== 'number')
    throw new Error('not a jest/vitest JSON report (no numTotalTests)');
  const failedTests: string[] = [];
  for (const file of report.testResults ?? []) {
    for (const assertion of file.assertionResults ?? []) {
      if (assertion.status === 'failed' && failedTests.length < MAX_FAILED_NAMES)
        failedTests.push(assertion.fullName ?? assertion.title ?? '(unnamed)');
    }
  }
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
    total: report.numTotalTests,
    failedSuites: report.numFailedTestSuites ?? 0,
    failedTests,
  };
}
