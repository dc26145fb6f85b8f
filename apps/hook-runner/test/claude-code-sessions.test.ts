import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ClaudeCodeRun,
  createTempProject,
  lastUserText,
  runClaudeCode,
  type TempProject,
  text,
  toolUse,
} from '@tier1/claude-code-harness';
import { addTier1Hooks } from '@tier1/hooks';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, buildBin, readSpool } from './run-bin';

/*
 * The hook in the real Claude Code (2.1.197, pinned in scripts/test-tools.mjs), offline against
 * a scripted model (@tier1/claude-code-harness): Claude Code runs real tools (a real git commit,
 * a real node:test run) and fires the hooks a team commits in .claude/settings.json, which run
 * the project's own tier1-hook. Each test asserts the trail in the spool and what Tier 1 told
 * the model in the next request.
 */

let project: TempProject;

beforeAll(buildBin, 300_000);
beforeEach(async () => {
  project = await createTempProject({ git: true });
  const bin = join(project.dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(BIN, join(bin, 'tier1-hook'));
  mkdirSync(join(project.dir, '.claude'));
  const { settings } = addTier1Hooks({}, '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/tier1-hook');
  writeFileSync(join(project.dir, '.claude', 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(join(project.dir, '.gitignore'), 'node_modules\n');
});
afterEach(async () => {
  await project.remove();
});

function nodeTest(passing: boolean): string {
  return `const test = require('node:test');\nconst assert = require('node:assert');\ntest('sum', () => assert.equal(1 + 1, ${passing ? 2 : 3}));\n`;
}

// The item Tier 1 makes of the user's prompt itself (docs/guardrails.md) is left out: these
// tests follow the agent's own tasks and todos.
const spool = () =>
  readSpool(join(project.dir, '.tier1')).filter((event) => event.evidence.source !== 'prompt');
const sessionIdOf = (run: ClaudeCodeRun) =>
  run.messages.find((message) => message.type === 'system')?.session_id;
const mirror = (run: ClaudeCodeRun) => {
  const saved = JSON.parse(
    readFileSync(join(project.dir, '.tier1', 'sessions', `${sessionIdOf(run)}.json`), 'utf8'),
  );
  return { ...saved, items: saved.items.filter((item: { source?: string }) => item.source !== 'prompt') };
};

describe('tier1-hook in the real Claude Code', () => {
  it('follows a task from TaskCreate to in progress, completes it on a real git commit and tells Claude', async () => {
    writeFileSync(join(project.dir, 'sum.test.js'), nodeTest(true));
    const run = await runClaudeCode({
      projectDir: project.dir,
      prompt: 'Fix the login bug',
      turns: [
        toolUse('TaskCreate', {
          subject: 'Fix the login bug',
          description: 'Users cannot log in',
          activeForm: 'Fixing the login bug',
        }),
        toolUse('TaskUpdate', { taskId: '1', status: 'in_progress' }),
        toolUse('Bash', {
          command:
            'echo "module.exports = () => true;" > login.js && git add login.js && git commit -m "fix: login bug"',
          description: 'Commit the fix',
        }),
        toolUse('Bash', { command: 'node --test', description: 'Run the tests' }),
        toolUse('TaskUpdate', { taskId: '1', status: 'completed' }),
        text('Fixed the login bug.'),
      ],
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.unscripted).toBe(0);

    // What Claude read after the commit: Tier 1's additionalContext, as a system reminder.
    const afterCommit = lastUserText(run.requests[3]);
    expect(afterCommit).toContain('] fix: login bug');
    expect(afterCommit).toContain(
      'PostToolUse:Bash hook additional context: Tier 1 marked the action item "Fix the login bug" (task-1) as completed, from in_progress.',
    );
    expect(lastUserText(run.requests[2])).not.toContain('Tier 1 marked');

    const events = spool();
    expect(events.every((event) => event.sessionId === sessionIdOf(run))).toBe(true);
    expect(events.map((event) => [event.eventType, event.status, event.metadata?.hook_type])).toEqual([
      ['session_started', 'success', 'SessionStart'],
      ['action_item_synced', 'pending', 'TaskCreated'],
      ['action_item_synced', 'in_progress', 'PostToolUse'],
      ['action_item_completed', 'success', 'PostToolUse'],
      ['no_action_taken', 'skipped', 'PostToolUse'],
      ['session_stopped', 'success', 'Stop'],
      ['session_stopped', 'success', 'SessionEnd'],
    ]);
    // The real payloads' trail fields: every event after SessionStart names its prompt, and
    // Stop keeps what Claude said last, SessionEnd why the session ended.
    const promptId = events[1]?.metadata?.prompt_id;
    expect(promptId).toEqual(expect.any(String));
    expect(events.slice(1).every((event) => event.metadata?.prompt_id === promptId)).toBe(true);
    expect(events[5]?.evidence).toMatchObject({ last_assistant_message: 'Fixed the login bug.' });
    expect(events[6]?.evidence).toMatchObject({ hook_event_name: 'SessionEnd', reason: expect.any(String) });
    const completed = events[3];
    expect(completed?.evidence).toMatchObject({
      tool_name: 'bash',
      keyword_category: 'commit-related',
      todo_id: 'task-1',
      old_status: 'in_progress',
      new_status: 'completed',
    });
    expect(completed?.metadata?.tool_duration_ms).toEqual(expect.any(Number));
    // The real test run passed, but its item was already done: nothing left to move.
    expect(events[4]?.evidence).toMatchObject({ keyword_category: 'test-success', todo_id: null });
    expect(mirror(run).items).toEqual([
      expect.objectContaining({ id: 'task-1', content: 'Fix the login bug', status: 'completed' }),
    ]);
  });

  it('reads a failing command as PostToolUseFailure and moves nothing', async () => {
    writeFileSync(join(project.dir, 'sum.test.js'), nodeTest(false));
    const run = await runClaudeCode({
      projectDir: project.dir,
      prompt: 'Make the sum test pass',
      turns: [
        toolUse('TaskCreate', {
          subject: 'Make the sum test pass',
          description: 'sum',
          activeForm: 'Fixing sum',
        }),
        toolUse('TaskUpdate', { taskId: '1', status: 'in_progress' }),
        toolUse('Bash', { command: 'node --test', description: 'Run the tests' }),
        text('The test still fails.'),
      ],
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(lastUserText(run.requests[3])).toMatch(/^Exit code 1/);
    expect(lastUserText(run.requests[3])).not.toContain('Tier 1 marked');
    const failure = spool().find((event) => event.metadata?.hook_type === 'PostToolUseFailure');
    expect(failure).toMatchObject({ eventType: 'no_action_taken', status: 'skipped' });
    expect(failure?.evidence).toMatchObject({ tool_name: 'bash', todo_id: null, new_status: null });
    expect(mirror(run).items[0]).toMatchObject({ id: 'task-1', status: 'in_progress' });
  });

  it('mirrors TodoWrite when the Task tools are off, and completes the item a real test run finishes', async () => {
    writeFileSync(join(project.dir, 'sum.test.js'), nodeTest(true));
    const run = await runClaudeCode({
      projectDir: project.dir,
      prompt: 'Make the sum test pass',
      enableTasks: false,
      turns: [
        toolUse('TodoWrite', {
          todos: [
            {
              content: 'Make the sum test pass',
              status: 'in_progress',
              activeForm: 'Making the sum test pass',
            },
            { content: 'Write release notes', status: 'pending', activeForm: 'Writing release notes' },
          ],
        }),
        toolUse('Bash', { command: 'node --test', description: 'Run the tests' }),
        text('The sum test passes.'),
      ],
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.requests[0]?.tools?.map((tool) => tool.name)).toContain('TodoWrite');
    expect(lastUserText(run.requests[2])).toContain('Tier 1 marked the action item "Make the sum test pass"');
    const events = spool();
    expect(
      events.filter((event) => event.eventType === 'action_item_synced').map((event) => event.status),
    ).toEqual(['in_progress', 'pending']);
    expect(events.find((event) => event.eventType === 'action_item_completed')?.evidence).toMatchObject({
      keyword_category: 'test-success',
      new_status: 'completed',
    });
    expect(mirror(run).items.map((item: { status: string }) => item.status)).toEqual([
      'completed',
      'pending',
    ]);
  });
});
