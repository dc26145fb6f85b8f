import { describe, expect, it } from 'vitest';
import type { ActionItem } from './action-item';
import { applyUserPrompt, completePromptItem, retirePromptItems } from './prompt-item';

describe('the prompt as the action item', () => {
  it('adds the prompt in progress while the agent keeps no list, once per prompt id', () => {
    const items: ActionItem[] = [];
    expect(applyUserPrompt(items, 'p1', '  Fix the\nlogin bug ')).toEqual([
      {
        item: expect.objectContaining({ id: 'prompt-p1', content: 'Fix the login bug', source: 'prompt' }),
        oldStatus: null,
        newStatus: 'in_progress',
      },
    ]);
    expect(applyUserPrompt(items, 'p1', 'Fix the login bug')).toEqual([]);
    expect(applyUserPrompt(items, undefined, 'x'.repeat(500))[0]?.item.content).toHaveLength(200);
  });

  it('steps aside when the agent starts its own list, and adds none after that', () => {
    const items: ActionItem[] = [];
    applyUserPrompt(items, 'p1', 'Fix it');
    expect(retirePromptItems(items)).toEqual([]);
    items.push({ id: 'task-1', content: 'Fix', status: 'pending', source: 'task', updatedAt: '' });
    expect(retirePromptItems(items)).toEqual([
      expect.objectContaining({ oldStatus: 'in_progress', newStatus: 'deleted' }),
    ]);
    expect(applyUserPrompt(items, 'p2', 'Next')).toEqual([]);
  });

  it('completes this prompt’s item, or the latest open one', () => {
    const items: ActionItem[] = [];
    applyUserPrompt(items, 'p1', 'One');
    applyUserPrompt(items, 'p2', 'Two');
    expect(completePromptItem(items, 'p1')[0]?.item.id).toBe('prompt-p1');
    expect(completePromptItem(items, 'unknown')[0]?.item.id).toBe('prompt-p2');
    expect(completePromptItem(items, 'p2')).toEqual([]);
  });
});
