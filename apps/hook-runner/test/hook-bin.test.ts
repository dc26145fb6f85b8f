import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSpool, openAutomationHub } from '@tier1/events';
import {
  bashPostToolUse,
  editPostToolUse,
  sessionStart,
  stop,
  taskEvent,
  todoWrite,
  writePostToolUse,
} from '@tier1/hooks/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBin, readSpool, runBin } from './run-bin';

/*
 * The bin with hand-written payloads on stdin, for what the real Claude Code cannot be made to
 * send on demand: malformed and hostile input, other tools' names and settings, concurrency at
 * the lock, n8n's MCP tools. Sessions, tasks, TodoWrite, commits, test runs and failing
 * commands run in the real Claude Code: test/claude-code.test.ts.
 */

let home: string;
let env: Record<string, string>;

beforeAll(buildBin, 300_000);

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tier1-hook-e2e-'));
  env = { TIER1_HOME: home, TIER1_PROJECT_ID: 'hook-e2e' };
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

const json = (value: unknown) => JSON.stringify(value);

/** A real `git commit` in a throwaway repository: the output Claude's Bash tool would return. */
function realGitCommit(message: string): { command: string; stdout: string } {
  const repo = join(home, 'repo');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'auth.ts'), 'export const login = () => true;\n');
  git('add', 'auth.ts');
  return { command: `git commit -m '${message}'`, stdout: git('commit', '-m', message) };
}

