import { describe, expect, it } from 'vitest';
import { printedTotal } from './printed-summary';

describe('printedTotal', () => {
  it("reads each runner's closing summary, through colours and turbo's prefixes", () => {
    expect(
      printedTotal('vitest', 'a:test:       \u001b[1mTests \u001b[22m 1 failed | 3 passed | 1 todo (5)\n'),
    ).toBe(5);
    expect(printedTotal('jest', 'Tests:       1 failed, 2 skipped, 5 passed, 8 total\n')).toBe(8);
    expect(printedTotal('node:test', '# tests 224\n# suites 1\n')).toBe(224);
    expect(printedTotal('node:test', 'ℹ tests 7\n')).toBe(7);
    expect(printedTotal('mocha', '  3 passing (9ms)\n  1 pending\n  2 failing\n')).toBe(6);
    expect(
      printedTotal('pytest', '==== 1 failed, 4 passed, 1 skipped, 1 xfailed, 2 warnings in 0.12s ====\n'),
    ).toBe(7);
    expect(printedTotal('pytest', '4 passed, 1 error in 3.14s\n')).toBe(5);
  });

  it('takes the last summary of each run: a test printing a summary-like line does not count', () => {
    const output =
      'stdout | a.test.js > prints\n Tests  99 passed (99)\n\n Test Files  1 passed (1)\n      Tests  2 passed (2)\n';
    expect(printedTotal('vitest', output)).toBe(2);
    expect(printedTotal('vitest', `${output}\n      Tests  3 passed (3)\n`, 2)).toBe(5);
  });

  it('is undefined when the runner printed no summary', () => {
    expect(printedTotal('jest', 'PASS ./a.test.js\n')).toBeUndefined();
  });
});
