import { describe, expect, it } from 'vitest';
import { parseGoTestJson } from './parse-go-test-json';

// Go is not installed on this machine, so this output was written by hand in test2json's
// documented format (https://pkg.go.dev/cmd/test2json) rather than captured from `go test -json`.
describe('parseGoTestJson (hand-written test2json events: go is not installed here)', () => {
  it("counts each test's final action and reports packages that failed without tests", () => {
    const output = [
      '{"Action":"run","Package":"example.com/a","Test":"TestOne"}',
      '{"Action":"output","Package":"example.com/a","Test":"TestOne","Output":"=== RUN   TestOne\\n"}',
      '{"Action":"pass","Package":"example.com/a","Test":"TestOne","Elapsed":0}',
      '{"Action":"fail","Package":"example.com/a","Test":"TestTwo","Elapsed":0}',
      '{"Action":"skip","Package":"example.com/a","Test":"TestThree","Elapsed":0}',
      '{"Action":"fail","Package":"example.com/a","Elapsed":0.01}',
      '{"Action":"fail","Package":"example.com/broken","Elapsed":0}',
      '# example.com/broken [build failed]',
    ].join('\n');
    expect(parseGoTestJson(output)).toEqual({
      passed: 1,
      failed: 1,
      skipped: 1,
      total: 3,
      failedTests: ['example.com/a › TestTwo'],
      failedPackages: ['example.com/broken'],
    });
  });
});
