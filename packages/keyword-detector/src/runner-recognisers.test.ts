import { describe, expect, it } from 'vitest';
import { KeywordDetector } from './keyword-detector';

const detector = new KeywordDetector();

// Summaries as the runners print them (copied from real runs), then what they must decide.
const cases: Array<{
  name: string;
  output: string;
  command?: string;
  decision: string;
  category: string;
  reason: string;
}> = [
  {
    name: 'vitest, all passing',
    output:
      ' ✓ src/a.test.ts (12 tests) 4ms\n\n Test Files  2 passed (2)\n      Tests  12 passed (12)\n   Start at  10:00:00\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'vitest summary: 12 passed, 0 failed',
  },
  {
    name: 'vitest, one failing',
    output: ' Test Files  1 failed | 1 passed (2)\n      Tests  1 failed | 12 passed (13)\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'vitest summary: 12 passed, 1 failed',
  },
  {
    name: 'vitest, failures listed before passes',
    output: '      Tests  12 passed | 1 failed (13)\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'vitest summary: 12 passed, 1 failed',
  },
  {
    name: 'vitest, a suite that failed to load (no tests)',
    output:
      ' FAIL  src/a.test.ts [ src/a.test.ts ]\nSyntaxError: x\n Test Files  1 failed (1)\n      Tests  no tests\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'vitest summary: 0 passed, 1 failed',
  },
  {
    name: 'vitest under turbo (prefixed lines)',
    output:
      '@tier1/events:test: \n@tier1/events:test:  Test Files  2 passed (2)\n@tier1/events:test:       Tests  12 passed (12)\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'vitest summary: 12 passed, 0 failed',
  },
  {
    name: 'vitest under pnpm -r, one package failing',
    output:
      'packages/a test:       Tests  3 passed (3)\npackages/b test:       Tests  1 failed | 2 passed (3)\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'vitest summary: 2 passed, 1 failed',
  },
  {
    name: 'jest, one failing',
    output:
      'Test Suites: 1 failed, 2 passed, 3 total\nTests:       1 failed, 12 passed, 13 total\nSnapshots:   0 total\nTime:        1.2 s\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'jest summary: 12 passed, 1 failed',
  },
  {
    name: 'jest, all passing with skips',
    output:
      'PASS src/a.test.js\nTests:       2 skipped, 12 passed, 14 total\nTime:        1.2 s\nRan all test suites.\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'jest summary: 12 passed, 0 failed, 2 skipped',
  },
  {
    name: 'node:test TAP, passing',
    output:
      '1..1\n# tests 12\n# suites 0\n# pass 12\n# fail 0\n# cancelled 0\n# skipped 0\n# todo 0\n# duration_ms 220.3\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'node:test summary: 12 passed, 0 failed',
  },
  {
    name: 'node:test spec reporter, failing',
    output:
      'ℹ tests 2\nℹ suites 0\nℹ pass 1\nℹ fail 1\nℹ cancelled 0\nℹ skipped 0\nℹ todo 0\nℹ duration_ms 80.1\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'node:test summary: 1 passed, 1 failed',
  },
  {
    name: 'pytest, passing with a skip',
    output: 'tests/test_a.py ....s\n===== 12 passed, 1 skipped in 0.52s =====\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'pytest summary: 12 passed, 0 failed, 1 skipped',
  },
  {
    name: 'pytest -q, failing',
    output: 'FAILED test_x.py::test_b - assert 1 == 2\n1 failed, 2 passed in 0.10s\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'pytest summary: 2 passed, 1 failed',
  },
  {
    name: 'pytest, collection errors',
    output: '=========== 2 errors in 0.31s ===========\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'pytest summary: 0 passed, 2 failed',
  },
  {
    name: 'cargo test, passing',
    output:
      'running 12 tests\ntest result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'cargo test summary: 12 passed, 0 failed',
  },
  {
    name: 'cargo test, second crate failing',
    output:
      'test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\ntest result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n\nerror: test failed, to rerun pass `--lib`\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'cargo test summary: 1 passed, 1 failed',
  },
  {
    name: 'mocha, passing',
    output: '  calc\n    ✔ adds\n\n  12 passing (45ms)\n  2 pending\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'mocha: 12 passing',
  },
  {
    name: 'mocha, failing',
    output: '  11 passing (45ms)\n  1 failing\n\n  1) calc\n       adds:\n     AssertionError: expected 3\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'mocha: 1 failing',
  },
  {
    name: 'playwright, failing',
    output:
      'Running 13 tests using 2 workers\n\n  1 failed\n    [chromium] › login.spec.ts:3:5 › logs in\n  12 passed (3.2s)\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'playwright: 1 failed',
  },
  {
    name: 'playwright, passing',
    output: 'Running 12 tests using 2 workers\n\n  12 passed (3.2s)\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'playwright: 12 passed',
  },
  {
    name: 'bun test, passing',
    output:
      'calc.test.ts:\n✓ adds [0.10ms]\n\n 12 pass\n 0 fail\n 20 expect() calls\nRan 12 tests across 3 files. [45.00ms]\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'bun test: ran 12 tests',
  },
  {
    name: 'bun test, failing',
    output: ' 11 pass\n 1 fail\nRan 12 tests across 3 files. [45.00ms]\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'bun test: 1 failed',
  },
  {
    name: 'deno test, passing',
    output: 'running 12 tests from ./calc_test.ts\nok | 12 passed | 0 failed (45ms)\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'deno test: 12 passed, 0 failed',
  },
  {
    name: 'deno test, failing',
    output: 'FAILED | 11 passed | 1 failed (50ms)\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'deno test: 1 failed',
  },
  {
    name: 'python unittest, passing',
    output:
      '............\n----------------------------------------------------------------------\nRan 12 tests in 0.003s\n\nOK\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'unittest: 12 tests OK',
  },
  {
    name: 'python unittest, failing',
    output:
      '..F\n----------------------------------------------------------------------\nRan 3 tests in 0.001s\n\nFAILED (failures=1)\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'unittest: FAILED (failures=1)',
  },
  {
    name: 'rspec, passing',
    output: 'Finished in 0.02 seconds (files took 0.1 seconds to load)\n12 examples, 0 failures\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'rspec: 12 examples, 0 failures',
  },
  {
    name: 'rspec, failing',
    output: '12 examples, 1 failure, 2 pending\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'rspec: 12 examples, 1 failure',
  },
  {
    name: 'go test, passing',
    output: '=== RUN   TestAdd\n--- PASS: TestAdd (0.00s)\nPASS\nok  \texample.com/calc\t0.012s\n',
    decision: 'completed',
    category: 'test-success',
    reason: 'go test: ok example.com/calc',
  },
  {
    name: 'go test, failing',
    output:
      '--- FAIL: TestAdd (0.00s)\n    calc_test.go:9: got 3\nFAIL\nFAIL\texample.com/calc\t0.010s\nFAIL\n',
    decision: 'no_action',
    category: 'test-success',
    reason: 'go test: FAIL',
  },
  {
    name: 'tsc with errors',
    output: "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n",
    command: 'npx tsc --noEmit',
    decision: 'no_action',
    category: 'build-success',
    reason: 'tsc: error TS2322',
  },
  {
    name: 'tsc --pretty with a count',
    output: "src/a.ts:3:7 - error TS2322: Type 'string' is not assignable.\n\nFound 1 error in src/a.ts:3\n",
    decision: 'no_action',
    category: 'build-success',
    reason: 'tsc: 1 error',
  },
  {
    name: 'tsc clean (prints nothing)',
    output: '',
    command: 'npx tsc --noEmit -p tsconfig.json',
    decision: 'completed',
    category: 'build-success',
    reason: 'tsc: no output, no type errors',
  },
  {
    name: 'tsc --watch clean',
    output: '[10:00:00 AM] Found 0 errors. Watching for file changes.\n',
    decision: 'completed',
    category: 'build-success',
    reason: 'tsc: found 0 errors',
  },
  {
    name: 'git commit',
    output: '[main 1a2b3c4] fix: auth bug\n 2 files changed, 10 insertions(+), 3 deletions(-)\n',
    command: 'git commit -m "fix: auth bug"',
    decision: 'completed',
    category: 'commit-related',
    reason: 'git commit 1a2b3c4 on main: fix: auth bug',
  },
  {
    name: 'git commit with a failing pre-commit lint that was only a warning',
    output: 'lint: 1 error fixed automatically\n[feature/x (root-commit) 1a2b3c4d] init\n 1 file changed\n',
    decision: 'completed',
    category: 'commit-related',
    reason: 'git commit 1a2b3c4d on feature/x: init',
  },
  {
    name: 'git commit with nothing to commit',
    output: 'On branch main\nnothing to commit, working tree clean\n',
    command: 'git commit -am wip',
    decision: 'no_action',
    category: 'commit-related',
    reason: 'git commit: nothing to commit, working tree clean',
  },
  {
    name: 'git push',
    output: 'To github.com:acme/app.git\n   1a2b3c4..5d6e7f8  main -> main\n',
    decision: 'completed',
    category: 'deployment',
    reason: 'git push: main -> main',
  },
  {
    name: 'git push rejected',
    output:
      "To github.com:acme/app.git\n ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs to 'github.com:acme/app.git'\n",
    decision: 'no_action',
    category: 'deployment',
    reason: 'git push: failed to push some refs',
  },
  {
    name: 'npm publish',
    output:
      'npm notice 📦  @acme/lib@1.2.3\nnpm notice total files: 4\nnpm notice Publishing to https://registry.npmjs.org/ with tag latest and default access\n+ @acme/lib@1.2.3\n',
    decision: 'completed',
    category: 'deployment',
    reason: 'published @acme/lib@1.2.3',
  },
  {
    name: 'npm publish forbidden',
    output: 'npm ERR! code E403\nnpm ERR! 403 403 Forbidden - PUT https://registry.npmjs.org/@acme%2flib\n',
    command: 'npm publish',
    decision: 'no_action',
    category: 'deployment',
    reason: 'npm publish: E403',
  },
  {
    name: 'vercel deploy',
    output:
      'Vercel CLI 37.0.0\n🔍  Inspect: https://vercel.com/acme/app/abc [1s]\n✅  Production: https://app-acme.vercel.app [2s]\n',
    decision: 'completed',
    category: 'deployment',
    reason: 'vercel: production at https://app-acme.vercel.app',
  },
  {
    name: 'fly deploy',
    output:
      'Monitoring deployment\n\n 1 desired, 1 placed, 1 healthy, 0 unhealthy\n--> v12 deployed successfully\n',
    decision: 'completed',
    category: 'deployment',
    reason: 'deploy: v12 deployed successfully',
  },
  {
    name: 'a deploy that failed',
    output: 'Building...\nError: Deployment failed: build step exited with 1\n',
    decision: 'no_action',
    category: 'deployment',
    reason: 'deploy: Deployment failed',
  },
  {
    name: 'vite build',
    output: 'vite v5.4.0 building for production...\n✓ 32 modules transformed.\n✓ built in 1.23s\n',
    decision: 'completed',
    category: 'build-success',
    reason: 'vite: built in 1.23s',
  },
  {
    name: 'tsup build',
    output:
      'CLI Building entry: src/index.ts\nESM Build start\nESM dist/index.js 4.2 KB\nESM ⚡️ Build success in 12ms\n',
    decision: 'completed',
    category: 'build-success',
    reason: 'tsup/esbuild: Build success in 12ms',
  },
  {
    name: 'cargo build failing',
    output:
      'error[E0308]: mismatched types\n\nerror: could not compile `calc` (lib) due to 1 previous error\n',
    decision: 'no_action',
    category: 'build-success',
    reason: 'cargo: could not compile `calc` (lib) due to 1 previous error',
  },
];

