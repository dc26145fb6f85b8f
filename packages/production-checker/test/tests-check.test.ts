import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCheckerConfig } from '../src/checker-config';
import { testsCheck } from '../src/checks/tests-check';
import { ProductionChecker } from '../src/production-checker';
import { runCommand } from '../src/run-command';
import { createTempProject, REPO_VITEST, removeTempProjects } from './temp-project';

afterAll(removeTempProjects);

async function runTests(root: string, config = {}, env?: Record<string, string | undefined>) {
  const checker = new ProductionChecker({
    root,
    config: parseCheckerConfig(config),
    checks: [testsCheck],
    env,
  });
  const [result] = await checker.runAllChecks();
  if (!result) throw new Error('no result');
  return result;
}

const VITEST_MIXED = `import { describe, expect, it } from 'vitest';
describe('math', () => {
  it('adds', () => expect(1 + 1).toBe(2));
  it('multiplies', () => expect(2 * 3).toBe(6));
  it('breaks', () => expect(1).toBe(2));
  it.skip('is skipped', () => {});
  it.todo('is to do');
});
`;

describe('tests check on real projects', () => {
  it("passes a vitest project whose tests pass, with the runner's counts", async () => {
    const root = createTempProject(
      {
        'package.json': JSON.stringify({ name: 'ok', type: 'module', scripts: { test: 'vitest run' } }),
        'src/a.test.js': `import { it, expect } from 'vitest';\nit('one', () => expect(1).toBe(1));\nit('two', () => expect(2).toBe(2));\nit.skip('three', () => {});\n`,
      },
      { vitest: true },
    );
    const result = await runTests(root);
    expect(result.passed).toBe(true);
    expect(result.evidence).toMatchObject({
      runner: 'vitest',
      report: 'jest-json',
      passed_count: 2,
      failed_count: 0,
      skipped_count: 1,
      total_count: 3,
    });
    expect(result.details).toBe('2 passed, 1 skipped (vitest)');
  });

  it("fails a vitest project with a failing test; counts equal vitest's own summary", async () => {
    const root = createTempProject(
      {
        'package.json': JSON.stringify({
          name: 'bad',
          type: 'module',
          scripts: { test: 'vitest --reporter=dot' },
        }),
        'src/math.test.js': VITEST_MIXED,
      },
      { vitest: true },
    );
    const result = await runTests(root);
    expect(result.passed).toBe(false);
    expect(result.evidence).toMatchObject({
      passed_count: 2,
      failed_count: 1,
      skipped_count: 2,
      total_count: 5,
      failed_tests: ['math breaks'],
    });

    // vitest's own console summary of the same project, read independently of the JSON report.
    const own = await runCommand([process.execPath, join(REPO_VITEST, 'vitest.mjs'), 'run'], { cwd: root });
    const summary = /Tests\s+(.*)\((\d+)\)/.exec(stripVTControlCharacters(own.output));
    expect(summary?.[1]).toMatch(/1 failed \| 2 passed \| 1 skipped \| 1 todo/);
    expect(Number(summary?.[2])).toBe(result.evidence.total_count);
  });

  it('does not pass a vitest project with no tests', async () => {
    const root = createTempProject(
      {
        'package.json': JSON.stringify({ name: 'empty', scripts: { test: 'vitest' } }),
        'src/index.js': 'export {};\n',
      },
      { vitest: true },
    );
    const result = await runTests(root);
    expect(result.passed).toBe(false);
    expect(result.details).toBe('no tests found (vitest)');
  });

  it('counts a node:test project from its JUnit report', async () => {
    const root = createTempProject({
      'package.json': JSON.stringify({ name: 'nt', scripts: { test: 'node --test test/' } }),
      'test/a.test.mjs': `import test from 'node:test';\nimport assert from 'node:assert';\ntest('ok', () => assert.equal(1, 1));\ntest('also ok', () => {});\ntest('skipped', { skip: true }, () => {});\n`,
    });
    const result = await runTests(root);
    expect(result.passed).toBe(true);
    expect(result.evidence).toMatchObject({
      runner: 'node:test',
      report: 'junit',
      passed_count: 2,
      failed_count: 0,
      skipped_count: 1,
    });
  });

  it("counts a pytest project from its JUnit XML; counts equal pytest's own summary", async () => {
    const root = createTempProject({
      'pytest.ini': '[pytest]\n',
      'tests/test_app.py': `import pytest\n\ndef test_one():\n    assert 1 == 1\n\ndef test_two():\n    assert 2 == 2\n\ndef test_broken():\n    assert 1 == 2\n\n@pytest.mark.skip(reason="later")\ndef test_later():\n    pass\n`,
    });
    const result = await runTests(root);
    expect(result.passed).toBe(false);
    expect(result.evidence).toMatchObject({
      runner: 'pytest',
      report: 'junit',
      passed_count: 2,
      failed_count: 1,
      skipped_count: 1,
      total_count: 4,
    });
    const own = await runCommand(['python3', '-m', 'pytest', '-p', 'no:cacheprovider'], { cwd: root });
    expect(own.output).toMatch(/1 failed, 2 passed, 1 skipped/);
  });

  it.skipIf(spawnSync('cargo', ['--version']).status !== 0)(
    "counts a cargo project from libtest's summary lines, doc-tests included",
    async () => {
      const root = createTempProject({
        'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n',
        'src/lib.rs': [
          '/// ```',
          '/// assert_eq!(demo::add(1, 1), 2);',
          '/// ```',
          'pub fn add(a: i32, b: i32) -> i32 { a + b }',
          '#[cfg(test)]',
          'mod tests {',
          '    #[test] fn adds() { assert_eq!(super::add(1, 2), 3); }',
          '    #[test] fn breaks() { assert_eq!(super::add(1, 2), 4); }',
          '    #[test] #[ignore] fn slow() {}',
          '}',
          '',
        ].join('\n'),
      });
      const result = await runTests(root, { checks: { tests: { timeoutMs: 120_000 } } });
      expect(result.passed).toBe(false);
      expect(result.evidence).toMatchObject({
        runner: 'cargo',
        report: 'cargo-summary-lines',
        passed_count: 2,
        failed_count: 1,
        skipped_count: 1,
        failed_tests: ['tests::breaks'],
      });
      expect(String(result.evidence.note)).toMatch(/nightly/);
    },
  );

  it("fails with a clear RUNNER_NOT_FOUND when the script's runner is not installed", async () => {
    const root = createTempProject({
      'package.json': JSON.stringify({ name: 'nodeps', scripts: { test: 'jest --ci' } }),
    });
    const result = await runTests(root);
    expect(result.passed).toBe(false);
    expect(result.evidence.error_code).toBe('RUNNER_NOT_FOUND');
    expect(result.details).toMatch(/^jest: the test script runs jest, which is not installed/);
    expect(result.evidence.fix).toMatch(/npm ci, pnpm install or yarn install/);
  });

  it('names the package manager and the fix when the one the project declares is not installed', async () => {
    const root = createTempProject({
      'package.json': JSON.stringify({
        name: 'berry',
        packageManager: 'yarn@4.5.0',
        scripts: { test: 'node --test' },
      }),
    });
    const result = await runTests(root, {}, { ...process.env, PATH: '/usr/bin:/bin' });
    expect(result.evidence).toMatchObject({
      error_code: 'RUNNER_NOT_FOUND',
      fix: expect.stringMatching(/corepack enable/),
    });
    expect(result.details).toBe('yarn: yarn was not found on PATH');
  });

  it('fails a project without any test runner: no tests found', async () => {
    const root = createTempProject({ 'package.json': JSON.stringify({ name: 'none' }) });
    const result = await runTests(root);
    expect(result.passed).toBe(false);
    expect(result.details).toMatch(/^no tests found/);
  });

  it('writes its report in a private temp folder, never in the project', async () => {
    const root = createTempProject(
      {
        'package.json': JSON.stringify({ name: 'clean', type: 'module', scripts: { test: 'vitest run' } }),
        'a.test.js': `import { it } from 'vitest';\nit('x', () => {});\n`,
      },
      { vitest: true },
    );
    const result = await runTests(root);
    expect(result.evidence).toMatchObject({ command: 'npm run test', passed_count: 1 });
    expect(readdirSync(root).sort()).toEqual(['a.test.js', 'node_modules', 'package.json']);
  });
});
