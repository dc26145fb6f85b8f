import { describe, expect, it } from 'vitest';
import { missingSuiteOutcome } from './missing-suite';

const suite = {
  notFound: 'no benchmarks found',
  notApplicable: 'not applicable: no benchmarks',
  lookedFor: 'bench scripts, bench/',
  fix: 'add a "bench" script',
  evidence: { benchmarks: null },
};

describe('missingSuiteOutcome', () => {
  it('is not applicable, and passes, when the project does not require the suite', () => {
    expect(missingSuiteOutcome({ ...suite, required: false })).toEqual({
      passed: true,
      notApplicable: true,
      details: 'not applicable: no benchmarks (bench scripts, bench/)',
      evidence: { benchmarks: null, required: false },
      confidence: 100,
    });
  });

  it('is skipped with the fix when the project requires the suite', () => {
    expect(missingSuiteOutcome({ ...suite, required: true })).toEqual({
      passed: false,
      skipped: true,
      details: 'no benchmarks found (bench scripts, bench/)',
      evidence: { benchmarks: null, required: true, fix: 'add a "bench" script' },
      confidence: 100,
    });
  });
});
