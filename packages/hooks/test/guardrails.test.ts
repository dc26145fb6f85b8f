/*
 * The three guardrails through the shared handler, in process: one hook payload in, the hook's
 * answer and events out (runHook, which both the command hook and `tier1 serve`'s HTTP hooks
 * call). Real git repositories, real state files, the real secret engine; Claude Code's payloads
 * are shaped after test/payloads.ts (the end-to-end runs with the real CLI are in claude-code.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeProductionCheckState } from '@tier1/production-checker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHook } from '../src/run-hook';
import { createGitRepo } from './git-repo';

interface RecordedEvent {
  uid: string;
  eventType: string;
  status: string;
  evidence: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

let repo: ReturnType<typeof createGitRepo>;
let home: string;

beforeEach(() => {
  repo = createGitRepo('tier1-guardrails-project-');
  home = mkdtempSync(join(tmpdir(), 'tier1-guardrails-home-'));
});
afterEach(() => {
  repo.remove();
  rmSync(home, { recursive: true, force: true });
});

async function hook(payload: Record<string, unknown>) {
  let stdout = '';
  let stderr = '';
  const report = await runHook({
    stdin: Readable.from([JSON.stringify({ transcript_path: '/tmp/t.jsonl', cwd: repo.dir, ...payload })]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { TIER1_PROJECT_ID: 'demo', TIER1_HOME: home },
    cwd: repo.dir,
  });
  return { ...report, stdout, stderr, events: report.recorded as RecordedEvent[] };
}

const preToolUse = (tool_name: string, tool_input: Record<string, unknown>) => ({
  session_id: 's1',
  hook_event_name: 'PreToolUse',
  tool_name,
  tool_input,
  tool_use_id: 'toolu_gate',
  prompt_id: 'p1',
});

const checkState = (decision: 'go' | 'no_go', failedChecks: string[] = []) =>
  writeProductionCheckState(home, {
    version: 1,
    projectId: 'demo',
    root: repo.dir,
    decision,
    failedChecks,
    advisoryFailures: [],
    checkedAt: new Date().toISOString(),
    commit: repo.git('rev-parse', 'HEAD'),
    eventUid: 'evt_check',
  });

function answerOf(run: { stdout: string }) {
  return run.stdout === '' ? undefined : JSON.parse(run.stdout);
}

describe('deploy gate, in process', () => {
  it('denies a push to main after a NO-GO: the answer, the reason and the event', async () => {
    checkState('no_go', ['tests']);
    const run = await hook(preToolUse('Bash', { command: 'git push origin main' }));
    expect(answerOf(run)).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: expect.stringContaining('NO-GO: failed checks: tests'),
      },
    });
    expect(run.events).toEqual([
      expect.objectContaining({
        eventType: 'tool_call_gated',
        status: 'denied',
        evidence: expect.objectContaining({ gate: 'deploy_gate', pattern: 'git-push', branch: 'main' }),
      }),
    ]);
  });

  it('passes the same push silently after a GO of this commit, and records nothing', async () => {
    checkState('go');
    const run = await hook(preToolUse('Bash', { command: 'git push origin main' }));
    expect(run).toMatchObject({ stdout: '', stderr: '', events: [] });
  });

  it('asks instead of denying when tier1.guardrails.json says so', async () => {
    writeFileSync(join(repo.dir, 'tier1.guardrails.json'), JSON.stringify({ deployGate: { mode: 'ask' } }));
    const run = await hook(preToolUse('Bash', { command: 'fly deploy' }));
    expect(answerOf(run).hookSpecificOutput.permissionDecision).toBe('ask');
    expect(run.events[0]?.status).toBe('ask');
  });

  it('keeps the defaults and says so when tier1.guardrails.json is bad', async () => {
    writeFileSync(join(repo.dir, 'tier1.guardrails.json'), '{"deployGate": {"mode": "maybe"}}');
    const run = await hook(preToolUse('Bash', { command: 'git push origin main' }));
    expect(answerOf(run).hookSpecificOutput.permissionDecision).toBe('deny');
    expect(run.stderr).toContain('deployGate.mode: must be deny, ask, off');
    expect(run.events.map((event) => event.eventType)).toEqual(['tool_call_gated', 'hook_input_rejected']);
  });
});

describe('secret gate, in process', () => {
  const token = `ghp_${'aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY2zA4'}`;

  it('denies a Write holding a token, redacted, and lets a clean one through', async () => {
    const run = await hook(
      preToolUse('Write', { file_path: join(repo.dir, 'a.ts'), content: `export const t = '${token}';\n` }),
    );
    const answer = answerOf(run);
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toContain('process.env.GITHUB_TOKEN');
    expect(run.stdout).not.toContain(token);
    expect(JSON.stringify(run.events)).not.toContain(token);
    const clean = await hook(
      preToolUse('Write', { file_path: join(repo.dir, 'a.ts'), content: 'export const t = 1;\n' }),
    );
    expect(clean).toMatchObject({ stdout: '', events: [] });
  });
});

describe('claims checked at Stop, in process', () => {
  const prompt = {
    session_id: 's2',
    hook_event_name: 'UserPromptSubmit',
    prompt: 'Fix the login bug',
    prompt_id: 'p2',
  };
  const failedRun = {
    session_id: 's2',
    hook_event_name: 'PostToolUseFailure',
    tool_name: 'Bash',
    tool_input: { command: 'pnpm test' },
    tool_use_id: 'toolu_test',
    error:
      'Exit code 1\n FAIL  src/login.test.ts > login > accepts a valid password\n      Tests  1 failed | 11 passed (12)\n',
    is_interrupt: false,
    prompt_id: 'p2',
  };
  const passedRun = {
    session_id: 's2',
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'pnpm test' },
    tool_response: {
      stdout: ' Test Files  3 passed (3)\n      Tests  12 passed (12)\n',
      stderr: '',
      interrupted: false,
      isImage: false,
    },
    tool_use_id: 'toolu_test2',
    prompt_id: 'p2',
  };
  const stop = (message: string, active = false) => ({
    session_id: 's2',
    hook_event_name: 'Stop',
    stop_hook_active: active,
    last_assistant_message: message,
    prompt_id: 'p2',
  });

  it('warns the user by default when "all tests pass" follows a failing run, naming the evidence and its event', async () => {
    await hook(prompt);
    const failure = await hook(failedRun);
    const failureEvent = failure.events[0]?.uid;
    const run = await hook(stop('I fixed the login bug. All tests pass now.'));
    const answer = answerOf(run);
    expect(answer.systemMessage).toContain('"All tests pass now."');
    expect(answer.systemMessage).toContain('the latest test run failed: `pnpm test` failed');
    expect(answer.decision).toBeUndefined();
    const contradicted = run.events.find((event) => event.eventType === 'claim_contradicted');
    expect(contradicted?.evidence).toMatchObject({ claim_kind: 'tests', evidence_event_ids: [failureEvent] });
    expect(contradicted?.metadata).toMatchObject({ mode: 'warn', answered: 'warn' });
  });

  it('blocks the stop in block mode, and never twice (stop_hook_active)', async () => {
    writeFileSync(join(repo.dir, 'tier1.guardrails.json'), JSON.stringify({ claims: { mode: 'block' } }));
    await hook(failedRun);
    const first = answerOf(await hook(stop('All tests pass.')));
    expect(first.decision).toBe('block');
    expect(first.reason).toContain('the latest test run failed');
    const second = answerOf(await hook(stop('All tests pass.', true)));
    expect(second.decision).toBeUndefined();
    expect(second.systemMessage).toContain('the latest test run failed');
  });

  it('verifies a true claim silently', async () => {
    await hook(failedRun);
    await hook(passedRun);
    const run = await hook(stop('All 12 tests pass.'));
    expect(run.stdout).toBe('');
    expect(run.events.map((event) => event.eventType)).toEqual(['session_stopped', 'claim_verified']);
    expect(run.events[1]?.evidence).toMatchObject({
      claim_kind: 'tests',
      evidence: expect.stringContaining('passed'),
    });
  });

  it('makes the prompt the action item when the agent keeps no list, and completes it on a true "done"', async () => {
    const submitted = await hook(prompt);
    expect(submitted.events[0]?.evidence).toMatchObject({ todo_id: 'prompt-p2', new_status: 'in_progress' });
    const run = await hook(stop('Done. The login bug is fixed.'));
    expect(run.stdout).toBe('');
    expect(run.events.map((event) => event.eventType)).toEqual([
      'session_stopped',
      'claim_verified',
      'action_item_synced',
    ]);
    expect(run.events.at(-1)?.evidence).toMatchObject({ todo_id: 'prompt-p2', new_status: 'completed' });
  });

  it('steps the prompt item aside once the agent keeps its own list, and holds "done" to that list', async () => {
    await hook(prompt);
    const created = await hook({
      session_id: 's2',
      hook_event_name: 'TaskCreated',
      task_id: '1',
      task_subject: 'Fix login',
    });
    expect(created.events.map((event) => event.evidence.todo_id)).toEqual(['task-1', 'prompt-p2']);
    const run = await hook(stop('All tasks are completed.'));
    expect(answerOf(run).systemMessage).toContain(
      '1 of 1 action item(s) are still open: "Fix login" (pending)',
    );
  });

  it('says "no commit ran" to a claim of a commit that never happened; off checks nothing', async () => {
    const run = await hook(stop('The fix is committed.'));
    expect(answerOf(run).systemMessage).toContain('no git commit ran in this session');
    writeFileSync(join(repo.dir, 'tier1.guardrails.json'), JSON.stringify({ claims: { mode: 'off' } }));
    const off = await hook(stop('The fix is committed.'));
    expect(off.stdout).toBe('');
    expect(off.events.map((event) => event.eventType)).toEqual(['session_stopped']);
  });
});

describe('hostile input to the guardrails', () => {
  it.each([
    ['a command that is not a string', preToolUse('Bash', { command: 42 })],
    [
      'a Write with no path and an object as content',
      preToolUse('Write', { file_path: 5, content: { a: 1 } }),
    ],
    [
      'a MultiEdit whose edits are not a list',
      preToolUse('MultiEdit', { file_path: join('x', 'y.ts'), edits: 'nope' }),
    ],
    [
      'an Edit of a path outside the project',
      preToolUse('Edit', { file_path: '/etc/hostname', old_string: 'a', new_string: 'b' }),
    ],
    [
      'a command of NUL bytes and lone surrogates',
      preToolUse('Bash', { command: `git push origin main\u0000\ud800 ${'x'.repeat(100_000)}` }),
    ],
    [
      'a deeply nested MCP input',
      preToolUse('mcp__n8n__activate_workflow', JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`)),
    ],
  ])('answers %s without failing: exit 0, one JSON answer or none', async (_name, payload) => {
    const run = await hook(payload);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    if (run.stdout !== '') expect(() => JSON.parse(run.stdout)).not.toThrow();
  });

  it('reads a Stop message of 1 MB with NUL bytes, lone surrogates and a non-string type', async () => {
    const huge = await hook({
      session_id: 's9',
      hook_event_name: 'Stop',
      stop_hook_active: false,
      last_assistant_message: `${'All tests pass. \u0000\ud800 '.repeat(50_000)}`,
    });
    expect(huge).toMatchObject({ exitCode: 0, stderr: '' });
    const wrongType = await hook({
      session_id: 's9',
      hook_event_name: 'Stop',
      last_assistant_message: { text: 'done' },
    });
    expect(wrongType).toMatchObject({ exitCode: 0, stderr: '', stdout: '' });
  });

  it('keeps a damaged evidence file from stopping the claim check, and says so', async () => {
    await hook({
      session_id: 's10',
      hook_event_name: 'PostToolUseFailure',
      tool_name: 'Bash',
      tool_input: { command: 'pnpm test' },
      error: 'Exit code 1',
    });
    writeFileSync(join(home, 'sessions', 's10.evidence.jsonl'), '\u0000{not json');
    const run = await hook({
      session_id: 's10',
      hook_event_name: 'Stop',
      stop_hook_active: false,
      last_assistant_message: 'All tests pass.',
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('ignoring 1 unreadable line(s) of session evidence');
    expect(run.stdout).toBe('');
  });
});
