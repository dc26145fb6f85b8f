import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeBin } from './find-node-bin';
import { detectPackageManager, type PackageManager } from './package-manager';
import { type ScriptStep, scriptSteps } from './test-script';
import { cacheBypassEnv, detectWorkspace, type Workspace } from './workspace';

export type TestRunnerName =
  | 'vitest'
  | 'jest'
  | 'node:test'
  | 'mocha'
  | 'pytest'
  | 'go'
  | 'cargo'
  | 'script'
  | 'command';

/** How the checker will run a project's tests. */
export interface TestRunnerPlan {
  runner: TestRunnerName;
  /** The command: the package manager's `run test`, a runner's own arguments, or the configured command. */
  args: string[];
  /** Variables the command needs on top of the environment (cache bypass of a workspace tool). */
  env: Record<string, string>;
  /** Where the plan came from, for the evidence: `package.json scripts.test`, `pytest.ini`… */
  source: string;
  /** For a package script: the commands it will run, pre and post scripts included. */
  steps?: ScriptStep[];
  workspace?: Workspace;
}

interface PackageManifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const NPM_PLACEHOLDER = /no test specified/;

export function readManifest(root: string): PackageManifest | undefined {
  const path = join(root, 'package.json');
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as PackageManifest;
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

function workspaceTask(root: string, workspace: Workspace, manager: PackageManager): string[] | undefined {
  const bin = (name: string) => findNodeBin(root, name);
  if (workspace.tool === 'turbo' && bin('turbo'))
    return [process.execPath, bin('turbo') as string, 'run', 'test'];
  if (workspace.tool === 'nx' && bin('nx'))
    return [process.execPath, bin('nx') as string, 'run-many', '-t', 'test'];
  if (workspace.packagesWithTests === 0) return undefined;
  if (manager === 'pnpm') return ['pnpm', '-r', '--no-bail', 'run', 'test'];
  if (manager === 'yarn') return ['yarn', 'workspaces', 'run', 'test'];
  return ['npm', 'test', '--workspaces', '--if-present'];
}

export interface DetectOptions {
  /** `tests.command` from the configuration. */
  command?: string[];
  /** Let turbo and nx replay cached results (`tests.useTaskCache`); by default every task runs. */
  useTaskCache?: boolean;
}

/**
 * Finds how a project runs its tests, in this order: `tests.command` from tier1.config, the
 * package.json `test` script run by the project's package manager (pre and post scripts, a
 * shell, `npm run` chains: the runner it reaches reports through the report hook), a
 * workspace's test task (turbo, nx, pnpm/npm/yarn workspaces), pytest, go test, cargo test.
 * undefined: no tests to run.
 */
export function detectTestRunner(root: string, options: DetectOptions = {}): TestRunnerPlan | undefined {
  if (options.command)
    return { runner: 'command', args: options.command, env: {}, source: 'tier1 config tests.command' };
  const manifest = readManifest(root);
  const scripts = manifest?.scripts ?? {};
  const workspace = detectWorkspace(root);
  const env = options.useTaskCache ? {} : cacheBypassEnv(workspace?.tool);
  const manager = detectPackageManager(root);
  const script = scripts.test;
  if (script && !NPM_PLACEHOLDER.test(script)) {
    return {
      runner: 'script',
      args: [manager, 'run', 'test'],
      env,
      source: 'package.json scripts.test',
      steps: scriptSteps(scripts, 'test'),
      ...(workspace ? { workspace } : {}),
    };
  }
  const task = workspace && workspaceTask(root, workspace, manager);
  if (workspace && task)
    return { runner: 'script', args: task, env, source: `${workspace.tool} workspace`, workspace };
  const pythonMarker = hasPythonTests(root);
  if (pythonMarker) return { runner: 'pytest', args: [], env: {}, source: pythonMarker };
  if (existsSync(join(root, 'go.mod'))) return { runner: 'go', args: ['./...'], env: {}, source: 'go.mod' };
  if (existsSync(join(root, 'Cargo.toml')))
    return { runner: 'cargo', args: [], env: {}, source: 'Cargo.toml' };
  return undefined;
}
