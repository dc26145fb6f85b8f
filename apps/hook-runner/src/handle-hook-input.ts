import { SNIPPET_MAX_LENGTH } from '@tier1/events';
import type { N8nReliabilityHook } from '@tier1/n8n-reliability';
import type { ActionItem } from './action-item';
import type { ActionItemHook, HookResult } from './action-item-hook';
import { type ActionItemChange, applyTaskEvent, applyTaskTool, applyTodoWrite } from './action-item-sync';
import type { EventSink } from './event-sink';
import {
  type HookInput,
  isToolHookInput,
  type TaskHookInput,
  type ToolHookInput,
  traceOf,
} from './hook-input';
import type { SessionMirrorStore } from './session-mirror';

/** Claude Code caps additionalContext at 10,000 characters (https://code.claude.com/docs/en/hooks, "JSON output"). */
export const ADDITIONAL_CONTEXT_MAX_LENGTH = 10_000;

/** What the hook prints on stdout: one JSON object, or nothing. */
export interface HookAnswer {
  hookSpecificOutput: { hookEventName: string; additionalContext: string };
}

export interface HookOutcome {
  /** Printed on stdout when set. */
  answer?: HookAnswer;
  /** One line for the log: what the hook did. */
  summary: string;
  hookResult?: HookResult;
}

