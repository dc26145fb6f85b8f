/**
 * Statuses of an item in the agent's own list (TodoWrite: pending | in_progress | completed;
 * the task tools add deleted), plus Tier 1's pending_review for a likely but unconfirmed finish.
 */
export type AgentItemStatus = 'pending' | 'in_progress' | 'completed' | 'deleted';
export type ActionItemStatus = AgentItemStatus | 'pending_review';

/** One item of a session's action list, as Tier 1 mirrors it. */
export interface ActionItem {
  /** Stable: `todo-<hash of the text>` for TodoWrite items (they have no id), `task-<id>` for tasks. */
  id: string;
  content: string;
  status: ActionItemStatus;
  activeForm?: string;
  description?: string;
  /** `prompt`: the user's prompt, the action item while the agent keeps no list (docs/guardrails.md). */
  source: 'TodoWrite' | 'task' | 'prompt';
  updatedAt: string;
}

const AGENT_STATUSES: readonly string[] = ['pending', 'in_progress', 'completed', 'deleted'];

/** The status a TodoWrite/TaskUpdate call names, or undefined when it names none Claude Code uses. */
export function toAgentItemStatus(value: unknown): AgentItemStatus | undefined {
  return typeof value === 'string' && AGENT_STATUSES.includes(value) ? (value as AgentItemStatus) : undefined;
}

/** Items a detection may still move. */
export function isOpen(item: ActionItem): boolean {
  return item.status === 'pending' || item.status === 'in_progress' || item.status === 'pending_review';
}

/**
 * TodoWrite items have no id, so the id is derived from the text: the same words give the
 * same id across calls however the agent re-orders the list. Case and spacing are ignored.
 * node:crypto is loaded here, not at the top: most hook calls never make a todo id, and loading
 * it costs a hook process about 3 ms.
 */
export function todoIdFromContent(content: string): string {
  const normalised = content.trim().replace(/\s+/g, ' ').toLowerCase();
  const { createHash } = process.getBuiltinModule('node:crypto');
  return `todo-${createHash('sha256').update(normalised).digest('hex').slice(0, 12)}`;
}

export function taskItemId(taskId: string): string {
  return `task-${taskId}`;
}
