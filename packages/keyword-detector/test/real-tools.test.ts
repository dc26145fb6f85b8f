import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KeywordDetector } from '../src';

// Each test runs a real tool in a temporary directory and feeds the detector what the tool
// printed (stdout then stderr, as Claude Code's Bash tool reports them).
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const vitestBin = join(repoRoot, 'node_modules/vitest/vitest.mjs');
const tscBin = join(repoRoot, 'node_modules/typescript/bin/tsc');
const detector = new KeywordDetector();
const temporaryDirectories: string[] = [];

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tier1-kd-'));
  temporaryDirectories.push(directory);
  return directory;
}

afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

// The outer vitest run must not leak into the tools run here.
function childEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|NODE_OPTIONS$|FORCE_COLOR$|NO_COLOR$|TEST$)/.test(key)) environment[key] = value;
  }
  return { ...environment, CI: '1', ...extra };
}

function run(command: string, args: string[], cwd: string, extra: Record<string, string> = {}) {
  return new Promise<{ output: string; status: number | null; commandLine: string }>(
    (resolvePromise, reject) => {
      const child = spawn(command, args, { cwd, env: childEnvironment(extra), timeout: 90_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (status) =>
        resolvePromise({ output: `${stdout}${stderr}`, status, commandLine: [command, ...args].join(' ') }),
      );
    },
  );
}

function available(command: string, args: string[]): boolean {
  return spawnSync(command, args, { encoding: 'utf8' }).status === 0;
}

function write(directory: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, name)), { recursive: true });
    writeFileSync(join(directory, name), content);
  }
}

describe('real vitest runs', { timeout: 90_000 }, () => {
  const config = { 'vitest.config.mjs': "export default { test: { include: ['*.test.mjs'] } };\n" };

  it('a passing run is completed', async () => {
    const directory = temporaryDirectory();
    write(directory, {
      ...config,
      'math.test.mjs':
        "import { expect, test } from 'vitest';\ntest('adds', () => expect(1 + 1).toBe(2));\ntest('subtracts', () => expect(2 - 1).toBe(1));\n",
    });
    const { output, status, commandLine } = await run(process.execPath, [vitestBin, 'run'], directory);
    expect(status).toBe(0);
    const result = detector.detect(output, { toolName: 'Bash', command: commandLine });
    expect(result).toMatchObject({
      decision: 'completed',
      category: 'test-success',
      keywordFound: '2 passed',
    });
    expect(result.reasons[0]).toBe('vitest summary: 2 passed, 0 failed');
  });

  it('a failing run, in colour, is no action', async () => {
    const directory = temporaryDirectory();
    write(directory, {
      ...config,
      'math.test.mjs':
        "import { expect, test } from 'vitest';\ntest('adds', () => expect(1 + 1).toBe(3));\ntest('subtracts', () => expect(2 - 1).toBe(1));\n",
    });
    const { output, status, commandLine } = await run(process.execPath, [vitestBin, 'run'], directory, {
      FORCE_COLOR: '1',
    });
    expect(status).toBe(1);
    expect(output).toContain('\x1b[');
    const result = detector.detect(output, { toolName: 'Bash', command: commandLine });
    expect(result).toMatchObject({
      decision: 'no_action',
      category: 'test-success',
      keywordFound: '1 failed',
    });
    expect(result.reasons[0]).toBe('vitest summary: 1 passed, 1 failed');
    expect(result.contextSnippet).not.toContain('\x1b');
  });
});

describe('real node --test runs', { timeout: 90_000 }, () => {
  it('a passing run is completed and a failing run is no action', async () => {
    const directory = temporaryDirectory();
    write(directory, {
      'pass.test.mjs':
        "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('adds', () => assert.strictEqual(1 + 1, 2));\n",
      'fail.test.mjs':
        "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('adds', () => assert.strictEqual(1 + 1, 3));\ntest('ok', () => {});\n",
    });
    const [passing, failing] = await Promise.all([
      run(process.execPath, ['--test', 'pass.test.mjs'], directory),
      run(process.execPath, ['--test', 'fail.test.mjs'], directory),
    ]);
    expect(passing.status).toBe(0);
    expect(detector.detect(passing.output, { command: 'node --test pass.test.mjs' })).toMatchObject({
      decision: 'completed',
      reasons: expect.arrayContaining(['node:test summary: 1 passed, 0 failed']),
    });
    expect(failing.status).toBe(1);
    expect(detector.detect(failing.output, { command: 'node --test fail.test.mjs' })).toMatchObject({
      decision: 'no_action',
      reasons: expect.arrayContaining(['node:test summary: 1 passed, 1 failed']),
    });
  });
});

