import { describe, expect, it } from 'vitest';
import { parseCargoOutput } from './parse-cargo-output';

describe('parseCargoOutput', () => {
  it('sums the summary lines of every test binary and doc-test run', () => {
    const output = `running 3 tests
test tests::adds ... ok
test tests::breaks ... FAILED
test tests::slow ... ignored

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

   Doc-tests demo

running 1 test
test src/lib.rs - add (line 3) ... ok

test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.20s
`;
    expect(parseCargoOutput(output)).toEqual({
      passed: 2,
      failed: 1,
      skipped: 1,
      total: 4,
      failedTests: ['tests::breaks'],
      summaryLines: 2,
    });
  });
});
