import { describe, expect, it } from 'vitest';
import type { TestRunnerPlan } from './detect-test-runner';
import type { TestRun } from './run-test-plan';
import { suspectSteps, testRunOutcome } from './test-run-outcome';
import type { ScriptStep } from './test-script';

const steps: ScriptStep[] = [
  { script: 'pretest', command: 'tsc -b', kind: 'other' },
  { script: 'lint', command: 'eslint .', kind: 'other' },
  { script: 'test', command: 'vitest run', kind: 'vitest' },
  { script: 'posttest', command: 'c8 check-coverage', kind: 'other' },
];
const plan: TestRunnerPlan = {
  runner: 'script',
  args: ['npm', 'run', 'test'],
  env: {},
  source: 'package.json scripts.test',
  steps,
};

function run(overrides: Partial<TestRun>): TestRun {
  return {
    runner: 'script',
    command: ['npm', 'run', 'test'],
    counts: { passed: 3, failed: 0, skipped: 0, total: 3, failedTests: [] },
    report: 'jest-json',
    reached: ['vitest'],
    countChecks: [{ runner: 'vitest', counted: 3, printed: 3, agrees: true }],
    exitCode: 0,
    aborted: false,
    durationMs: 1000,
    outputTail: 'the tail',
    ...overrides,
  };
}

describe('suspectSteps', () => {
  it('blames the steps up to the first runner when no runner reported, the steps after it when all were green', () => {
    expect(suspectSteps(steps, run({ reached: [], counts: undefined })).map((step) => step.command)).toEqual([
      'tsc -b',
      'eslint .',
      'vitest run',
    ]);
    expect(suspectSteps(steps, run({ exitCode: 1 })).map((step) => step.command)).toEqual([
      'vitest run',
      'c8 check-coverage',
    ]);
  });
});

describe('testRunOutcome', () => {
  it('passes green counts with a zero exit', async () => {
    expect(await testRunOutcome(plan, run({}))).toMatchObject({
      passed: true,
      details: '3 passed (vitest)',
      confidence: 100,
    });
  });

  it('fails green counts when the script exited non-zero, with the suspects, a fix and the tail', async () => {
    const outcome = await testRunOutcome(plan, run({ exitCode: 1 }));
    expect(outcome.passed).toBe(false);
    expect(outcome.details).toBe(
      '3 passed (vitest), but `npm run test` exited with code 1 (failed step among: test: vitest run; posttest: c8 check-coverage)',
    );
    expect(outcome.evidence).toMatchObject({
      fix: expect.stringContaining('npm run test'),
      output_tail: 'the tail',
    });
  });

  it("calls a report that disagrees with the runner's printed summary an error", async () => {
    const outcome = await testRunOutcome(
      plan,
      run({ countChecks: [{ runner: 'vitest', counted: 3, printed: 5, agrees: false }] }),
    );
    expect(outcome).toMatchObject({
      passed: false,
      details: "count mismatch: vitest's report counts 3 tests, its printed summary 5",
      evidence: { fix: expect.any(String) },
    });
  });
});