describe('runner recognisers', () => {
  it.each(cases)('$name: $decision', ({ output, command, decision, category, reason }) => {
    const result = detector.detect(output, { toolName: 'Bash', command });
    expect(result.decision).toBe(decision);
    expect(result.category).toBe(category);
    expect(result.reasons[0]).toBe(reason);
    expect(result.contextSnippet.length).toBeLessThanOrEqual(200);
  });

  it('lets a failing summary win over a passing one in the same output', () => {
    const output =
      'ESM ⚡️ Build success in 12ms\n Test Files  1 failed (1)\n      Tests  1 failed | 3 passed (4)\n';
    expect(detector.detect(output)).toMatchObject({ decision: 'no_action', category: 'test-success' });
  });

  it('lets a passing summary ignore failure words printed by the tests', () => {
    const output =
      'stderr | a.test.ts > logs\nError: expected failure logged on purpose\n Test Files  1 passed (1)\n      Tests  4 passed (4)\n';
    expect(detector.detect(output)).toMatchObject({
      decision: 'completed',
      confidence: 93,
      keywordFound: '4 passed',
    });
  });

  it('prefers the stronger category when two summaries succeed (tests then commit)', () => {
    const output = '      Tests  4 passed (4)\n[main 1a2b3c4] feat: x\n 1 file changed\n';
    expect(detector.detect(output)).toMatchObject({ category: 'commit-related', confidence: 100 });
  });

  it('does not read "+ pkg@1.2.3" as a publish outside a publish', () => {
    const result = detector.detect('+ lodash@4.17.21\nadded 1 package in 1s\n', {
      command: 'npm install lodash',
    });
    expect(result.category).not.toBe('deployment');
  });

  it('keeps the snippet to the decisive line', () => {
    const result = detector.detect('noise\n      Tests  12 passed (12)\nmore noise\n');
    expect(result.contextSnippet).toBe('Tests  12 passed (12)');
  });
});
