import { describe, expect, it } from 'vitest';
import { calculateDecision } from './calculate-decision';
import type { CheckResult } from './check-result';

function result(checkName: string, passed: boolean, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    checkName,
    passed,
    details: '',
    evidence: {},
    confidence: 100,
    durationMs: 1,
    severity: 'blocking',
    ...extra,
  };
}

describe('calculateDecision', () => {
  it('is GO when every check passed', () => {
    expect(calculateDecision([result('tests', true), result('security', true)])).toEqual({
      decision: 'go',
      confidence: 100,
      failedChecks: [],
      advisoryFailures: [],
    });
  });

  it("is WARNING when only the advisory performance check failed (the architecture's one-failure row)", () => {
    const decision = calculateDecision([
      result('tests', true),
      result('performance', false, { severity: 'advisory', confidence: 50 }),
    ]);
    expect(decision).toEqual({
      decision: 'warning',
      confidence: 75,
      failedChecks: [],
      advisoryFailures: ['performance'],
    });
  });

  it('is WARNING when a check had nothing to run, even a blocking one', () => {
    expect(
      calculateDecision([result('tests', true), result('integration_tests', false, { skipped: true })])
        .decision,
    ).toBe('warning');
  });

  it('is NO-GO when any blocking check failed, whatever else passed', () => {
    const decision = calculateDecision([
      result('tests', false),
      result('security', true),
      result('performance', false, { severity: 'advisory' }),
    ]);
    expect(decision.decision).toBe('no_go');
    expect(decision.failedChecks).toEqual(['tests']);
    expect(decision.advisoryFailures).toEqual(['performance']);
  });
});
