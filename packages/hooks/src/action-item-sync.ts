import {
  type ActionItem,
  type ActionItemStatus,
  type AgentItemStatus,
  taskItemId,
  toAgentItemStatus,
  todoIdFromContent,
} from './action-item';

/** One item whose status the agent changed (or a new item): what `action_item_synced` records. */
export interface ActionItemChange {
  item: ActionItem;
  oldStatus: ActionItemStatus | null;
  newStatus: AgentItemStatus;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

type ItemFields = Omit<ActionItem, 'updatedAt' | 'status'> & { status?: AgentItemStatus };

/**
 * Puts `fields` into the list: a new item, or an update of the item with that id. Returns a
 * change when the item is new or the agent gave it another status; a changed text alone is
 * kept in the mirror without an event.
 */
function upsert(items: ActionItem[], fields: ItemFields): ActionItemChange | undefined {
  const now = new Date().toISOString();
  const existing = items.find((item) => item.id === fields.id);
  if (!existing) {
    const status = fields.status ?? 'pending';
    const item: ActionItem = { ...fields, status, updatedAt: now };
    items.push(item);
    return { item, oldStatus: null, newStatus: status };
  }
  const oldStatus = existing.status;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') (existing as unknown as Record<string, unknown>)[key] = value;
  }
  existing.updatedAt = now;
  if (fields.status === undefined || fields.status === oldStatus) return undefined;
  return { item: existing, oldStatus, newStatus: fields.status };
}

/**
 * TodoWrite sends the agent's whole list each time (https://code.claude.com/docs/en/tools-reference:
 * `todos: [{content, status, activeForm}]`, no ids). Items get ids from their text; an item of an
 * earlier TodoWrite that is no longer listed was removed, so it becomes `deleted`.
 */
export function applyTodoWrite(items: ActionItem[], todos: unknown): ActionItemChange[] {
  if (!Array.isArray(todos)) return [];
  const changes: ActionItemChange[] = [];
  const listed = new Set<string>();
  for (const todo of todos) {
    if (!isObject(todo)) continue;
    const content = text(todo.content);
    if (!content) continue;
    const baseId = todoIdFromContent(content);
    let id = baseId;
    // Two items with the same text are still two items.
    for (let copy = 2; listed.has(id); copy += 1) id = `${baseId}-${copy}`;
    listed.add(id);
    const change = upsert(items, {
      id,
      content,
      status: toAgentItemStatus(todo.status) ?? 'pending',
      activeForm: text(todo.activeForm),
      source: 'TodoWrite',
    });
    if (change) changes.push(change);
  }
  for (const item of items) {
    if (item.source === 'TodoWrite' && !listed.has(item.id) && item.status !== 'deleted') {
      const oldStatus = item.status;
      item.status = 'deleted';
      item.updatedAt = new Date().toISOString();
      changes.push({ item, oldStatus, newStatus: 'deleted' });
    }
  }
  return changes;
}

/** The task id a TaskCreate/TaskUpdate call names: in its input, or (TaskCreate) in its response. */
function taskIdOf(toolInput: Record<string, unknown>, toolResponse: unknown): string | undefined {
  const candidates = [toolInput.taskId, toolInput.task_id, toolInput.id];
  if (isObject(toolResponse)) {
    candidates.push(toolResponse.taskId, toolResponse.task_id, toolResponse.id);
    if (isObject(toolResponse.task)) candidates.push(toolResponse.task.id);
  }
  const found = candidates.find((value) => typeof value === 'string' || typeof value === 'number');
  return found === undefined ? undefined : String(found);
}

/**
 * TaskCreate `{subject, description, activeForm}` and TaskUpdate `{taskId, status?, subject?, ...}`
 * tool calls (the task tools that replace TodoWrite in newer Claude Code versions).
 */
export function applyTaskTool(
  items: ActionItem[],
  tool: 'taskcreate' | 'taskupdate',
  toolInput: Record<string, unknown>,
  toolResponse: unknown,
): ActionItemChange[] {
  const subject = text(toolInput.subject) ?? '';
  const taskId = taskIdOf(toolInput, toolResponse);
  if (taskId === undefined && subject === '') return [];
  // Without an id (a response shape this version does not know), the task of the same subject
  // that a TaskCreated event already mirrored is the same task.
  const sameSubject = (item: ActionItem) =>
    item.source === 'task' && item.content.trim().toLowerCase() === subject.trim().toLowerCase();
  const id =
    taskId === undefined ? (items.find(sameSubject)?.id ?? todoIdFromContent(subject)) : taskItemId(taskId);
  const change = upsert(items, {
    id,
    content: subject,
    status: tool === 'taskcreate' ? undefined : toAgentItemStatus(toolInput.status),
    activeForm: text(toolInput.activeForm),
    description: text(toolInput.description),
    source: 'task',
  });
  return change ? [change] : [];
}

/** The TaskCreated / TaskCompleted hook events (`task_id`, `task_subject`, `task_description`). */
export function applyTaskEvent(
  items: ActionItem[],
  event: 'TaskCreated' | 'TaskCompleted',
  taskId: string,
  subject?: string,
  description?: string,
): ActionItemChange[] {
  const change = upsert(items, {
    id: taskItemId(taskId),
    content: text(subject) ?? '',
    status: event === 'TaskCompleted' ? 'completed' : undefined,
    description: text(description),
    source: 'task',
  });
  return change ? [change] : [];
}
