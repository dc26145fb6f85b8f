import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitEnvAssignments, splitScript } from './shell-words';

export type TestRunnerName = 'vitest' | 'jest' | 'node:test' | 'pytest' | 'go' | 'cargo' | 'command';

/** How the checker will run a project's tests. */
export interface TestRunnerPlan {
  runner: TestRunnerName;
  /** The runner's own arguments taken from the project's script (or the command for `command`). */
  args: string[];
  /** VAR=value prefixes of the script. */
  env: Record<string, string>;
  /** Where the plan came from, for the evidence: `package.json scripts.test`, `pytest.ini`… */
  source: string;
}

interface PackageManifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const NPM_PLACEHOLDER = /no test specified/;
// Words that only start the next word as a program: `npx vitest`, `pnpm exec jest`, `cross-env A=1 vitest`.
const LAUNCHERS = new Set(['npx', 'pnpx', 'exec', 'cross-env', 'dotenv', '--', 'bunx']);

export function readManifest(root: string): PackageManifest | undefined {
  const path = join(root, 'package.json');
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as PackageManifest;
}

/** The runner a package.json script starts, with its arguments; undefined for anything else. */
export function runnerFromScript(script: string): Omit<TestRunnerPlan, 'source'> | undefined {
  for (const commandWords of splitScript(script)) {
    const { env, words } = splitEnvAssignments(commandWords);
    let index = 0;
    while (
      index < words.length &&
      (LAUNCHERS.has(words[index] as string) || (words[index - 1] === 'pnpm' && words[index] === 'exec'))
    )
      index++;
    if (words[index] === 'pnpm' || words[index] === 'yarn') index += words[index + 1] === 'exec' ? 2 : 1;
    const program = words[index]?.split('/').pop();
    const args = words.slice(index + 1);
    if (program === 'vitest' || program === 'jest') return { runner: program, args, env };
    if ((program === 'node' || program === 'node.exe') && args.includes('--test'))
      return { runner: 'node:test', args, env };
  }
  return undefined;
}

function hasPythonTests(root: string): string | undefined {
  for (const marker of ['pytest.ini', 'conftest.py']) if (existsSync(join(root, marker))) return marker;
  for (const [file, section] of [
    ['pyproject.toml', '[tool.pytest'],
    ['setup.cfg', '[tool:pytest]'],
    ['tox.ini', '[pytest]'],
  ] as const) {
    const path = join(root, file);
    if (existsSync(path) && readFileSync(path, 'utf8').includes(section)) return file;
  }
  for (const directory of ['tests', 'test', '.']) {
    const path = join(root, directory);
    if (!existsSync(path)) continue;
    const testFile = readdirSync(path).find((name) => /^test_.*\.py$|_test\.py$/.test(name));
    if (testFile) return directory === '.' ? testFile : `${directory}/${testFile}`;
  }
  return undefined;
}

/**
 * Finds how a project runs its tests, in this order: `tests.command` from tier1.config, the
 * package.json `test` script (vitest, jest or `node --test`; another script runs as `npm test`
 * and is judged by its exit code), pytest, go test, cargo test. undefined: no tests to run.
 */
export function detectTestRunner(root: string, configuredCommand?: string[]): TestRunnerPlan | undefined {
  if (configuredCommand)
    return { runner: 'command', args: configuredCommand, env: {}, source: 'tier1 config tests.command' };
  const manifest = readManifest(root);
  const script = manifest?.scripts?.test;
  if (script && !NPM_PLACEHOLDER.test(script)) {
    const fromScript = runnerFromScript(script);
    if (fromScript) return { ...fromScript, source: 'package.json scripts.test' };
    return {
      runner: 'command',
      args: ['npm', 'test', '--silent'],
      env: {},
      source: 'package.json scripts.test',
    };
  }
  const pythonMarker = hasPythonTests(root);
  if (pythonMarker) return { runner: 'pytest', args: [], env: {}, source: pythonMarker };
  if (existsSync(join(root, 'go.mod'))) return { runner: 'go', args: ['./...'], env: {}, source: 'go.mod' };
  if (existsSync(join(root, 'Cargo.toml')))
    return { runner: 'cargo', args: [], env: {}, source: 'Cargo.toml' };
  return undefined;
}
