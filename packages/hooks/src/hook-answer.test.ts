import { describe, expect, it } from 'vitest';
import type { HookResult } from './action-item-hook';
import { ADDITIONAL_CONTEXT_MAX_LENGTH, describeForAgent, toAnswer } from './hook-answer';

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
    expect(answer.hookSpecificOutput?.hookEventName).toBe('PostToolUse');
    expect(answer.hookSpecificOutput?.additionalContext).toHaveLength(ADDITIONAL_CONTEXT_MAX_LENGTH);
  });
});
