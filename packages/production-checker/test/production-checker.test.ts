import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCheckerConfig } from '../src/checker-config';
import { integrationCheck } from '../src/checks/integration-check';
import { testsCheck } from '../src/checks/tests-check';
import { ProjectNotFoundError } from '../src/errors';
import { type CheckProgress, ProductionChecker } from '../src/production-checker';
import { isProcessAlive, sleepingTreeScript } from './process-tree';
import { createTempProject, parentOf, README, removeTempProjects } from './temp-project';

afterAll(removeTempProjects);

const PASSING_TEST = `import { it, expect } from 'vitest';\nit('works', () => expect(1 + 1).toBe(2));\n`;

function readyProject(extra: Record<string, string> = {}) {
  return createTempProject(
    {
      'package.json': JSON.stringify({
        name: 'ready',
        type: 'module',
        scripts: { test: 'vitest run', bench: 'node bench.mjs' },
      }),
      'src/math.test.js': PASSING_TEST,
      'test/api.integration.test.js': PASSING_TEST,
      'bench.mjs': "console.log('1000 ops/s');\n",
      'README.md': README,
      'ROLLBACK.md': '# Rollback\n\nRedeploy the previous tag.\n',
      ...extra,
    },
    { vitest: true, git: true },
  );
}

describe('ProductionChecker', () => {
  it('says GO for a ready project, running every default check', async () => {
    const progress: CheckProgress[] = [];
    const checker = await ProductionChecker.forProject(readyProject(), {
      onProgress: (event) => progress.push(event),
    });
    const results = await checker.runAllChecks();
    expect(results.map((result) => result.checkName)).toEqual([
      'tests',
      'security',
      'documentation',
      'performance',
      'integration_tests',
      'rollback_plan',
    ]);
    expect(results.filter((result) => !result.passed)).toEqual([]);
    expect(checker.calculateDecision(results)).toMatchObject({
      decision: 'go',
      failedChecks: [],
      advisoryFailures: [],
    });
    expect(progress.filter((event) => event.type === 'start')).toHaveLength(6);
    expect(progress.filter((event) => event.type === 'finish')).toHaveLength(6);
  });

  it('says WARNING when only the advisory benchmarks fail', async () => {
    const checker = await ProductionChecker.forProject(readyProject({ 'bench.mjs': 'process.exit(1);\n' }));
    const decision = checker.calculateDecision(await checker.runAllChecks());
    expect(decision).toMatchObject({
      decision: 'warning',
      failedChecks: [],
      advisoryFailures: ['performance'],
    });
  });

  it('says NO-GO when a blocking check fails, and honours per-project severities', async () => {
    const root = readyProject({
      'src/math.test.js': `import { it, expect } from 'vitest';\nit('fails', () => expect(1).toBe(2));\n`,
    });
    const checker = await ProductionChecker.forProject(root);
    expect(checker.calculateDecision(await checker.runAllChecks())).toMatchObject({
      decision: 'no_go',
      failedChecks: ['tests'],
    });

    const lenient = new ProductionChecker({
      root,
      config: parseCheckerConfig({ checks: { tests: { severity: 'advisory' } } }),
      checks: [testsCheck],
    });
    expect(lenient.calculateDecision(await lenient.runAllChecks()).decision).toBe('warning');
  });

  it('stops a check at its timeout, reports it as timed out, and leaves no child running', async () => {
    const root = createTempProject({ 'package.json': '{}' });
    const pidFile = join(root, 'grandchild.pid');
    const config = parseCheckerConfig({
      tests: { command: ['node', '-e', sleepingTreeScript(pidFile)] },
      checks: { tests: { timeoutMs: 1500 } },
    });
    const checker = new ProductionChecker({ root, config, checks: [testsCheck] });
    const [result] = await checker.runAllChecks();
    expect(result).toMatchObject({
      checkName: 'tests',
      passed: false,
      details: 'timed out after 1.5 s and was stopped (checks.tests.timeoutMs sets the limit)',
      evidence: { timed_out: true, timeout_ms: 1500, fix: expect.stringContaining('"timeoutMs": 3000') },
    });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isProcessAlive(grandchild)).toBe(false);
  });

  it('runs checks in parallel: every check starts before the first one finishes', async () => {
    const root = createTempProject({ 'package.json': '{}' });
    const sleep = ['node', '-e', 'setTimeout(() => {}, 1000)'];
    const config = parseCheckerConfig({ tests: { command: sleep }, integration: { command: sleep } });
    const order: string[] = [];
    const checker = new ProductionChecker({
      root,
      config,
      checks: [testsCheck, integrationCheck],
      onProgress: (event) => order.push(event.type),
    });
    const results = await checker.runAllChecks();
    expect(results.every((result) => result.passed)).toBe(true);
    expect(order).toEqual(['start', 'start', 'finish', 'finish']);
  });

  it('never lets a project path or a config value reach a shell', async () => {
    const root = createTempProject(
      {
        'package.json': JSON.stringify({
          name: 'inject',
          type: 'module',
          // The project's own script runs through a shell, as \`npm test\` runs it; Tier 1's values never do.
          scripts: { test: 'vitest run' },
        }),
        'a.test.js': PASSING_TEST,
        'tier1.config.json': JSON.stringify({
          integration: {
            command: [
              'node',
              '-e',
              'console.log(process.argv.slice(1))',
              '$(touch pwned)',
              '`touch pwned`',
              '; touch pwned',
            ],
          },
          deployment: { branch: '$(touch pwned)', envExample: '$(touch pwned)' },
        }),
      },
      { vitest: true, git: true, folderName: 'proj; touch pwned && touch $(echo pwned2)' },
    );
    const checker = await ProductionChecker.forProject(root);
    const results = await checker.runAllChecks();
    expect(results.find((result) => result.checkName === 'integration_tests')?.passed).toBe(true);
    expect(results.find((result) => result.checkName === 'git_state')?.details).toContain(
      'expected $(touch pwned)',
    );
    for (const directory of [root, parentOf(root), process.cwd()]) {
      expect(readdirSync(directory).filter((name) => name.startsWith('pwned'))).toEqual([]);
    }
  });

  it("sizes the tests check's default timeout for a workspace; the project's setting wins", () => {
    const workspace = createTempProject({
      'package.json': JSON.stringify({ name: 'mono', workspaces: ['packages/*'] }),
      'nx.json': '{}',
      ...Object.fromEntries(
        Array.from({ length: 7 }, (_, index) => [
          `packages/p${index}/package.json`,
          JSON.stringify({ scripts: { test: 'vitest run' } }),
        ]),
      ),
    });
    const timeoutOf = (config: object) =>
      new ProductionChecker({ root: workspace, config: parseCheckerConfig(config) })
        .plannedChecks()
        .find(({ definition }) => definition.name === 'tests')?.settings.timeoutMs;
    expect(timeoutOf({})).toBe(7 * 60_000);
    expect(timeoutOf({ checks: { tests: { timeoutMs: 90_000 } } })).toBe(90_000);
    const single = new ProductionChecker({
      root: createTempProject({ 'package.json': '{}' }),
    }).plannedChecks();
    expect(single.find(({ definition }) => definition.name === 'tests')?.settings.timeoutMs).toBe(60_000);
  });

  it('refuses a path that is not a project', async () => {
    await expect(ProductionChecker.forProject('/nonexistent/tier1-project')).rejects.toBeInstanceOf(
      ProjectNotFoundError,
    );
    const notAProject = parentOf(createTempProject({}));
    await expect(ProductionChecker.forProject(notAProject)).rejects.toThrow(/is not a project/);
    expect(existsSync(notAProject)).toBe(true);
  });
});
