import { describe, expect, it } from 'vitest';
import { bashFailure, bashPostToolUse, editPostToolUse, writePostToolUse } from '../test/payloads';
import type { HookResult } from './action-item-hook';
import { ADDITIONAL_CONTEXT_MAX_LENGTH, describeForAgent, toAnswer, toolOutputOf } from './handle-hook-input';
import type { ToolHookInput } from './hook-input';

describe('toolOutputOf', () => {
  it('joins Bash stdout and stderr, with the command as context', () => {
    expect(toolOutputOf(bashPostToolUse('s', 'npm test', 'ok', 'warn') as ToolHookInput)).toEqual({
      output: 'ok\nwarn',
      command: 'npm test',
    });
  });

  it('says a Write created or updated a file, in Claude Code’s words', () => {
    expect(toolOutputOf(writePostToolUse('s', '/p/a.ts') as ToolHookInput).output).toBe(
      'File created successfully at: /p/a.ts',
    );
    expect(toolOutputOf(writePostToolUse('s', '/p/a.ts', 'update') as ToolHookInput).output).toBe(
      'The file /p/a.ts has been updated.',
    );
    expect(toolOutputOf(editPostToolUse('s', '/p/b.ts') as ToolHookInput)).toEqual({
      output: 'The file /p/b.ts has been updated.',
      command: '/p/b.ts',
    });
  });

  it('reads the error of a PostToolUseFailure', () => {
    expect(toolOutputOf(bashFailure('s', 'npm test', 'Exit code 1') as ToolHookInput)).toEqual({
      output: 'Exit code 1',
      command: 'npm test',
    });
  });
});

describe('describeForAgent', () => {
  const result = (snippet: string): HookResult => ({
    actionTaken: true,
    toolName: 'Bash',
    keywordFound: 'committed',
    confidence: 95,
    todoUpdated: true,
    todoId: 'todo-abc',
    todoContent: 'Fix the bug',
    newStatus: 'completed',
    reason: 'moved',
    eventId: 'u',
    detection: {
      keywordFound: 'committed',
      confidence: 95,
      category: 'commit-related',
      contextSnippet: snippet,
      decision: 'completed',
      reasons: [],
    },
    update: {
      updated: true,
      todoId: 'todo-abc',
      oldStatus: 'in_progress',
      newStatus: 'completed',
      reason: 'moved',
    },
  });

  it('names the item, the move, the keyword, the confidence and the evidence', () => {
    const text = describeForAgent(result('[main 1a2b3c4] fix: the bug'));
    for (const part of [
      '"Fix the bug"',
      'todo-abc',
      'completed',
      'in_progress',
      '"committed"',
      'commit-related',
      '95/100',
      '[main 1a2b3c4] fix: the bug',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('stays within Claude Code’s 10,000 characters', () => {
    const answer = toAnswer('PostToolUse', describeForAgent(result('x'.repeat(20_000))));
    expect(answer.hookSpecificOutput.hookEventName).toBe('PostToolUse');
    expect(answer.hookSpecificOutput.additionalContext).toHaveLength(ADDITIONAL_CONTEXT_MAX_LENGTH);
  });
});
