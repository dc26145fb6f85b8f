import type { HookHandlers, HookOutcome } from './handle-hook-input';
import { toAnswer } from './hook-answer';
import type { ToolHookInput } from './hook-input';

/** n8n's MCP execute tools (`mcp__n8n__execute_workflow`, ...): registered on PreToolUse, judged and recovered after. */
export async function handleN8nCall(
  handlers: HookHandlers,
  input: ToolHookInput,
): Promise<HookOutcome | undefined> {
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
