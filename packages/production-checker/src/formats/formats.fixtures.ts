import { calculateDecision } from '../calculate-decision';
import type { CheckResult } from '../check-result';

/** Check results as the checker returns them, for the format tests: a failed secret scan, failed tests, a skipped benchmark. */
export const sampleResults: CheckResult[] = [
  {
    checkName: 'tests',
    passed: false,
    details: '2 passed, 1 failed (vitest)',
    evidence: {
      runner: 'vitest',
      passed_count: 2,
      failed_count: 1,
      failed_tests: ['math breaks'],
      fix: 'fix the failing tests: run `npm run test` in the project and fix what fails',
      output_tail: ' FAIL  math.test.js > math > breaks\nAssertionError: expected 1 to be 2',
    },
    confidence: 100,
    durationMs: 2300,
    severity: 'blocking',
  },
  {
    checkName: 'security',
    passed: false,
    details: '1 secret found (first: aws-access-key-id in src/config.js:3)',
    evidence: {
      findings_count: 1,
      findings: [
        {
          file: 'src/config.js',
          line: 3,
          column: 17,
          rule: 'aws-access-key-id',
          ruleDescription: 'AWS access key ID',
          redacted: 'AKIA************WXYZ',
          fingerprint: 'aws-access-key-id:src/config.js:0123456789abcdef',
        },
      ],
    },
    confidence: 95,
    durationMs: 120,
    severity: 'blocking',
  },
  {
    checkName: 'documentation',
    passed: true,
    details: 'README.md with install and usage sections',
    evidence: {},
    confidence: 90,
    durationMs: 4,
    severity: 'blocking',
  },
  {
    checkName: 'performance',
    passed: false,
    skipped: true,
    details: 'no benchmarks found',
    evidence: { fix: 'add a "bench" script' },
    confidence: 100,
    durationMs: 1,
    severity: 'advisory',
  },
];

export const sampleDecision = calculateDecision(sampleResults);
