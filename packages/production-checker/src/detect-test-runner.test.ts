import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectTestRunner } from './detect-test-runner';

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
    expect(detectTestRunner(dir, { command: ['make', 'test'] })).toMatchObject({
      runner: 'command',
      args: ['make', 'test'],
    });
    expect(detectTestRunner(dir)).toMatchObject({
      runner: 'script',
      args: ['npm', 'run', 'test'],
      source: 'package.json scripts.test',
      steps: [{ script: 'test', command: 'vitest', kind: 'vitest' }],
    });
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

  it("runs the script with the project's package manager, its steps listed with pre and post scripts", () => {
    const dir = project({
      'package.json': JSON.stringify({
        packageManager: 'pnpm@10.0.0',
        scripts: {
          pretest: 'tsc -b',
          test: 'pnpm lint && npm run test:unit',
          lint: 'eslint .',
          'test:unit': 'NODE_ENV=test npx jest --ci',
          posttest: 'node report.js',
        },
      }),
    });
    const plan = detectTestRunner(dir);
    expect(plan?.args).toEqual(['pnpm', 'run', 'test']);
    expect(plan?.steps).toEqual([
      { script: 'pretest', command: 'tsc -b', kind: 'other' },
      { script: 'lint', command: 'eslint .', kind: 'other' },
      { script: 'test:unit', command: 'NODE_ENV=test npx jest --ci', kind: 'jest' },
      { script: 'posttest', command: 'node report.js', kind: 'other' },
    ]);
  });

  it('runs a workspace test task without a root script, bypassing the task cache unless configured', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'root', workspaces: ['packages/*'] }),
      'packages/a/package.json': JSON.stringify({ scripts: { test: 'vitest run' } }),
      'packages/b/package.json': JSON.stringify({ scripts: { build: 'tsc' } }),
    });
    expect(detectTestRunner(dir)).toMatchObject({
      runner: 'script',
      args: ['npm', 'test', '--workspaces', '--if-present'],
      workspace: { tool: 'npm', packagesWithTests: 1 },
    });
    const turbo = project({
      'package.json': JSON.stringify({ scripts: { test: 'turbo run test' } }),
      'turbo.json': '{}',
    });
    expect(detectTestRunner(turbo)?.env).toEqual({ TURBO_FORCE: 'true' });
    expect(detectTestRunner(turbo, { useTaskCache: true })?.env).toEqual({});
  });
});
