import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutomationEventInput } from '@tier1/events';
import { KeywordDetector } from '@tier1/keyword-detector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bashPostToolUse, sessionStart, todoWrite } from '../test/payloads';
import { ActionItemHook } from './action-item-hook';
import { type HookHandlers, handleHookInput } from './handle-hook-input';
import { type HookInput, parseHookInput } from './hook-input';
import { SessionMirrorStore } from './session-mirror';

// handleHookInput without a process: a parsed input in, the events and the answer out.
let home: string;
let recorded: AutomationEventInput[];
let handlers: HookHandlers;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tier1-handle-hook-input-'));
  recorded = [];
  const sink = {
    append: async (input: AutomationEventInput) => {
      recorded.push(input);
      return { uid: `uid-${recorded.length}` };
    },
  };
  const mirrors = new SessionMirrorStore(home, (message) => {
    throw new Error(message);
  });
  const actionItems = new ActionItemHook({
    detector: new KeywordDetector(),
    sink,
    mirrors,
    projectId: 'unit',
  });
  handlers = { sink, mirrors, actionItems, projectId: 'unit' };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const input = (payload: unknown): HookInput => parseHookInput(JSON.stringify(payload));

describe('handleHookInput', () => {
  it('records a session start and answers nothing', async () => {
    const outcome = await handleHookInput(input(sessionStart('s1')), handlers);
    expect(outcome).toEqual({ summary: 'session_started recorded (uid-1)' });
    expect(recorded).toMatchObject([{ eventType: 'session_started', sessionId: 's1', projectId: 'unit' }]);
  });

  it('mirrors a TodoWrite, then completes the item a commit finishes and tells Claude', async () => {
    const todos = [
      { content: 'Fix the login bug', status: 'in_progress', activeForm: 'Fixing the login bug' },
    ];
    expect((await handleHookInput(input(todoWrite('s1', todos)), handlers)).summary).toBe(
      '1 action item change(s) synced',
    );
    const commit = bashPostToolUse(
      's1',
      "git commit -m 'fix login bug'",
      '[main 1a2b3c4] fix login bug\n 1 file changed',
    );
    const outcome = await handleHookInput(input(commit), handlers);
    expect(outcome.hookResult).toMatchObject({ todoUpdated: true, newStatus: 'completed' });
    expect(outcome.answer?.hookSpecificOutput?.additionalContext).toContain('Fix the login bug');
    expect(recorded.map((event) => event.eventType)).toEqual(['action_item_synced', 'action_item_completed']);
  });

  it('does nothing before a tool runs, and records nothing with tracking off', async () => {
    const pre = { ...bashPostToolUse('s1', 'npm test', ''), hook_event_name: 'PreToolUse' };
    expect((await handleHookInput(input(pre), handlers)).summary).toBe('PreToolUse Bash: nothing to do');
    const off = { ...handlers, actionItems: undefined };
    expect((await handleHookInput(input(sessionStart('s1')), off)).summary).toBe(
      'SessionStart: action-item tracking is off',
    );
    expect(recorded).toEqual([]);
  });
});
