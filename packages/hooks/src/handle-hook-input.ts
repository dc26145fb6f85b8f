import { sanitizeText } from '@tier1/events';
import type { N8nReliabilityHook } from '@tier1/n8n-reliability';
import type { ActionItem } from './action-item';
import type { ActionItemHook, HookResult } from './action-item-hook';
import { type ActionItemChange, applyTaskEvent, applyTaskTool, applyTodoWrite } from './action-item-sync';
import type { EventSink } from './event-sink';
import { checkClaimsAtStop, type Guardrails, gateToolCall, recordToolEvidence } from './guardrails';
import { describeForAgent, type HookAnswer, toAnswer } from './hook-answer';
import {
  type HookInput,
  isToolHookInput,
  type TaskHookInput,
  type ToolHookInput,
  traceOf,
} from './hook-input';
import { handleN8nCall } from './n8n-tool-call';
import { applyUserPrompt } from './prompt-item';
import { recordSession, syncItems } from './record-hook-events';
import type { SessionMirrorStore } from './session-mirror';
import { toolOutputOf } from './tool-output';

/*
 * The routing of one parsed hook input, without a process: what an input means (the steps live
 * beside this file: tool-output.ts reads a tool's result, hook-answer.ts words the answer,
 * record-hook-events.ts records, n8n-tool-call.ts hands n8n's tools over). runHook and a server
 * answering hooks over HTTP both call handleHookInput.
 */

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
  /** The deploy gate, the secret gate and the claim check (docs/guardrails.md); undefined: none. */
  guardrails?: Guardrails;
}

/** TodoWrite, TaskCreate and TaskUpdate change the list itself: how each applies to the mirror. */
function itemToolChange(input: ToolHookInput): ((items: ActionItem[]) => ActionItemChange[]) | undefined {
  if (input.hook_event_name !== 'PostToolUse') return undefined;
  const tool = input.tool_name.toLowerCase();
  if (tool === 'todowrite') return (items) => applyTodoWrite(items, input.tool_input.todos);
  if (tool === 'taskcreate' || tool === 'taskupdate')
    return (items) => applyTaskTool(items, tool, input.tool_input, input.tool_response);
  return undefined;
}

/** A tracked tool's result: the detector's verdict, and the answer when an item moved. */
async function judgeToolOutput(actionItems: ActionItemHook, input: ToolHookInput): Promise<HookOutcome> {
  const { output, command } = toolOutputOf(input);
  const result = await actionItems.handleToolOutput(input.tool_name, output, {
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

async function handleToolCall(handlers: HookHandlers, input: ToolHookInput): Promise<HookOutcome> {
  const gated = await gateToolCall(handlers, input);
  if (gated) return gated;
  const n8nOutcome = await handleN8nCall(handlers, input);
  if (n8nOutcome) return n8nOutcome;
  if (!handlers.actionItems)
    return { summary: `${input.hook_event_name} ${input.tool_name}: action-item tracking is off` };
  if (input.hook_event_name === 'PreToolUse')
    return { summary: `PreToolUse ${input.tool_name}: nothing to do` };
  const change = itemToolChange(input);
  if (change) return syncItems(handlers, input, change, input.tool_name);
  if (!handlers.actionItems.shouldProcessTool(input.tool_name))
    return { summary: `${input.hook_event_name} ${input.tool_name}: not a tracked tool` };
  const judged = await judgeToolOutput(handlers.actionItems, input);
  recordToolEvidence(handlers, input, judged.hookResult);
  return judged;
}

/** Acts on one valid hook input: records what it means and says what to answer. */
export async function handleHookInput(input: HookInput, handlers: HookHandlers): Promise<HookOutcome> {
  if (isToolHookInput(input)) return handleToolCall(handlers, input);
  if (!handlers.actionItems) return { summary: `${input.hook_event_name}: action-item tracking is off` };
  switch (input.hook_event_name) {
    case 'SessionStart':
      return recordSession(handlers, input, 'session_started');
    case 'Stop':
      return checkClaimsAtStop(
        handlers,
        input,
        await recordSession(handlers, input, 'session_stopped'),
        (apply) => syncItems(handlers, input, apply),
      );
    case 'SessionEnd':
      return recordSession(handlers, input, 'session_stopped');
    case 'UserPromptSubmit':
      return syncItems(handlers, input, (items) =>
        applyUserPrompt(
          items,
          input.prompt_id as string | undefined,
          sanitizeText(String(input.prompt ?? '')),
        ),
      );
    case 'TaskCreated':
    case 'TaskCompleted': {
      const task = input as TaskHookInput;
      return syncItems(handlers, input, (items) =>
        applyTaskEvent(items, task.hook_event_name, task.task_id, task.task_subject, task.task_description),
      );
    }
  }
}
