import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectTestRunner, runnerFromScript } from './detect-test-runner';

describe('runnerFromScript', () => {
  it('finds the runner in common script shapes', () => {
    expect(runnerFromScript('vitest run --coverage')).toEqual({
      runner: 'vitest',
      args: ['run', '--coverage'],
      env: {},
    });
    expect(runnerFromScript('tsc && NODE_ENV=test jest --ci')).toEqual({
      runner: 'jest',
      args: ['--ci'],
      env: { NODE_ENV: 'test' },
    });
    expect(runnerFromScript('node --test test/')).toEqual({
      runner: 'node:test',
      args: ['--test', 'test/'],
      env: {},
    });
    expect(runnerFromScript('npx vitest')).toMatchObject({ runner: 'vitest', args: [] });
    expect(runnerFromScript('pnpm exec vitest run')).toMatchObject({ runner: 'vitest', args: ['run'] });
    expect(runnerFromScript('./node_modules/.bin/jest')).toMatchObject({ runner: 'jest' });
    expect(runnerFromScript('mocha test/')).toBeUndefined();
    expect(runnerFromScript('node test.js')).toBeUndefined();
  });
});

describe('detectTestRunner', () => {
  const dirs: string[] = [];
  const project = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'tier1-detect-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prefers the configured command, then the test script', () => {
    const dir = project({
      'package.json': JSON.stringify({ scripts: { test: 'vitest' } }),
      'pytest.ini': '',
    });
    expect(detectTestRunner(dir, ['make', 'test'])).toMatchObject({
      runner: 'command',
      args: ['make', 'test'],
    });
    expect(detectTestRunner(dir)).toMatchObject({ runner: 'vitest', source: 'package.json scripts.test' });
  });

  it("ignores npm's placeholder script and finds pytest, go and cargo projects", () => {
    expect(
      detectTestRunner(
        project({
          'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
          'tests/test_app.py': '',
        }),
      ),
    ).toMatchObject({
      runner: 'pytest',
      source: 'tests/test_app.py',
    });
    expect(detectTestRunner(project({ 'pyproject.toml': '[tool.pytest.ini_options]\n' }))).toMatchObject({
      runner: 'pytest',
      source: 'pyproject.toml',
    });
    expect(detectTestRunner(project({ 'go.mod': 'module x\n' }))).toMatchObject({
      runner: 'go',
      args: ['./...'],
    });
    expect(detectTestRunner(project({ 'Cargo.toml': '[package]\n' }))).toMatchObject({ runner: 'cargo' });
    expect(detectTestRunner(project({ 'README.md': '# x' }))).toBeUndefined();
  });

  it('runs an unrecognised test script through npm, judged by its exit code', () => {
    expect(
      detectTestRunner(project({ 'package.json': JSON.stringify({ scripts: { test: 'mocha' } }) })),
    ).toMatchObject({
      runner: 'command',
      args: ['npm', 'test', '--silent'],
    });
  });
});
