import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculateDecision } from '../src/calculate-decision';
import type { CheckResult } from '../src/check-result';
import { parseCheckerConfig } from '../src/checker-config';
import { ProductionChecker } from '../src/production-checker';
import { createTempProject, removeTempProjects } from './temp-project';

// Real runners (vitest, jest, mocha, turbo, nx), pinned in scripts/test-tools.mjs and installed
// once into ~/.cache/tier1; every fixture links its node_modules there. pytest is python3's.
const TOOLS = new URL('../../../scripts/test-tools.mjs', import.meta.url).href;
let runnersModules = '';

beforeAll(async () => {
  const { toolPath } = (await import(TOOLS)) as { toolPath: (name: string) => string };
  runnersModules = toolPath('runners');
});
afterAll(removeTempProjects);

// Every fixture is a small, well-kept library: README, a rollback note, nothing else asked of it.
const LIBRARY_FILES = {
  'README.md': '# fixture\n\nA library used to try tier1 check.\n',
  'ROLLBACK.md': 'Publish the previous version again.\n',
  '.gitignore': 'node_modules\n.turbo\n.nx\n',
};

function project(files: Record<string, string>, packageDirs: string[] = ['.']): string {
  const root = createTempProject({ ...LIBRARY_FILES, ...files });
  for (const dir of packageDirs) {
    mkdirSync(join(root, dir), { recursive: true });
    symlinkSync(runnersModules, join(root, dir, 'node_modules'), 'dir');
  }
  return root;
}

// The environment of a CI job: no terminal, nothing forced. nx must not leave a daemon behind.
const CI_ENV: Record<string, string | undefined> = {
  ...process.env,
  CI: 'true',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
};
delete CI_ENV.FORCE_COLOR;
delete CI_ENV.NO_COLOR;
// This repository's own node_modules/.bin must not lend a fixture its vitest.
CI_ENV.PATH = (process.env.PATH ?? '')
  .split(':')
  .filter((entry) => !entry.includes('node_modules'))
  .join(':');

/**
 * What the maintainer sees: the command run by hand in a shell, its exit code and output.
 * Asynchronous, so the test worker keeps answering vitest while a workspace runs.
 */
