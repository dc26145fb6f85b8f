import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckDefinition } from '../check-definition';
import type { TestRunnerPlan } from '../detect-test-runner';
import { findFiles } from '../find-files';
import { runTestPlan } from '../run-test-plan';
import { testRunOutcome } from '../test-run-outcome';
import { missingSuiteOutcome } from './missing-suite';

const VITEST_CONFIGS = /^vitest\.(config|workspace)\.(ts|mts|js|mjs|cts|cjs)$/;
const INTEGRATION_PROJECT = /\bname\s*:\s*['"`]integration['"`]/;
const INTEGRATION_TEST_FILE = /\.integration\.(test|spec)\.(ts|tsx|mts|js|mjs|cjs)$/;

/**
 * How the project runs its integration tests: `integration.command` from tier1.config, a vitest
 * project named `integration`, `*.integration.test.*` files (run with vitest), or pytest on
 * `tests/integration_*.py`. undefined: the project has none.
 */
export function findIntegrationTests(root: string, configured?: string[]): TestRunnerPlan | undefined {
  if (configured)
    return { runner: 'command', args: configured, env: {}, source: 'tier1 config integration.command' };
  const vitestConfig = readdirSync(root).find(
    (name) => VITEST_CONFIGS.test(name) && INTEGRATION_PROJECT.test(readFileSync(join(root, name), 'utf8')),
  );
  if (vitestConfig)
    return {
      runner: 'vitest',
      args: ['--project', 'integration'],
      env: {},
      source: `${vitestConfig} project "integration"`,
    };
  const files = findFiles(root, (name) => INTEGRATION_TEST_FILE.test(name));
  if (files.length > 0)
    return { runner: 'vitest', args: files, env: {}, source: `${files.length} *.integration.test files` };
  const pythonDirectory = join(root, 'tests');
  const pythonFiles = existsSync(pythonDirectory)
    ? readdirSync(pythonDirectory).filter((name) => /^integration_.*\.py$/.test(name))
    : [];
  if (pythonFiles.length > 0)
    return {
      runner: 'pytest',
      args: pythonFiles.map((name) => `tests/${name}`),
      env: {},
      source: 'tests/integration_*.py',
    };
  return undefined;
}

/**
 * Runs the integration suite (architecture: 120 s). A project without one is "not applicable"
 * (a library has none), or a warning when the project sets `integration.required`.
 */
export const integrationCheck: CheckDefinition = {
  name: 'integration_tests',
  severity: 'blocking',
  timeoutMs: 120_000,
  enabledByDefault: () => true,
  async run(context) {
    const plan = findIntegrationTests(context.root, context.config.integration?.command);
    if (!plan)
      return missingSuiteOutcome({
        required: context.config.integration?.required === true,
        notFound: 'no integration tests found',
        notApplicable: 'not applicable: no integration suite',
        lookedFor: 'vitest project "integration", *.integration.test.ts or tests/integration_*.py',
        fix: 'add *.integration.test.ts files or a vitest project "integration", or set integration.command in tier1.config',
        evidence: { runner: null },
      });
    const run = await runTestPlan(plan, {
      root: context.root,
      signal: context.signal,
      tempDir: context.tempDir,
      env: context.env,
      reportName: 'integration',
    });
    return testRunOutcome(plan, run, 'integration tests');
  },
};