describe('real git', { timeout: 90_000 }, () => {
  const identity = [
    '-c',
    'user.name=Tier One',
    '-c',
    'user.email=tier1@example.com',
    '-c',
    'commit.gpgsign=false',
  ];

  it('a commit is completed, an empty commit and git log are no action, a push is a deployment', async () => {
    const directory = temporaryDirectory();
    const repository = join(directory, 'work');
    mkdirSync(repository);
    expect((await run('git', ['init', '-q', '-b', 'main', '.'], repository)).status).toBe(0);
    write(repository, { 'auth.ts': 'export const fixed = true;\n' });
    expect((await run('git', ['add', 'auth.ts'], repository)).status).toBe(0);

    const commit = await run('git', [...identity, 'commit', '-m', 'fix: resolved auth bug'], repository);
    expect(commit.status).toBe(0);
    const committed = detector.detect(commit.output, {
      toolName: 'Bash',
      command: 'git commit -m "fix: resolved auth bug"',
    });
    expect(committed).toMatchObject({ decision: 'completed', category: 'commit-related', confidence: 100 });
    expect(committed.contextSnippet).toMatch(
      /^\[main \(root-commit\) [0-9a-f]{7,}\] fix: resolved auth bug$/,
    );

    // git log repeats the message, "resolved" included: a read-only command is no evidence.
    const log = await run('git', ['log', '--oneline'], repository);
    expect(log.output).toContain('resolved');
    expect(detector.detect(log.output, { toolName: 'Bash', command: 'git log --oneline' }).decision).toBe(
      'no_action',
    );

    const empty = await run('git', [...identity, 'commit', '-m', 'again'], repository);
    expect(empty.status).toBe(1);
    expect(detector.detect(empty.output, { command: 'git commit -m again' })).toMatchObject({
      decision: 'no_action',
      category: 'commit-related',
    });

    expect(
      (await run('git', ['init', '-q', '--bare', join(directory, 'remote.git')], directory)).status,
    ).toBe(0);
    const push = await run('git', ['push', join(directory, 'remote.git'), 'main'], repository);
    expect(push.status).toBe(0);
    expect(detector.detect(push.output, { command: 'git push origin main' })).toMatchObject({
      decision: 'completed',
      category: 'deployment',
      keywordFound: 'main -> main',
    });
  });
});

describe('real tsc', { timeout: 90_000 }, () => {
  it('type errors are no action and a clean check is completed', async () => {
    const directory = temporaryDirectory();
    // --skipLibCheck and a small lib keep the run to about a second; the checking is the same.
    const tscArgs = ['--noEmit', '--skipLibCheck', '--lib', 'es2020'];
    write(directory, {
      'bad.ts': 'export const x: number = "a";\n',
      'good.ts': 'export const y: number = 1;\n',
    });
    const [bad, good] = await Promise.all([
      run(process.execPath, [tscBin, ...tscArgs, 'bad.ts'], directory),
      run(process.execPath, [tscBin, ...tscArgs, 'good.ts'], directory),
    ]);
    expect(bad.status).toBe(2);
    expect(detector.detect(bad.output, { command: 'tsc --noEmit bad.ts' })).toMatchObject({
      decision: 'no_action',
      category: 'build-success',
      keywordFound: 'error TS2322',
    });
    expect(good.status).toBe(0);
    expect(detector.detect(good.output, { command: 'tsc --noEmit good.ts' })).toMatchObject({
      decision: 'completed',
      category: 'build-success',
    });
  });
});

