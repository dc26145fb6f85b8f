import { describe, expect, it } from 'vitest';
import { type ActionItem, todoIdFromContent } from './action-item';
import { applyTaskEvent, applyTaskTool, applyTodoWrite } from './action-item-sync';

const todo = (content: string, status: string) => ({ content, status, activeForm: `${content}ing` });

describe('applyTodoWrite', () => {
  it('mirrors a new list with ids derived from the text, stable across calls and re-ordering', () => {
    const items: ActionItem[] = [];
    const first = applyTodoWrite(items, [
      todo('Fix login bug', 'in_progress'),
      todo('Write docs', 'pending'),
    ]);
    expect(first.map((change) => [change.item.content, change.oldStatus, change.newStatus])).toEqual([
      ['Fix login bug', null, 'in_progress'],
      ['Write docs', null, 'pending'],
    ]);
    expect(items[0]?.id).toBe(todoIdFromContent('fix  LOGIN bug '));

    const second = applyTodoWrite(items, [
      todo('Write docs', 'in_progress'),
      todo('Fix login bug', 'completed'),
    ]);
    expect(second.map((change) => [change.item.content, change.oldStatus, change.newStatus])).toEqual([
      ['Write docs', 'pending', 'in_progress'],
      ['Fix login bug', 'in_progress', 'completed'],
    ]);
    expect(items).toHaveLength(2);
  });

  it('reports nothing when the list did not change', () => {
    const items: ActionItem[] = [];
    applyTodoWrite(items, [todo('A task', 'pending')]);
    expect(applyTodoWrite(items, [todo('A task', 'pending')])).toEqual([]);
  });

  it('marks an item the agent dropped from its list as deleted, once', () => {
    const items: ActionItem[] = [];
    applyTodoWrite(items, [todo('Keep', 'pending'), todo('Drop', 'pending')]);
    const changes = applyTodoWrite(items, [todo('Keep', 'pending')]);
    expect(changes.map((change) => [change.item.content, change.newStatus])).toEqual([['Drop', 'deleted']]);
    expect(applyTodoWrite(items, [todo('Keep', 'pending')])).toEqual([]);
  });

  it('keeps two items with the same text apart', () => {
    const items: ActionItem[] = [];
    applyTodoWrite(items, [todo('Run tests', 'pending'), todo('Run tests', 'pending')]);
    expect(new Set(items.map((item) => item.id)).size).toBe(2);
  });

  it('ignores malformed entries and an unknown status', () => {
    const items: ActionItem[] = [];
    applyTodoWrite(items, [null, { status: 'pending' }, { content: 'Real', status: 'weird' }]);
    expect(items.map((item) => [item.content, item.status])).toEqual([['Real', 'pending']]);
  });
});

describe('task tools and events', () => {
  it('follows one task from TaskCreated through TaskUpdate to TaskCompleted', () => {
    const items: ActionItem[] = [];
    expect(applyTaskEvent(items, 'TaskCreated', '1', 'Add retry', 'with backoff')[0]?.newStatus).toBe(
      'pending',
    );
    // The TaskCreate call that caused the event adds nothing new.
    expect(
      applyTaskTool(
        items,
        'taskcreate',
        { subject: 'Add retry', description: 'with backoff' },
        { task: { id: '1' } },
      ),
    ).toEqual([]);
    expect(applyTaskTool(items, 'taskupdate', { taskId: '1', status: 'in_progress' }, {})[0]).toMatchObject({
      oldStatus: 'pending',
      newStatus: 'in_progress',
    });
    expect(applyTaskEvent(items, 'TaskCompleted', '1', 'Add retry')[0]).toMatchObject({
      oldStatus: 'in_progress',
      newStatus: 'completed',
    });
    expect(items).toEqual([
      expect.objectContaining({
        id: 'task-1',
        content: 'Add retry',
        description: 'with backoff',
        status: 'completed',
      }),
    ]);
  });

  it('matches a TaskCreate without an id to the task of the same subject', () => {
    const items: ActionItem[] = [];
    applyTaskEvent(items, 'TaskCreated', '3', 'Deploy');
    applyTaskTool(items, 'taskcreate', { subject: 'deploy' }, 'Task created');
    expect(items).toHaveLength(1);
  });
});