describe('tier1-hook end to end (hand-written payloads stand in for Claude Code)', () => {
  it('reads Write and Edit results from tool_response.filePath and type', async () => {
    const write = await runBin(json(writePostToolUse('s-write', '/home/user/demo/src/retry.ts')), env);
    const edit = await runBin(json(editPostToolUse('s-write', '/home/user/demo/src/retry.ts')), env);
    expect([write.code, edit.code]).toEqual([0, 0]);
    const events = readSpool(home);
    expect(events.map((event) => event.evidence.tool_name)).toEqual(['write', 'edit']);
    expect(events[0]?.evidence.detected_keyword).not.toBeNull();
  });

  it('matches tool names without regard to case and leaves untracked tools alone', async () => {
    const lower = await runBin(
      json({
        ...stop('s-case'),
        hook_event_name: 'PostToolUse',
        tool_name: 'bash',
        tool_input: { command: 'ls' },
        tool_response: { stdout: 'a b', stderr: '' },
      }),
      env,
    );
    const read = await runBin(
      json({
        ...stop('s-case'),
        hook_event_name: 'PostToolUse',
        tool_name: 'Read',
        tool_input: { file_path: '/x' },
        tool_response: {},
      }),
      env,
    );
    expect([lower.code, read.code, read.stdout, read.stderr]).toEqual([0, 0, '', '']);
    expect(readSpool(home).map((event) => event.evidence.tool_name)).toEqual(['bash']);
  });

  it('tracks the tools TIER1_HOOK_TOOLS names instead of the defaults', async () => {
    await runBin(
      json({
        ...stop('s-tools'),
        hook_event_name: 'PostToolUse',
        tool_name: 'Bash',
        tool_input: { command: 'ls' },
        tool_response: { stdout: 'x' },
      }),
      { ...env, TIER1_HOOK_TOOLS: 'Read' },
    );
    await runBin(
      json({
        ...stop('s-tools'),
        hook_event_name: 'PostToolUse',
        tool_name: 'Read',
        tool_input: { file_path: '/x' },
        tool_response: 'saved',
      }),
      { ...env, TIER1_HOOK_TOOLS: 'Read' },
    );
    expect(readSpool(home).map((event) => event.evidence.tool_name)).toEqual(['read']);
  });

  it('spools events the store accepts: drained into an in-memory hub, they read back by session', async () => {
    await runBin(json(sessionStart('s-drain')), env);
    await runBin(
      json(todoWrite('s-drain', [{ content: 'Ship it', status: 'in_progress', activeForm: 'Shipping' }])),
      env,
    );
    await runBin(json(bashPostToolUse('s-drain', 'ls', 'README.md')), env);
    await runBin('not json', env);
    expect(readSpool(home)).toHaveLength(4);
    const hub = await openAutomationHub({ dataDir: 'memory://' });
    try {
      const report = await new EventSpool(join(home, 'spool')).drain(hub);
      expect(report).toMatchObject({ stored: 4, rejected: 0, duplicates: 0 });
      const { events } = await hub.getEvents({ sessionId: 's-drain' });
      expect(events.map((event) => event.eventType).sort()).toEqual([
        'action_item_synced',
        'no_action_taken',
        'session_started',
      ]);
    } finally {
      await hub.close();
    }
  }, 120_000);

  it('loses no item when hooks of parallel tool calls change the same session at once', async () => {
    const ids = ['1', '2', '3', '4', '5', '6'];
    const runs = await Promise.all(
      ids.map((id) => runBin(json(taskEvent('s-parallel', 'TaskCreated', id, `Task ${id}`)), env)),
    );
    expect(runs.every((run) => run.code === 0 && run.stderr === '')).toBe(true);
    const mirror = JSON.parse(readFileSync(join(home, 'sessions', 's-parallel.json'), 'utf8'));
    expect(mirror.items.map((item: { id: string }) => item.id).sort()).toEqual(ids.map((id) => `task-${id}`));
  });

  it('loses no evidence when hooks of parallel commands of one session record it at once', async () => {
    const commands = ['pnpm test', 'pnpm build', 'pnpm lint', 'tsc --noEmit', 'vitest run', 'pnpm build'];
    const runs = await Promise.all(
      commands.map((command) => runBin(json(bashPostToolUse('s-evidence', command, 'done')), env)),
    );
    expect(runs.every((run) => run.code === 0 && run.stderr === '')).toBe(true);
    const log = readFileSync(join(home, 'sessions', 's-evidence.evidence.jsonl'), 'utf8');
    const entries = log
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { kind: string; command: string });
    expect(entries.map((entry) => entry.command).sort()).toEqual([...commands].sort());
  });

  it("denies a Write of a token only the project's .gitleaks.toml knows: the third bundle's reading reaches the gate", async () => {
    const withRules = join(home, 'with-rules');
    const without = join(home, 'without');
    mkdirSync(withRules);
    mkdirSync(without);
    writeFileSync(
      join(withRules, '.gitleaks.toml'),
      `[[rules]]\nid = "acme-token"\nregex = '''acme_[a-z0-9]{24}'''\nkeywords = ["acme_"]\n`,
    );
    const writeKey = (project: string) =>
      runBin(
        json({
          session_id: 's-acme',
          transcript_path: join(home, 't.jsonl'),
          cwd: project,
          hook_event_name: 'PreToolUse',
          tool_name: 'Write',
          tool_input: {
            file_path: join(project, 'key.ts'),
            content: `export const key = 'acme_${'k3y9q2w8e7r6t5y4u3i2o1p0'}';\n`,
          },
          tool_use_id: 'toolu_acme',
        }),
        { ...env, CLAUDE_PROJECT_DIR: project },
      );
    const denied = await writeKey(withRules);
    expect(denied.stderr).toBe('');
    expect(JSON.parse(denied.stdout).hookSpecificOutput).toMatchObject({
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringContaining('key.ts line 1: acme-token'),
    });
    // Without the file the built-in rules alone apply, and they do not know this token.
    expect(await writeKey(without)).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('writes what it did to LOG_FILE', async () => {
    const logFile = join(home, 'hook.log');
    await runBin(json(sessionStart('s-log')), { ...env, LOG_FILE: logFile });
    expect(readFileSync(logFile, 'utf8')).toMatch(/tier1-hook info s-log session_started recorded/);
  });
});

describe('tier1-hook on bad input (a test stands in for Claude Code)', () => {
  const rejected = () => readSpool(home).filter((event) => event.eventType === 'hook_input_rejected');

  it.each([
    ['not JSON', 'this is not json', 'stdin is not JSON'],
    ['a JSON array', '[1, 2, 3]', 'not an object'],
    [
      'the wrong shape',
      json({ session_id: 's', hook_event_name: 'PostToolUse', tool_name: 'Bash' }),
      'tool_input is missing',
    ],
    [
      'an unknown event',
      json({ session_id: 's', hook_event_name: 'FileChanged' }),
      'unknown hook event "FileChanged"',
    ],
  ])('%s: exit 0, one stderr line, nothing on stdout, recorded', async (_name, input, problem) => {
    const run = await runBin(input, env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(problem);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(rejected()).toEqual([expect.objectContaining({ status: 'failed', detectedFrom: 'hook' })]);
    expect(String(rejected()[0]?.evidence.problem)).toContain(problem);
  });

  it('a closed, empty stdin', async () => {
    const run = await runBin(null, env);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain('stdin was empty');
    expect(rejected()).toHaveLength(1);
  });

  it('a stdin that never closes: gives up after TIER1_HOOK_STDIN_TIMEOUT_MS and ends itself', async () => {
    const started = Date.now();
    const run = await runBin(
      '{"session_id": "s", ',
      { ...env, TIER1_HOOK_STDIN_TIMEOUT_MS: '300' },
      { keepOpen: true },
    );
    // Its read of the open pipe cannot be abandoned, so it ends with SIGKILL rather than exit 0
    // (see main.ts); what matters is that it says so, records it, and does not hang.
    expect(run).toMatchObject({ code: null, signal: 'SIGKILL', stdout: '' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('stdin did not close within 300 ms'),
    ]);
    expect(rejected()).toHaveLength(1);
  });

  it('50 MB of tool output: refused at the input limit without reading it all', async () => {
    const huge = json(bashPostToolUse('s-huge', 'cat big.log', 'x'.repeat(50 * 1024 * 1024)));
    const run = await runBin(huge, env);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain('stdin is larger than 8388608 bytes');
    expect(rejected()).toHaveLength(1);
  });

  it('a configuration error: exit 0 and one line naming the variable, nothing recorded', async () => {
    const run = await runBin(json(sessionStart('s')), { ...env, TIER1_LOCK_TIMEOUT_MS: 'soon' });
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('TIER1_LOCK_TIMEOUT_MS');
    const hookSetting = await runBin(json(sessionStart('s')), { ...env, TIER1_HOOK_MAX_INPUT_BYTES: '-1' });
    expect(hookSetting.stderr).toContain('TIER1_HOOK_MAX_INPUT_BYTES');
    expect(existsSync(join(home, 'spool'))).toBe(false);
  });

  it.each([
    [{ AUTOMATION_ENABLED: 'false' }],
    [{ ACTION_ITEM_TRACKING_ENABLED: 'false', N8N_RELIABILITY_ENABLED: 'false' }],
  ])('%o: exit 0 at once, nothing read or recorded', async (switches) => {
    const run = await runBin('not even json', { ...env, ...switches });
    expect(run).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    expect(existsSync(join(home, 'spool'))).toBe(false);
  });

  it('ACTION_ITEM_TRACKING_ENABLED=false alone: a Bash result is neither judged nor recorded', async () => {
    const commit = realGitCommit('fix: login auth bug');
    const run = await runBin(json(bashPostToolUse('s-off', commit.command, commit.stdout)), {
      ...env,
      ACTION_ITEM_TRACKING_ENABLED: 'false',
    });
    expect(run).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    expect(readSpool(home)).toEqual([]);
  });
});

describe('tier1-hook for n8n tools (a test stands in for Claude Code and n8n’s MCP server)', () => {
  // n8n's MCP tool results are MCP CallToolResults (see packages/n8n-reliability); no n8n runs here.
  const n8nCall = (event: 'PreToolUse' | 'PostToolUse', response?: unknown) => ({
    ...sessionStart('s-n8n'),
    hook_event_name: event,
    tool_name: 'mcp__n8n__execute_workflow',
    tool_input: { workflowId: 'wf-video', inputs: { topic: 'cats' } },
    tool_use_id: 'toolu_n8n_1',
    ...(response === undefined ? {} : { tool_response: response, duration_ms: 15200 }),
  });

  it('registers on PreToolUse, then records a failed run and tells Claude', async () => {
    const pre = await runBin(json(n8nCall('PreToolUse')), env);
    expect(pre).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    const failed = {
      content: [
        { type: 'text', text: json({ success: false, error: '504 Gateway Timeout', statusCode: 504 }) },
      ],
      isError: true,
    };
    const post = await runBin(json(n8nCall('PostToolUse', failed)), env);
    expect(post.code).toBe(0);
    expect(post.stderr).toBe('');
    const answer = JSON.parse(post.stdout);
    expect(answer.hookSpecificOutput.hookEventName).toBe('PostToolUse');
    expect(answer.hookSpecificOutput.additionalContext).toContain('failed');
    const failure = readSpool(home).find((event) => event.eventType === 'n8n_failure_detected');
    expect(failure).toMatchObject({ status: 'failed', sessionId: 's-n8n' });
    expect(readSpool(home).some((event) => event.eventType === 'no_action_taken')).toBe(false);
  });

  it('leaves n8n tools to nobody when N8N_RELIABILITY_ENABLED=false', async () => {
    const run = await runBin(
      json(n8nCall('PostToolUse', { content: [{ type: 'text', text: 'error' }], isError: true })),
      {
        ...env,
        N8N_RELIABILITY_ENABLED: 'false',
      },
    );
    expect(run).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    expect(readSpool(home)).toEqual([]);
  });
});
