/*
 * The guardrails with the real Claude Code (the pinned CLI, offline against a scripted model:
 * @tier1/claude-code-harness), its hooks installed by addTier1Hooks as `tier1 hooks install` does,
 * running the built tier1-hook. What is asserted is what Claude Code did: the tool ran or not,
 * and what the next model request carried.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTempProject,
  findToolResult,
  lastUserText,
  runClaudeCode,
  type TempProject,
  text,
  toolUse,
} from '@tier1/claude-code-harness';
import { addTier1Hooks } from '@tier1/hooks';
import { writeProductionCheckState } from '@tier1/production-checker';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, buildBin } from './run-bin';

let project: TempProject;
let home: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: project.dir, encoding: 'utf8' }).trim();

beforeAll(buildBin, 180_000);
beforeEach(async () => {
  project = await createTempProject({ git: true });
  home = mkdtempSync(join(tmpdir(), 'tier1-e2e-home-'));
  writeFileSync(join(project.dir, 'README.md'), '# demo\n');
  git('add', 'README.md');
  git('commit', '-q', '-m', 'initial');
});
afterEach(async () => {
  await project.remove();
  rmSync(home, { recursive: true, force: true });
});

/** One Claude Code session with Tier 1's hooks, as `tier1 hooks install` writes them. */
function session(prompt: string, turns: Parameters<typeof runClaudeCode>[0]['turns']) {
  return runClaudeCode({
    projectDir: project.dir,
    prompt,
    turns,
    settings: addTier1Hooks({}, `node ${BIN}`).settings,
    env: { TIER1_HOME: home, TIER1_PROJECT_ID: 'demo' },
  });
}

/** The events the hook spooled during the session. */
function spooled(): { eventType: string; evidence: Record<string, unknown> }[] {
  const spool = join(home, 'spool');
  if (!existsSync(spool)) return [];
  return readdirSync(spool)
    .filter((name) => name.includes('.jsonl'))
    .flatMap((name) => readFileSync(join(spool, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line));
}

const writeGuardrails = (config: unknown) =>
  writeFileSync(join(project.dir, 'tier1.guardrails.json'), JSON.stringify(config));

describe('the guardrails with the real Claude Code', () => {
  it('deploy gate: a push after a NO-GO does not run, and the reason is the tool result Claude reads next', async () => {
    const remote = mkdtempSync(join(tmpdir(), 'tier1-e2e-remote-'));
    try {
      execFileSync('git', ['init', '-q', '--bare', remote]);
      git('remote', 'add', 'origin', remote);
      writeProductionCheckState(home, {
        version: 1,
        projectId: 'demo',
        root: project.dir,
        decision: 'no_go',
        failedChecks: ['tests', 'security'],
        advisoryFailures: [],
        checkedAt: new Date().toISOString(),
        commit: git('rev-parse', 'HEAD'),
        eventUid: null,
      });
      const run = await session('Ship it', [
        toolUse('Bash', { command: 'git push origin main', description: 'Push' }, 'toolu_push'),
        text('The push was held.'),
      ]);
      expect(run.exitCode, run.stderr).toBe(0);
      const result = findToolResult(run.requests[1], 'toolu_push');
      expect(result).toMatchObject({ is_error: true });
      expect(JSON.stringify(result)).toContain('NO-GO: failed checks: tests, security');
      expect(JSON.stringify(result)).toContain('/production-check');
      expect(() =>
        execFileSync('git', ['rev-parse', '--verify', 'main'], { cwd: remote, stdio: 'pipe' }),
      ).toThrow();
      expect(spooled().map((event) => event.eventType)).toContain('tool_call_gated');
    } finally {
      rmSync(remote, { recursive: true, force: true });
    }
  });

  it('secret gate: a Write holding a token is not written, and Claude reads the redacted finding and the fix', async () => {
    const token = `ghp_${'Zq8xW2vN4mK6jH1gF3dS5aP7oI9uY0tR2eE4'}`;
    const run = await session('Add the GitHub client', [
      toolUse(
        'Write',
        { file_path: join(project.dir, 'client.ts'), content: `export const token = '${token}';\n` },
        'toolu_write',
      ),
      text('I could not write the file.'),
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.stringify(findToolResult(run.requests[1], 'toolu_write'));
    expect(result).toContain('secret gate');
    expect(result).toContain('process.env.GITHUB_TOKEN');
    expect(result).not.toContain(token);
    expect(existsSync(join(project.dir, 'client.ts'))).toBe(false);
  });

  it('claims: "all tests pass" after a failing run makes Claude Code send one more request with the reason (block)', async () => {
    writeGuardrails({ claims: { mode: 'block' } });
    writeFileSync(
      join(project.dir, 'sum.test.mjs'),
      "import test from 'node:test';\nimport assert from 'node:assert';\ntest('sum', () => assert.equal(1 + 1, 3));\n",
    );
    const run = await session('Fix the sum', [
      toolUse('Bash', { command: 'node --test sum.test.mjs', description: 'Run the tests' }, 'toolu_test'),
      text('I fixed the sum. All tests pass.'),
      text('You are right: the sum test still fails.'),
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.unscripted).toBe(0);
    expect(run.requests).toHaveLength(3);
    const feedback = lastUserText(run.requests[2]);
    expect(feedback).toContain('Stop hook feedback:');
    expect(feedback).toContain('"All tests pass."');
    expect(feedback).toContain('the latest test run failed: `node --test sum.test.mjs` failed');
    const contradicted = spooled().filter((event) => event.eventType === 'claim_contradicted');
    expect(contradicted).toHaveLength(1);
  });

  it('claims: a true "all tests pass" after a passing run lets Claude stop, and is recorded as verified', async () => {
    writeGuardrails({ claims: { mode: 'block' } });
    writeFileSync(
      join(project.dir, 'sum.test.mjs'),
      "import test from 'node:test';\nimport assert from 'node:assert';\ntest('sum', () => assert.equal(1 + 1, 2));\n",
    );
    const run = await session('Check the sum', [
      toolUse('Bash', { command: 'node --test sum.test.mjs', description: 'Run the tests' }, 'toolu_test'),
      text('All tests pass.'),
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.requests).toHaveLength(2);
    expect(run.unscripted).toBe(0);
    const events = spooled();
    expect(events.filter((event) => event.eventType === 'claim_verified')).toHaveLength(1);
    expect(events.filter((event) => event.eventType === 'claim_contradicted')).toHaveLength(0);
  });

  it('claims: by default (warn) a false claim lets Claude stop, and is recorded', async () => {
    const run = await session('Commit the fix', [text('The fix is committed.')]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.requests).toHaveLength(1);
    const [contradicted] = spooled().filter((event) => event.eventType === 'claim_contradicted');
    expect(contradicted?.evidence).toMatchObject({
      claim_kind: 'commit',
      evidence: 'no git commit ran in this session',
    });
  });
});
