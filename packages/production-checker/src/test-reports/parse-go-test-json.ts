import type { TestCounts } from './test-counts';
import { MAX_FAILED_NAMES } from './test-counts';

/**
 * `go test -json` output: one JSON event a line (https://pkg.go.dev/cmd/test2json). A test's
 * final action is pass, fail or skip; package-level events (no Test field) are not tests, but a
 * package that fails without any test event (a build failure) is reported in `failedPackages`.
 */
export function parseGoTestJson(output: string): TestCounts & { failedPackages: string[] } {
  const counts: TestCounts & { failedPackages: string[] } = {
    passed: 0,
    failed: 0,
    skipped: 0,
    total: 0,
    failedTests: [],
    failedPackages: [],
  };
  const packagesWithTests = new Set<string>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let event: { Action?: string; Package?: string; Test?: string };
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (event.Action !== 'pass' && event.Action !== 'fail' && event.Action !== 'skip') continue;
    if (event.Test === undefined) {
      if (event.Action === 'fail' && event.Package && !packagesWithTests.has(event.Package))
        counts.failedPackages.push(event.Package);
      continue;
    }
    if (event.Package) packagesWithTests.add(event.Package);
    counts.total++;
    if (event.Action === 'pass') counts.passed++;
    else if (event.Action === 'skip') counts.skipped++;
    else {
      counts.failed++;
      if (counts.failedTests.length < MAX_FAILED_NAMES)
        counts.failedTests.push(`${event.Package ?? ''} › ${event.Test}`);
    }
  }
  return counts;
}
