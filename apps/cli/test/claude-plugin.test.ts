import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createTempProject,
  lastUserText,
  runClaudeCli,
  runClaudeCode,
  type TempProject,
  text,
  toolUse,
} from '@tier1/claude-code-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The plugin as a user gets it, with the real Claude Code (pinned in scripts/test-tools.mjs),
// offline: the repository added as a marketplace, the plugin installed from it, then sessions
// whose hooks and /production-check run the project's own Tier 1.
const repoRoot = resolve(import.meta.dirname, '../../..');
const cliRoot = resolve(import.meta.dirname, '..');

let project: TempProject;
let configDir: string;

/** What `npm install --save-dev @tier1/cli` puts in node_modules/.bin, linked to this checkout's build. */
function installTier1(directory: string) {
  const bin = join(directory, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(join(cliRoot, 'bin', 'tier1.mjs'), join(bin, 'tier1'));
  symlinkSync(join(cliRoot, 'bin', 'tier1-hook.cjs'), join(bin, 'tier1-hook'));
}

function spooledEvents(directory: string): Array<{ eventType: string; metadata: Record<string, unknown> }> {
  const spool = join(directory, '.tier1', 'spool');
  return readdirSync(spool)
    .filter((name) => name.includes('.jsonl'))
    .flatMap((name) => readFileSync(join(spool, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line));
}

beforeAll(async () => {
  project = await createTempProject({ git: true });
  configDir = await mkdtemp(join(tmpdir(), 'tier1-claude-config-'));
});
afterAll(async () => {
  await project?.remove();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

describe('the Tier 1 plugin in the real Claude Code', () => {
  it('validates, and installs from the repository as a marketplace', async () => {
    const cli = { cwd: project.dir, configDir };
    const plugin = await runClaudeCli(['plugin', 'validate', join(repoRoot, 'plugins', 'tier1')], cli);
    expect(plugin.stdout, plugin.stderr).toContain('Validation passed');
    expect(plugin.stdout).not.toContain('warning');
    const marketplace = await runClaudeCli(['plugin', 'validate', repoRoot], cli);
    expect(marketplace.stdout, marketplace.stderr).toContain('Validation passed');

    const added = await runClaudeCli(['plugin', 'marketplace', 'add', repoRoot], cli);
    expect(added.exitCode, added.stdout + added.stderr).toBe(0);
    const installed = await runClaudeCli(['plugin', 'install', 'tier1@tier1'], cli);
    expect(installed.exitCode, installed.stdout + installed.stderr).toBe(0);
    const listed = await runClaudeCli(['plugin', 'list'], cli);
    expect(listed.stdout).toContain('tier1@tier1');
  });

  it("fires the plugin's hooks through the project's own tier1-hook", async () => {
    installTier1(project.dir);
    const run = await runClaudeCode({
      projectDir: project.dir,
      configDir,
      prompt: 'Run the tests',
      turns: [
        toolUse('Bash', { command: 'echo "Tests: 3 passed, 3 total"', description: 'Run the tests' }),
        text('The tests pass.'),
      ],
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const types = spooledEvents(project.dir).map((event) => event.eventType);
    // No task list: the prompt is the action item (docs/guardrails.md), and the test summary completes it.
    expect(types).toEqual([
      'session_started',
      'action_item_synced',
      'action_item_completed',
      'session_stopped',
      'session_stopped',
    ]);
  });

  it('/tier1:production-check puts the report of tier1 check into the prompt', async () => {
    const run = await runClaudeCode({
      projectDir: project.dir,
      configDir,
      prompt: '/tier1:production-check',
      turns: [text('NO-GO: add a README first.')],
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const prompt = lastUserText(run.requests[0]);
    expect(prompt).toContain('Production readiness report');
    // An empty project: no README, no tests.
    expect(prompt).toMatch(/NO-GO/);
    expect(prompt).toContain('documentation');
  });

  it('without Tier 1 in the project, tells the user once at the start and never blocks a tool', async () => {
    const bare = await createTempProject({ git: true });
    try {
      // Not on PATH either: a test run's PATH has the workspace's node_modules/.bin.
      const PATH = (process.env.PATH ?? '')
        .split(':')
        .filter((directory) => !directory.includes('node_modules'))
        .join(':');
      const run = await runClaudeCode({
        projectDir: bare.dir,
        configDir,
        env: { PATH },
        prompt: 'List files',
        turns: [toolUse('Bash', { command: 'ls' }, 'toolu_ls'), text('Done.')],
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(JSON.stringify(run.messages)).toContain('Tier 1 is not installed in this project');
      expect(run.requests).toHaveLength(2);
    } finally {
      await bare.remove();
    }
  });
});
