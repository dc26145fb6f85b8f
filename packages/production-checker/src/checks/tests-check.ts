import type { CheckDefinition } from '../check-definition';
import { detectTestRunner } from '../detect-test-runner';
import { runTestPlan } from '../run-test-plan';
import { testRunOutcome } from '../test-run-outcome';

/** Runs the project's test suite with its runner's machine-readable report (architecture: 60 s). */
export const testsCheck: CheckDefinition = {
  name: 'tests',
  severity: 'blocking',
  timeoutMs: 60_000,
  enabledByDefault: () => true,
  async run(context) {
    const plan = detectTestRunner(context.root, context.config.tests?.command);
    if (!plan) {
      return {
        passed: false,
        details:
          'no tests found: no test runner detected (package.json test script, pytest, go.mod or Cargo.toml)',
        evidence: { runner: null, total_count: 0 },
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
