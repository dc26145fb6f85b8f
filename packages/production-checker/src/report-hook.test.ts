import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportHook, reportHookEnv } from './report-hook';
import { parseJunit } from './test-reports/parse-junit';

const dir = mkdtempSync(join(tmpdir(), 'tier1-hook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runNode(args: string[], reports: string): string {
  const env = { ...process.env, ...reportHookEnv(reports, process.env) };
  return execFileSync(process.execPath, args, {
    cwd: dir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('report hook', () => {
  it('is self-contained, so a bundler cannot break it when it is written out as a file', () => {
    expect(reportHook.toString()).not.toMatch(/\brequire\b|\b__\w+\(/);
  });

  it('leaves a process that runs no test runner alone', () => {
    const reports = mkdtempSync(join(dir, 'plain-'));
    expect(runNode(['-e', 'console.log(process.argv.length)'], reports).trim()).toBe('1');
    expect(readdirSync(reports)).toEqual(['tier1-report-hook.cjs']);
  });

  it("adds node:test's junit report beside the reporter the command named, keeping its output", () => {
    const reports = mkdtempSync(join(dir, 'node-test-'));
    writeFileSync(join(dir, 'a.test.js'), "require('node:test')('a <b> & \"c\"', () => {});\n");
    const output = runNode(['--test', '--test-reporter', 'tap', 'a.test.js'], reports);
    expect(output).toMatch(/# tests 1/);
    const report = readdirSync(reports).find((name) => name.startsWith('node-test-')) as string;
    expect(parseJunit(readFileSync(join(reports, report), 'utf8'))).toMatchObject({ passed: 1, total: 1 });
  });

  it('appends to NODE_OPTIONS and PYTEST_ADDOPTS the project already sets', () => {
    const env = reportHookEnv(mkdtempSync(join(dir, 'env-')), {
      NODE_OPTIONS: '--max-old-space-size=512',
      PYTEST_ADDOPTS: '-x',
    });
    expect(env.NODE_OPTIONS).toMatch(/^--max-old-space-size=512 --require=".*tier1-report-hook\.cjs"$/);
    expect(env.PYTEST_ADDOPTS).toMatch(/^-x "--junitxml=.*pytest\.xml" -p no:cacheprovider$/);
  });
});
