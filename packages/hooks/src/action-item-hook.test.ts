import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireFileLock } from '@tier1/core';
import type { AutomationEventInput } from '@tier1/events';
import { KeywordDetector } from '@tier1/keyword-detector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionItemHook } from './action-item-hook';
import { applyTodoWrite } from './action-item-sync';
import { SessionMirrorStore } from './session-mirror';

let home: string;
let recorded: AutomationEventInput[];
let mirrors: SessionMirrorStore;
let hook: ActionItemHook;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tier1-action-item-hook-'));
  recorded = [];
  mirrors = new SessionMirrorStore(home, (message) => {
    throw new Error(message);
  });
  const sink = {
    append: async (input: AutomationEventInput) => {
      recorded.push(input);
      return { uid: `uid-${recorded.length}` };
    },
  };
  hook = new ActionItemHook({ detector: new KeywordDetector(), sink, mirrors, projectId: 'unit' });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function seed(sessionId: string, todos: Array<[string, string]>): void {
  const mirror = mirrors.load(sessionId);
  applyTodoWrite(
    mirror.items,
    todos.map(([content, status]) => ({ content, status, activeForm: content })),
  );
  mirrors.save(mirror);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const context = { sessionId: 's1', hookEventName: 'PostToolUse', toolUseId: 'toolu_1' };
const commitOutput =
  '[main 4f3c2b1] fix: login auth bug\n 2 files changed, 10 insertions(+), 3 deletions(-)\n';

describe('ActionItemHook.handleToolOutput', () => {
  it('returns the architecture HookResult and records action_item_completed with its evidence', async () => {
    seed('s1', [['Fix the login auth bug', 'in_progress']]);
    const result = await hook.handleToolOutput('Bash', commitOutput, {
      ...context,
      command: "git commit -m 'fix: login auth bug'",
    });
    expect(result).toMatchObject({
      actionTaken: true,
      toolName: 'Bash',
      todoUpdated: true,
      newStatus: 'completed',
      todoContent: 'Fix the login auth bug',
      eventId: 'uid-1',
    });
    expect(result.keywordFound).not.toBeNull();
    expect(result.confidence).toBeGreaterThanOrEqual(80);
    expect(recorded).toEqual([
      expect.objectContaining({
        eventType: 'action_item_completed',
        status: 'success',
        detectedFrom: 'hook',
        sessionId: 's1',
        projectId: 'unit',
        evidence: expect.objectContaining({
          tool_name: 'bash',
          keyword_category: 'commit-related',
          old_status: 'in_progress',
          new_status: 'completed',
          todo_id: result.todoId,
        }),
        metadata: expect.objectContaining({
          hook_type: 'PostToolUse',
          tool_use_id: 'toolu_1',
          decision: 'completed',
        }),
      }),
    ]);
    expect(mirrors.load('s1').items[0]?.status).toBe('completed');
  });

  it('records no_action_taken with the detection when no item matches, and leaves the list alone', async () => {
    seed('s1', [['Write release notes', 'pending']]);
    const result = await hook.handleToolOutput('bash', commitOutput, context);
    expect(result).toMatchObject({
      actionTaken: false,
      todoUpdated: false,
      newStatus: null,
      eventId: 'uid-1',
    });
    expect(result.reason).toContain('no open action item matches');
    expect(recorded[0]).toMatchObject({ eventType: 'no_action_taken', status: 'skipped' });
    expect(recorded[0]?.evidence).toMatchObject({
      todo_id: null,
      new_status: null,
      keyword_category: 'commit-related',
    });
    expect(mirrors.load('s1').items[0]?.status).toBe('pending');
  });

  it("takes the session's lock only to move an item", async () => {
    const lockOf = (sessionId: string) =>
      acquireFileLock(`${mirrors.pathFor(sessionId)}.lock`, { timeoutMs: 0, purpose: 'test' });
    // A commit with no open item it matches: held by a live process, the lock is not waited for.
    seed('s2', [['Write release notes', 'pending']]);
    const other = await lockOf('s2');
    try {
      const nothing = await hook.handleToolOutput('bash', commitOutput, { ...context, sessionId: 's2' });
      expect(nothing).toMatchObject({ todoUpdated: false, keywordFound: expect.any(String) });
    } finally {
      other.release();
    }
    // A commit that completes an item waits for the lock, then moves it on the list read again.
    seed('s1', [['Fix the login auth bug', 'in_progress']]);
    const lock = await lockOf('s1');
    try {
      const moving = hook.handleToolOutput('bash', commitOutput, context);
      const first = await Promise.race([moving.then(() => 'moved'), sleep(300).then(() => 'waiting')]);
      expect(first).toBe('waiting');
      lock.release();
      expect((await moving).todoUpdated).toBe(true);
      expect(mirrors.load('s1').items[0]?.status).toBe('completed');
    } finally {
      lock.release();
    }
  });

  it('skips a tool that is not tracked without recording anything', async () => {
    const result = await hook.handleToolOutput('WebFetch', 'deployed', context);
    expect(result).toMatchObject({ actionTaken: false, eventId: null });
    expect(result.reason).toContain('not a tracked tool');
    expect(recorded).toEqual([]);
  });
});
