import { describe, expect, it } from 'vitest';
import type { ActionItem } from './action-item';
import { matchTokens, overlapScore, TodoUpdater } from './todo-updater';

const item = (id: string, content: string, status: ActionItem['status']): ActionItem => ({
  id,
  content,
  status,
  source: 'TodoWrite',
  updatedAt: '2026-01-20T18:45:32Z',
});

const commit = {
  keywordFound: 'git commit',
  category: 'commit-related',
  contextSnippet: '[main 1a2b3c4] fix: login auth bug\n 1 file changed, 2 insertions(+)',
  decision: 'completed' as const,
};

describe('matchTokens and overlapScore', () => {
  it('keeps words of three letters or more, lower-cased, without stop words', () => {
    expect([...matchTokens('Fix the Login-auth bug in src/auth.ts')]).toEqual([
      'login',
      'auth',
      'bug',
      'src',
    ]);
  });

  it('scores the share of the item words found in the detection', () => {
    expect(overlapScore('Fix login auth bug', matchTokens('fix: login auth bug'))).toBe(1);
    expect(overlapScore('Write release notes', matchTokens('fix: login auth bug'))).toBe(0);
  });
});

describe('TodoUpdater', () => {
  it('moves the only item in progress to completed and keeps both statuses', () => {
    const items = [item('a', 'Write release notes', 'pending'), item('b', 'Refactor parser', 'in_progress')];
    const result = new TodoUpdater(items).updateTodoFromDetection(commit);
    expect(result).toMatchObject({
      updated: true,
      todoId: 'b',
      oldStatus: 'in_progress',
      newStatus: 'completed',
    });
    expect(items[1]?.status).toBe('completed');
    expect(items[0]?.status).toBe('pending');
  });

  it('among several in progress, picks the one whose words match the output and command', () => {
    const items = [
      item('a', 'Write release notes', 'in_progress'),
      item('b', 'Fix login auth bug', 'in_progress'),
    ];
    const result = new TodoUpdater(items).updateTodoFromDetection(commit, {
      command: "git commit -m 'fix: login auth bug'",
    });
    expect(result.todoId).toBe('b');
  });

  it('with nothing in progress, picks the best matching open item', () => {
    const items = [
      item('a', 'Deploy to staging', 'pending'),
      item('b', 'Fix login auth bug', 'pending'),
      item('c', 'Fix login auth bug', 'completed'),
    ];
    expect(new TodoUpdater(items).updateTodoFromDetection(commit).todoId).toBe('b');
  });

  it('moves a pending-review detection to pending_review', () => {
    const items = [item('a', 'Build the bundle', 'in_progress')];
    const result = new TodoUpdater(items).updateTodoFromDetection({ ...commit, decision: 'pending_review' });
    expect(result).toMatchObject({ updated: true, oldStatus: 'in_progress', newStatus: 'pending_review' });
  });

  it('moves nothing when no open item shares a word with the output', () => {
    const items = [item('a', 'Write release notes', 'pending')];
    const result = new TodoUpdater(items).updateTodoFromDetection(commit);
    expect(result).toMatchObject({ updated: false, todoId: null });
    expect(result.reason).toContain('no open action item matches');
    expect(items[0]?.status).toBe('pending');
  });

  it('moves nothing for a no_action detection or an empty list', () => {
    expect(
      new TodoUpdater([item('a', 'x', 'in_progress')]).updateTodoFromDetection({
        ...commit,
        decision: 'no_action',
      }).updated,
    ).toBe(false);
    expect(new TodoUpdater([]).updateTodoFromDetection(commit).reason).toBe(
      'the session has no open action items',
    );
  });

  it('does not move an item already in the target status', () => {
    const items = [item('a', 'Fix login auth bug', 'pending_review')];
    const result = new TodoUpdater(items).updateTodoFromDetection({ ...commit, decision: 'pending_review' });
    expect(result).toMatchObject({ updated: false, todoId: 'a' });
  });

  it('moves a pending_review item to completed on conclusive evidence', () => {
    const items = [item('a', 'Fix login auth bug', 'pending_review')];
    expect(new TodoUpdater(items).updateTodoFromDetection(commit)).toMatchObject({
      updated: true,
      oldStatus: 'pending_review',
      newStatus: 'completed',
    });
  });
});
