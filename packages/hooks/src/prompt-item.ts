import { type ActionItem, isOpen, todoIdFromContent } from './action-item';
import type { ActionItemChange } from './action-item-sync';

/** The prompt's words kept as the item's text; the rest of a long prompt is not needed to name it. */
const PROMPT_TEXT_LIMIT = 200;

export function promptItemId(promptId: string | undefined, prompt: string): string {
  return promptId ? `prompt-${promptId}` : `prompt-${todoIdFromContent(prompt).slice('todo-'.length)}`;
}

function keepsOwnList(items: readonly ActionItem[]): boolean {
  return items.some((item) => item.source !== 'prompt');
}

/**
 * UserPromptSubmit: while the agent keeps no list of its own (no TodoWrite or Task tools), the
 * user's prompt is the action item, so tracking has an item to complete and to check at Stop.
 * `text` is the prompt with secrets already redacted.
 */
export function applyUserPrompt(
  items: ActionItem[],
  promptId: string | undefined,
  text: string,
): ActionItemChange[] {
  const content = text.replace(/\s+/g, ' ').trim();
  if (content === '' || keepsOwnList(items)) return [];
  const id = promptItemId(promptId, content);
  if (items.some((item) => item.id === id)) return [];
  const item: ActionItem = {
    id,
    content: content.length > PROMPT_TEXT_LIMIT ? `${content.slice(0, PROMPT_TEXT_LIMIT - 1)}…` : content,
    status: 'in_progress',
    source: 'prompt',
    updatedAt: new Date().toISOString(),
  };
  items.push(item);
  return [{ item, oldStatus: null, newStatus: 'in_progress' }];
}

/**
 * Once the agent starts a list of its own, its items are the action items: open prompt items
 * step aside (`deleted`), so a detection never has two in progress to choose between.
 */
export function retirePromptItems(items: ActionItem[]): ActionItemChange[] {
  if (!keepsOwnList(items)) return [];
  const changes: ActionItemChange[] = [];
  for (const item of items) {
    if (item.source !== 'prompt' || !isOpen(item)) continue;
    const oldStatus = item.status;
    item.status = 'deleted';
    item.updatedAt = new Date().toISOString();
    changes.push({ item, oldStatus, newStatus: 'deleted' });
  }
  return changes;
}

/** The prompt item of this prompt (or the latest one), once the claim "done" was verified. */
export function completePromptItem(items: ActionItem[], promptId: string | undefined): ActionItemChange[] {
  const open = items.filter((item) => item.source === 'prompt' && isOpen(item));
  const item = open.find((candidate) => candidate.id === `prompt-${promptId}`) ?? open.at(-1);
  if (!item) return [];
  const oldStatus = item.status;
  item.status = 'completed';
  item.updatedAt = new Date().toISOString();
  return [{ item, oldStatus, newStatus: 'completed' }];
}