export interface HookHandlers {
  sink: EventSink;
  mirrors: SessionMirrorStore;
  /** Undefined when action-item tracking is switched off (the n8n layer may still be on). */
  actionItems?: ActionItemHook;
  projectId: string;
  /**
   * The n8n reliability layer, loaded only for an MCP tool call: a Bash or Write call never
   * pays for importing it. Undefined when the layer is switched off.
   */
  loadN8n?: () => Promise<Pick<N8nReliabilityHook, 'handles' | 'onTaskStarted' | 'onTaskCompleted'>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringField(value: unknown, field: string): string | undefined {
  return isObject(value) && typeof value[field] === 'string' ? (value[field] as string) : undefined;
}

/**
 * The text the detector reads for one tool call, and the command (or path) that says what it was.
 * Bash: `tool_response {stdout, stderr}`; Write: `{type: "create"|"update", filePath}`; Edit:
 * `{filePath}` (tool shapes: https://code.claude.com/docs/en/hooks, "PostToolUse input"). Write
 * and Edit are described in the words Claude Code itself reports them with.
 */
export function toolOutputOf(input: ToolHookInput): { output: string; command?: string } {
  const tool = input.tool_name.toLowerCase();
  const response = input.tool_response;
  const filePath = stringField(input.tool_input, 'file_path') ?? stringField(response, 'filePath');
  if (input.hook_event_name === 'PostToolUseFailure') {
    const error = input.error ?? (input.is_interrupt ? 'interrupted by the user' : 'the tool call failed');
    return { output: error, command: stringField(input.tool_input, 'command') ?? filePath };
  }
  if (tool === 'bash') {
    const output = [stringField(response, 'stdout'), stringField(response, 'stderr')]
      .filter(Boolean)
      .join('\n');
    return {
      output: typeof response === 'string' ? response : output,
      command: stringField(input.tool_input, 'command'),
    };
  }
  if (tool === 'write') {
    const created = stringField(response, 'type') !== 'update';
    return {
      output: created
        ? `File created successfully at: ${filePath}`
        : `The file ${filePath} has been updated.`,
      command: filePath,
    };
  }
  if (tool === 'edit' || tool === 'multiedit')
    return { output: `The file ${filePath} has been updated.`, command: filePath };
  return {
    output: typeof response === 'string' ? response : JSON.stringify(response ?? ''),
    command: filePath,
  };
}

/** What Claude is told when an item moved, so its own list stays in step with Tier 1's. */
export function describeForAgent(result: HookResult): string {
  const detection = result.detection;
  const snippet = detection?.contextSnippet.replace(/\s+/g, ' ').trim() ?? '';
  const moved =
    result.newStatus === 'completed'
      ? `Tier 1 marked the action item "${result.todoContent}" (${result.todoId}) as completed`
      : `Tier 1 marked the action item "${result.todoContent}" (${result.todoId}) as pending review: the evidence is not conclusive`;
  const text =
    `${moved}, from ${result.update?.oldStatus ?? 'unknown'}. ` +
    `Evidence: keyword "${result.keywordFound}" (${detection?.category}, confidence ${result.confidence}/100) in the ${result.toolName} output: "${snippet}". ` +
    (result.newStatus === 'completed'
      ? 'If you keep a todo list, mark this item completed there too.'
      : 'Check the output; if the item is done, mark it completed in your todo list, otherwise keep working on it.');
  return text;
}

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
async function syncItems(
  handlers: HookHandlers,
  input: HookInput,
  apply: (items: ActionItem[]) => ActionItemChange[],
  toolName?: string,
): Promise<HookOutcome> {
  const changes = await handlers.mirrors.update(input.session_id, (mirror) => {
    const applied = apply(mirror.items);
    // Saved even without a status change: a new text or description is kept too.
    return { changed: true, result: applied };
  });
  return { summary: await recordChanges(handlers, input, changes, toolName) };
}

async function recordSession(
  handlers: HookHandlers,
  input: HookInput,
  eventType: 'session_started' | 'session_stopped',
): Promise<HookOutcome> {
  // SessionStart has `source` and `model`, Stop `stop_hook_active` and `last_assistant_message`
  // (what Claude said as it stopped: kept as a snippet), SessionEnd `reason`.
  const details: Record<string, unknown> = {};
  for (const field of ['source', 'model', 'reason', 'stop_hook_active', 'permission_mode']) {
    if (input[field] !== undefined) details[field] = input[field];
  }
  if (typeof input.last_assistant_message === 'string')
    details.last_assistant_message = input.last_assistant_message.slice(0, SNIPPET_MAX_LENGTH);
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

/** The one JSON object printed on stdout; `additionalContext` cut to Claude Code's limit. */
export function toAnswer(hookEventName: string, additionalContext: string): HookAnswer {
  const text =
    additionalContext.length > ADDITIONAL_CONTEXT_MAX_LENGTH
      ? `${additionalContext.slice(0, ADDITIONAL_CONTEXT_MAX_LENGTH - 1)}…`
      : additionalContext;
  return { hookSpecificOutput: { hookEventName, additionalContext: text } };
}

/** n8n's MCP execute tools (`mcp__n8n__execute_workflow`, ...): registered on PreToolUse, judged and recovered after. */
async function handleN8nCall(handlers: HookHandlers, input: ToolHookInput): Promise<HookOutcome | undefined> {
  if (!handlers.loadN8n || !input.tool_name.toLowerCase().startsWith('mcp__')) return undefined;
  const n8n = await handlers.loadN8n();
  if (!n8n.handles(input.tool_name)) return undefined;
  const call = {
    sessionId: input.session_id,
    toolUseId: input.tool_use_id ?? `${input.session_id}-${input.tool_name}`,
    toolName: input.tool_name,
    toolInput: input.tool_input,
  };
  if (input.hook_event_name === 'PreToolUse') {
    await n8n.onTaskStarted(call);
    return { summary: `PreToolUse ${input.tool_name}: n8n run registered` };
  }
  const outcome = await n8n.onTaskCompleted({
    ...call,
    toolResponse: input.tool_response,
    error: input.error,
    durationMs: typeof input.duration_ms === 'number' ? input.duration_ms : undefined,
  });
  const failure = outcome.monitorResult?.failureDetected
    ? `n8n failure (${outcome.monitorResult.failureType})`
    : 'n8n run reported';
  const summary = `${input.hook_event_name} ${input.tool_name}: ${failure}`;
  return outcome.additionalContext
    ? { summary, answer: toAnswer(input.hook_event_name, outcome.additionalContext) }
    : { summary };
}

async function handleToolCall(handlers: HookHandlers, input: ToolHookInput): Promise<HookOutcome> {
  const tool = input.tool_name.toLowerCase();
  const n8nOutcome = await handleN8nCall(handlers, input);
  if (n8nOutcome) return n8nOutcome;
  if (!handlers.actionItems)
    return { summary: `${input.hook_event_name} ${input.tool_name}: action-item tracking is off` };
  if (input.hook_event_name === 'PreToolUse')
    return { summary: `PreToolUse ${input.tool_name}: nothing to do` };
  if (input.hook_event_name === 'PostToolUse' && tool === 'todowrite') {
    return syncItems(
      handlers,
      input,
      (items) => applyTodoWrite(items, input.tool_input.todos),
      input.tool_name,
    );
  }
  if (input.hook_event_name === 'PostToolUse' && (tool === 'taskcreate' || tool === 'taskupdate')) {
    return syncItems(
      handlers,
      input,
      (items) => applyTaskTool(items, tool, input.tool_input, input.tool_response),
      input.tool_name,
    );
  }
  if (!handlers.actionItems.shouldProcessTool(input.tool_name)) {
    return { summary: `${input.hook_event_name} ${input.tool_name}: not a tracked tool` };
  }
  const { output, command } = toolOutputOf(input);
  const result = await handlers.actionItems.handleToolOutput(input.tool_name, output, {
    sessionId: input.session_id,
    hookEventName: input.hook_event_name,
    toolUseId: input.tool_use_id,
    command,
    durationMs: typeof input.duration_ms === 'number' ? input.duration_ms : undefined,
    trace: traceOf(input),
  });
  const summary = `${input.hook_event_name} ${input.tool_name}: ${result.reason}`;
  if (!result.todoUpdated) return { summary, hookResult: result };
  return { summary, hookResult: result, answer: toAnswer(input.hook_event_name, describeForAgent(result)) };
}

/** Acts on one valid hook input: records what it means and says what to answer. */
export async function handleHookInput(input: HookInput, handlers: HookHandlers): Promise<HookOutcome> {
  if (isToolHookInput(input)) return handleToolCall(handlers, input);
  if (!handlers.actionItems) return { summary: `${input.hook_event_name}: action-item tracking is off` };
  switch (input.hook_event_name) {
    case 'SessionStart':
      return recordSession(handlers, input, 'session_started');
    case 'Stop':
    case 'SessionEnd':
      return recordSession(handlers, input, 'session_stopped');
    case 'TaskCreated':
    case 'TaskCompleted': {
      const task = input as TaskHookInput;
      return syncItems(handlers, input, (items) =>
        applyTaskEvent(items, task.hook_event_name, task.task_id, task.task_subject, task.task_description),
      );
    }
  }
}
