import { describe, expect, it } from 'vitest';
import { parseJestJson } from './parse-jest-json';

describe('parseJestJson', () => {
  it('reads the counts and failed names; todo counts as skipped', () => {
    const report = {
      numTotalTests: 5,
      numPassedTests: 2,
      numFailedTests: 1,
      numPendingTests: 1,
      numTodoTests: 1,
      numFailedTestSuites: 1,
      testResults: [
        {
          assertionResults: [
            { fullName: 'math adds', status: 'passed' },
            { fullName: 'math breaks', status: 'failed' },
          ],
        },
      ],
    };
    expect(parseJestJson(JSON.stringify(report))).toEqual({
      passed: 2,
      failed: 1,
      skipped: 2,
      total: 5,
      failedSuites: 1,
      failedTests: ['math breaks'],
    });
  });

  it('rejects JSON that is not a test report', () => {
    expect(() => parseJestJson('{"a":1}')).toThrow(/not a jest\/vitest JSON report/);
  });
});
