import type { CheckDefinition } from '../check-definition';
import { detectTestRunner } from '../detect-test-runner';
import { runTestPlan } from '../run-test-plan';
import { testRunOutcome } from '../test-run-outcome';
import { defaultTestsTimeoutMs, detectWorkspace } from '../workspace';

/** Runs the project's tests as its CI does and counts them from the runners' reports (architecture: 60 s; a workspace gets more). */
export const testsCheck: CheckDefinition = {
  name: 'tests',
  severity: 'blocking',
  timeoutMs: 60_000,
  defaultTimeoutMs: (root) => defaultTestsTimeoutMs(detectWorkspace(root)),
  enabledByDefault: () => true,
  async run(context) {
    const plan = detectTestRunner(context.root, {
      command: context.config.tests?.command,
      useTaskCache: context.config.tests?.useTaskCache,
    });
    if (!plan) {
      return {
        passed: false,
        details:
          'no tests found: no test runner detected (package.json test script, pytest, go.mod or Cargo.toml)',
        evidence: {
          runner: null,
          total_count: 0,
          fix: 'add a "test" script to package.json (or pytest, go or cargo tests), or set tests.command in tier1.config',
        },
        confidence: 90,
      };
    }
    const run = await runTestPlan(plan, {
      root: context.root,
      signal: context.signal,
      tempDir: context.tempDir,
      env: context.env,
      reportName: 'tests',
    });
    return testRunOutcome(plan, run);
  },
};
