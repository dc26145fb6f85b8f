import type { TestCounts } from './test-counts';
import { MAX_FAILED_NAMES } from './test-counts';

/**
 * Stable `cargo test` has no machine-readable report (`--format json` needs nightly's
 * `-Z unstable-options`), so the counts come from libtest's own summary lines, one per test
 * binary and doc-test run: `test result: FAILED. 2 passed; 1 failed; 1 ignored; 0 measured; …`.
 * Ignored tests count as skipped; failed names come from the `test x ... FAILED` lines.
 */
export function parseCargoOutput(output: string): TestCounts & { summaryLines: number } {
  const counts: TestCounts & { summaryLines: number } = {
    passed: 0,
    failed: 0,
    skipped: 0,
    total: 0,
    failedTests: [],
    summaryLines: 0,
  };
  const summary = /^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored; (\d+) measured;/gm;
  for (let match = summary.exec(output); match; match = summary.exec(output)) {
    counts.summaryLines++;
    counts.passed += Number(match[1]);
    counts.failed += Number(match[2]);
    counts.skipped += Number(match[3]);
  }
  counts.total = counts.passed + counts.failed + counts.skipped;
  const failedLine = /^test (\S+) \.\.\. FAILED$/gm;
  for (
    let match = failedLine.exec(output);
    match && counts.failedTests.length < MAX_FAILED_NAMES;
    match = failedLine.exec(output)
  ) {
    counts.failedTests.push(match[1] as string);
  }
  return counts;
}