async function byHand(root: string, command: string): Promise<{ status: number; output: string }> {
  const result = await new Promise<{ status: number; stdout: string }>((resolve) => {
    execFile(
      'sh',
      ['-c', `${command} 2>&1`],
      { cwd: root, env: CI_ENV, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
  return { status: result.status, output: stripVTControlCharacters(result.stdout) };
}

async function check(root: string, config = {}) {
  const started = performance.now();
  const checker = new ProductionChecker({ root, config: parseCheckerConfig(config), env: CI_ENV });
  const results = await checker.runAllChecks();
  const tests = results.find((result) => result.checkName === 'tests') as CheckResult;
  return {
    results,
    tests,
    decision: calculateDecision(results).decision,
    seconds: (performance.now() - started) / 1000,
  };
}

const measured: string[] = [];
afterAll(() => {
  if (measured.length > 0)
    console.log(`shape | runner's own | tier1 | decision | wall\n${measured.join('\n')}`);
});

function record(shape: string, own: string, run: Awaited<ReturnType<typeof check>>) {
  const { evidence } = run.tests;
  measured.push(
    `${shape} | ${own} | ${evidence.passed_count ?? '-'} passed, ${evidence.failed_count ?? '-'} failed, ${evidence.skipped_count ?? '-'} skipped (${evidence.total_count ?? '-'}) | ${run.decision} | ${run.seconds.toFixed(1)} s`,
  );
}

const number = (output: string, pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? Number.NaN);

// A workspace runs every package twice by hand and once through Tier 1: minutes on a loaded machine.
describe('tier1 check on real project shapes', { timeout: 240_000 }, () => {
  it('vitest library, all green: GO, with vitest’s counts', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'lib-vitest', type: 'module', scripts: { test: 'vitest run' } }),
      'src/math.test.js': `import { describe, expect, it } from 'vitest';
describe('math', () => {
  it('adds', () => expect(1 + 1).toBe(2));
  it('multiplies', () => expect(2 * 3).toBe(6));
  it.skip('divides later', () => {});
  it.todo('rounds');
});\n`,
    });
    const own = await byHand(root, 'npm test');
    const run = await check(root);
    record('vitest', own.output.match(/Tests {2}.*\(\d+\)/)?.[0] ?? '?', run);
    expect(own.status).toBe(0);
    expect(run.tests.evidence).toMatchObject({
      runner: 'vitest',
      passed_count: 2,
      skipped_count: 2,
      total_count: 4,
    });
    expect(run.tests.evidence.total_count).toBe(number(own.output, /Tests {2}.*\((\d+)\)/));
    expect(run.results.find((result) => result.checkName === 'performance')?.notApplicable).toBe(true);
    expect(run.decision).toBe('go');
  });

  it('jest behind an npm run chain, one failing test: NO-GO naming it, with jest’s counts', async () => {
    const root = project({
      'package.json': JSON.stringify({
        name: 'lib-jest',
        scripts: { test: 'npm run test:unit --silent', 'test:unit': 'jest --ci' },
      }),
      'math.test.js': `test('adds', () => expect(1 + 1).toBe(2));
test('breaks', () => expect(1).toBe(2));
test.skip('later', () => {});
describe('nested', () => { test('ok', () => {}); });\n`,
    });
    const own = await byHand(root, 'npm test');
    const run = await check(root);
    record('jest via npm run', own.output.match(/Tests:.*total/)?.[0] ?? '?', run);
    expect(own.status).not.toBe(0);
    expect(run.tests.evidence).toMatchObject({
      runner: 'jest',
      passed_count: 2,
      failed_count: 1,
      skipped_count: 1,
    });
    expect(run.tests.evidence.total_count).toBe(number(own.output, /Tests:.*?(\d+) total/));
    expect(run.tests.evidence.failed_tests).toEqual(['breaks']);
    expect(run.tests.evidence.fix).toMatch(/npm run test/);
    expect(run.decision).toBe('no_go');
  });

  it('node:test on built output: pretest build, a shell glob, posttest, names with < > & quotes newlines', async () => {
    const many = Array.from({ length: 215 }, (_, index) => `test('case ${index} > & <', () => {});`).join(
      '\n',
    );
    const root = project({
      'package.json': JSON.stringify({
        name: 'lib-node-test',
        scripts: {
          pretest: 'node build.mjs',
          test: 'node --test dist/test/*.js',
          posttest: 'node -e "console.log(\'posttest ran\')"',
        },
      }),
      'build.mjs': `import { cpSync } from 'node:fs';\ncpSync('test', 'dist/test', { recursive: true });\n`,
      'test/names.test.js': `const test = require('node:test');
test('when name with surrounding <> then argument required', () => {});
test('quotes "double" and \\'single\\' & ampersand', () => {});
test('a newline\\nin the name', () => {});
test.describe('suite <a> & "b"', () => { test.it('inner > outer', () => {}); test.it.skip('skipped <x>', () => {}); });
test('parent', async (t) => { await t.test('child <1>', () => {}); await t.test('child & 2', () => {}); });
${many}\n`,
      'test/other.test.js': `const test = require('node:test');\ntest('other', () => {});\n`,
    });
    const own = await byHand(root, 'npm test');
    const run = await check(root);
    record('node:test (pre/post, glob, odd names)', own.output.match(/# tests \d+/)?.[0] ?? '?', run);
    expect(own.status).toBe(0);
    expect(own.output).toContain('posttest ran');
    expect(run.tests.evidence.total_count).toBe(number(own.output, /# tests (\d+)/));
    expect(run.tests.evidence).toMatchObject({ runner: 'node:test', failed_count: 0, skipped_count: 1 });
    expect(run.tests.evidence.steps).toEqual([
      'pretest: node build.mjs',
      'test: node --test dist/test/*.js',
      `posttest: node -e console.log('posttest ran')`,
    ]);
    expect(run.decision).toBe('go');
  });

  it('mocha with a pending test: GO, with mocha’s counts', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'lib-mocha', scripts: { test: 'mocha "test/**/*.spec.js"' } }),
      'test/a.spec.js': `const assert = require('node:assert');
describe('a', () => { it('one', () => assert.ok(true)); it('two', () => {}); it('pending'); });\n`,
      'test/deep/b.spec.js': `describe('b', () => { it('three', () => {}); });\n`,
    });
    const own = await byHand(root, 'npm test');
    const run = await check(root);
    record('mocha', own.output.match(/\d+ passing.*\n.*pending/)?.[0].replace(/\s+/g, ' ') ?? '?', run);
    expect(run.tests.evidence).toMatchObject({
      runner: 'mocha',
      passed_count: 3,
      skipped_count: 1,
      total_count: 4,
    });
    expect(run.tests.evidence.passed_count).toBe(number(own.output, /(\d+) passing/));
    expect(run.decision).toBe('go');
  });

  it('pytest with a skip and an expected failure: GO, with pytest’s counts', async () => {
    const root = project(
      {
        'pyproject.toml': '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
        'tests/test_app.py': `import pytest
def test_one(): assert 1 == 1
@pytest.mark.parametrize("value", ["<a>", "&", '"q"'])
def test_params(value): assert value
@pytest.mark.skip(reason="later")
def test_skip(): pass
@pytest.mark.xfail
def test_xfail(): assert False\n`,
      },
      [],
    );
    const own = await byHand(root, 'python3 -m pytest -p no:cacheprovider');
    const run = await check(root);
    record('pytest', own.output.match(/\d+ passed.* in [\d.]+s/)?.[0] ?? '?', run);
    expect(own.status).toBe(0);
    expect(run.tests.evidence).toMatchObject({
      runner: 'pytest',
      passed_count: 4,
      failed_count: 0,
      skipped_count: 2,
    });
    expect(run.decision).toBe('go');
  });

  it('a colour-sensitive suite passes as it does under npm test (nothing added to the environment)', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'lib-colour', scripts: { test: 'node --test' } }),
      'paint.test.js': `const test = require('node:test');
const assert = require('node:assert');
const paint = (text) => (process.env.NO_COLOR || process.env.FORCE_COLOR === '0' ? text : '\\u001b[31m' + text + '\\u001b[39m');
test('paints red when colours are allowed', () => assert.equal(paint('x'), '\\u001b[31mx\\u001b[39m'));\n`,
    });
    const own = await byHand(root, 'npm test');
    const run = await check(root);
    record('colour-sensitive (node:test)', own.output.match(/# pass \d+/)?.[0] ?? '?', run);
    expect(own.status).toBe(0);
    expect(run.tests.passed).toBe(true);
    expect(run.decision).toBe('go');
  });

  it('lint failing before the tests: NO-GO though every test would pass, the lint step named', async () => {
    const root = project({
      'package.json': JSON.stringify({
        name: 'lib-lint',
        type: 'module',
        scripts: { lint: 'node lint.mjs', test: 'npm run lint && vitest run' },
      }),
      'lint.mjs': `console.error('src/a.js:1:1  error  no-unused-vars');\nprocess.exit(1);\n`,
      'a.test.js': `import { it } from 'vitest';\nit('fine', () => {});\n`,
    });
    const own = await byHand(root, 'npm test');
    const run = await check(root);
    record('lint before tests', `npm test exit ${own.status}, no tests run`, run);
    expect(own.status).not.toBe(0);
    expect(run.tests.passed).toBe(false);
    expect(run.tests.details).toMatch(
      /exited with code 1 \(failed step among: lint: node lint\.mjs; test: vitest run\)/,
    );
    expect(String(run.tests.evidence.output_tail)).toContain('no-unused-vars');
    expect(run.tests.evidence.fix).toBeTruthy();
    expect(run.decision).toBe('no_go');
  });

  it('a pnpm workspace with turbo: every package tested, a warm turbo cache not replayed', async () => {
    const root = project(
      {
        'package.json': JSON.stringify({
          name: 'mono-turbo',
          private: true,
          packageManager: 'pnpm@10.34.9',
          scripts: { test: 'turbo run test' },
        }),
        'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
        'turbo.json': JSON.stringify({
          $schema: 'https://turbo.build/schema.json',
          tasks: { test: { outputs: [] } },
        }),
        'packages/a/package.json': JSON.stringify({
          name: 'a',
          type: 'module',
          scripts: { test: 'vitest run' },
        }),
        'packages/a/a.test.js': `import { it } from 'vitest';\nit('a1', () => {});\nit('a2', () => {});\n`,
        'packages/b/package.json': JSON.stringify({ name: 'b', scripts: { test: 'node --test' } }),
        'packages/b/b.test.js': `require('node:test')('b1', () => {});\n`,
      },
      ['.', 'packages/a', 'packages/b'],
    );
    execFileSync('git', ['init', '-q'], { cwd: root });
    const own = await byHand(root, 'pnpm test');
    const warm = await byHand(root, 'pnpm test');
    const run = await check(root);
    record(
      'pnpm + turbo workspace',
      `vitest ${own.output.match(/Tests {2}.*\(\d+\)/)?.[0]}; node ${own.output.match(/# tests \d+/)?.[0]}`,
      run,
    );
    expect(own.status).toBe(0);
    expect(warm.output).toMatch(/FULL TURBO/);
    // Replayed logs write no report: the counts prove the tests ran again.
    expect(run.tests.evidence).toMatchObject({
      runner: 'node:test, vitest',
      passed_count: 3,
      total_count: 3,
      workspace: 'turbo',
    });
    expect(run.tests.evidence.added_env).toEqual({ TURBO_FORCE: 'true' });
    expect(run.decision).toBe('go');
  });

  it('an nx workspace: every project tested, a warm nx cache skipped', async () => {
    const root = project(
      {
        'package.json': JSON.stringify({
          name: 'mono-nx',
          private: true,
          workspaces: ['packages/*'],
          scripts: { test: 'nx run-many -t test' },
        }),
        'nx.json': JSON.stringify({ targetDefaults: { test: { cache: true } } }),
        'packages/c/package.json': JSON.stringify({ name: 'c', scripts: { test: 'jest' } }),
        'packages/c/c.test.js': `test('c1', () => {});\ntest('c2', () => {});\n`,
        'packages/d/package.json': JSON.stringify({ name: 'd', scripts: { test: 'mocha d.spec.js' } }),
        'packages/d/d.spec.js': `it('d1', () => {});\n`,
      },
      ['.', 'packages/c', 'packages/d'],
    );
    execFileSync('git', ['init', '-q'], { cwd: root });
    const own = await byHand(root, 'npm test');
    const warm = await byHand(root, 'npm test');
    const run = await check(root);
    record(
      'nx workspace',
      `jest ${own.output.match(/Tests:.*total/)?.[0]}; mocha ${own.output.match(/\d+ passing/)?.[0]}`,
      run,
    );
    expect(own.status).toBe(0);
    expect(warm.output).toMatch(/from the cache|existing outputs match the cache/);
    expect(run.tests.evidence).toMatchObject({ passed_count: 3, total_count: 3, workspace: 'nx' });
    expect(run.tests.evidence.added_env).toEqual({ NX_SKIP_NX_CACHE: 'true' });
    expect(run.decision).toBe('go');
  });
});
