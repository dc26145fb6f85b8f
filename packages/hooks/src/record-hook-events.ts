import type { ActionItem } from './action-item';
import type { ActionItemChange } from './action-item-sync';
import type { EventSink } from './event-sink';
import type { HookHandlers, HookOutcome } from './handle-hook-input';
import { type HookInput, type ToolHookInput, traceOf } from './hook-input';
import { retirePromptItems } from './prompt-item';

/** As long as an evidence snippet (SNIPPET_MAX_LENGTH of @tier1/events): a trail, not a transcript. */
const LAST_MESSAGE_MAX_LENGTH = 200;

/** One `action_item_synced` event a status change, so the audit trail follows the list. */
async function recordChanges(
  handlers: HookHandlers,
  input: HookInput,
  changes: ActionItemChange[],
  toolName?: string,
): Promise<string> {
  for (const change of changes) {
    await handlers.sink.append({
      eventType: 'action_item_synced',
      projectId: handlers.projectId,
      status: change.newStatus,
      evidence: {
        hook_event_name: input.hook_event_name,
        tool_name: toolName?.toLowerCase() ?? null,
        todo_id: change.item.id,
        content: change.item.content,
        old_status: change.oldStatus,
        new_status: change.newStatus,
        source: change.item.source,
      },
      detectedFrom: 'hook',
      metadata: {
        hook_type: input.hook_event_name,
        tool_use_id: (input as ToolHookInput).tool_use_id ?? null,
        ...traceOf(input),
      },
      sessionId: input.session_id,
    });
  }
  return `${changes.length} action item change(s) synced`;
}

/** Applies `apply` to the session's mirror under its lock, saves it and records the status changes. */
export async function syncItems(
  handlers: HookHandlers,
  input: HookInput,
  apply: (items: ActionItem[]) => ActionItemChange[],
  toolName?: string,
): Promise<HookOutcome> {
  const changes = await handlers.mirrors.update(input.session_id, (mirror) => {
    // A list of the agent's own retires the prompt items (docs/guardrails.md, "Claim check").
    const applied = [...apply(mirror.items), ...retirePromptItems(mirror.items)];
    // Saved even without a status change: a new text or description is kept too.
    return { changed: true, result: applied };
  });
  return { summary: await recordChanges(handlers, input, changes, toolName) };
}

/** SessionStart, Stop and SessionEnd: one event with the fields Claude Code sent. */
export async function recordSession(
  handlers: HookHandlers,
  input: HookInput,
  eventType: 'session_started' | 'session_stopped',
): Promise<HookOutcome> {
  // SessionStart has `source` and `model`, Stop `stop_hook_active` and `last_assistant_message`
  // (what Claude said as it stopped, kept as a snippet), SessionEnd `reason`.
  const details: Record<string, unknown> = {};
  for (const field of ['source', 'model', 'reason', 'stop_hook_active', 'permission_mode']) {
    if (input[field] !== undefined) details[field] = input[field];
  }
  if (typeof input.last_assistant_message === 'string')
    details.last_assistant_message = input.last_assistant_message.slice(0, LAST_MESSAGE_MAX_LENGTH);
  const event = await handlers.sink.append({
    eventType,
    projectId: handlers.projectId,
    status: 'success',
    evidence: { hook_event_name: input.hook_event_name, ...details },
    detectedFrom: 'hook',
    metadata: {
      hook_type: input.hook_event_name,
      cwd: input.cwd ?? null,
      transcript_path: input.transcript_path ?? null,
      ...traceOf(input),
    },
    sessionId: input.session_id,
  });
  return { summary: `${eventType} recorded (${event.uid})` };
}

/** What the hook was given and could not use: its input, or the project's tier1.keywords.json. */
export async function recordRejectedInput(
  sink: EventSink,
  projectId: string,
  rejected: { problem: string; hookEventName?: string; sessionId?: string },
): Promise<void> {
  await sink.append({
    eventType: 'hook_input_rejected',
    projectId,
    status: 'failed',
    evidence: { hook_event_name: rejected.hookEventName ?? 'unknown', problem: rejected.problem },
    detectedFrom: 'hook',
    metadata: { hook_type: rejected.hookEventName ?? 'unknown' },
    sessionId: rejected.sessionId ?? null,
  });
}