describe('real pytest', { timeout: 90_000 }, () => {
  it.skipIf(!available('python3', ['-m', 'pytest', '--version']))(
    'a failing run is no action and a passing one completed',
    async () => {
      const directory = temporaryDirectory();
      write(directory, {
        'test_fail.py': 'def test_a():\n    assert 1 + 1 == 2\n\ndef test_b():\n    assert 1 == 2\n',
        'test_pass.py': 'def test_a():\n    assert True\n',
      });
      const args = ['-m', 'pytest', '-p', 'no:cacheprovider'];
      const [failing, passing] = await Promise.all([
        run('python3', [...args, '-q', 'test_fail.py'], directory),
        run('python3', [...args, 'test_pass.py'], directory),
      ]);
      expect(failing.status).toBe(1);
      expect(detector.detect(failing.output, { command: 'pytest -q' }).reasons[0]).toBe(
        'pytest summary: 1 passed, 1 failed',
      );
      expect(detector.detect(failing.output).decision).toBe('no_action');
      expect(passing.status).toBe(0);
      expect(detector.detect(passing.output, { command: 'pytest' })).toMatchObject({
        decision: 'completed',
        confidence: 93,
      });
    },
  );
});

describe('real python unittest', { timeout: 90_000 }, () => {
  it.skipIf(!available('python3', ['--version']))(
    'a failing run is no action and a passing one completed',
    async () => {
      const directory = temporaryDirectory();
      write(directory, {
        'test_calc.py':
          'import unittest\n\nclass Calc(unittest.TestCase):\n    def test_adds(self):\n        self.assertEqual(1 + 1, 2)\n\n    def test_breaks(self):\n        self.assertEqual(1, 2)\n',
      });
      const [failing, passing] = await Promise.all([
        run('python3', ['-m', 'unittest', 'test_calc'], directory),
        run('python3', ['-m', 'unittest', 'test_calc.Calc.test_adds'], directory),
      ]);
      expect(failing.status).toBe(1);
      expect(detector.detect(failing.output, { command: 'python3 -m unittest' })).toMatchObject({
        decision: 'no_action',
        reasons: expect.arrayContaining(['unittest: FAILED (failures=1)']),
      });
      expect(passing.status).toBe(0);
      expect(detector.detect(passing.output, { command: 'python3 -m unittest' })).toMatchObject({
        decision: 'completed',
        reasons: expect.arrayContaining(['unittest: 1 tests OK']),
      });
    },
  );
});

describe('real cargo build', { timeout: 90_000 }, () => {
  it.skipIf(!available('cargo', ['--version']))(
    'a type error is no action and a clean build completed',
    async () => {
      const directory = temporaryDirectory();
      const manifest = '[package]\nname = "calc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n';
      write(directory, { 'Cargo.toml': manifest, 'src/lib.rs': 'pub fn answer() -> u32 { "forty-two" }\n' });
      const environment = { CARGO_TARGET_DIR: join(directory, 'target') };
      const broken = await run('cargo', ['build', '--offline'], directory, environment);
      expect(broken.status).toBe(101);
      expect(detector.detect(broken.output, { command: 'cargo build' })).toMatchObject({
        decision: 'no_action',
        category: 'build-success',
      });
      write(directory, { 'src/lib.rs': 'pub fn answer() -> u32 { 42 }\n' });
      const fixed = await run('cargo', ['build', '--offline'], directory, environment);
      expect(fixed.status).toBe(0);
      expect(detector.detect(fixed.output, { command: 'cargo build' })).toMatchObject({
        decision: 'completed',
        category: 'build-success',
      });
    },
  );
});

describe('real cargo test', { timeout: 90_000 }, () => {
  it.skipIf(!available('cargo', ['--version']))(
    'a failing run is no action and a filtered passing run completed',
    async () => {
      const directory = temporaryDirectory();
      write(directory, {
        'Cargo.toml': '[package]\nname = "calc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
        'src/lib.rs':
          '#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() { assert_eq!(1 + 1, 2); }\n    #[test]\n    fn breaks() { assert_eq!(1 + 1, 3); }\n}\n',
      });
      const environment = { CARGO_TARGET_DIR: join(directory, 'target') };
      const failing = await run('cargo', ['test', '--offline', '-q'], directory, environment);
      expect(failing.status).toBe(101);
      expect(detector.detect(failing.output).reasons[0]).toBe('cargo test summary: 1 passed, 1 failed');
      const passing = await run('cargo', ['test', '--offline', '-q', 'adds'], directory, environment);
      expect(passing.status).toBe(0);
      expect(detector.detect(passing.output, { command: 'cargo test adds' })).toMatchObject({
        decision: 'completed',
        reasons: expect.arrayContaining(['cargo test summary: 1 passed, 0 failed']),
      });
    },
  );
});
