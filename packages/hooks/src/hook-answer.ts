import type { HookResult } from './action-item-hook';

/** Claude Code caps additionalContext at 10,000 characters (the hooks reference's "JSON output", linked in docs/hook-runner.md). */
export const ADDITIONAL_CONTEXT_MAX_LENGTH = 10_000;

/** What the hook prints on stdout: one JSON object, or nothing (the hooks reference's "JSON output"). */
export interface HookAnswer {
  hookSpecificOutput?: {
    hookEventName: string;
    additionalContext?: string;
    /** PreToolUse: the guardrails' gates (docs/guardrails.md). */
    permissionDecision?: 'allow' | 'deny' | 'ask';
    permissionDecisionReason?: string;
  };
  /** Stop: `block` makes Claude go on, with `reason` as its next instruction. */
  decision?: 'block';
  reason?: string;
  /** Shown to the user. */
  systemMessage?: string;
}

/** The one JSON object printed on stdout; `additionalContext` cut to Claude Code's limit. */
export function toAnswer(hookEventName: string, additionalContext: string): HookAnswer {
  const text =
    additionalContext.length > ADDITIONAL_CONTEXT_MAX_LENGTH
      ? `${additionalContext.slice(0, ADDITIONAL_CONTEXT_MAX_LENGTH - 1)}…`
      : additionalContext;
  return { hookSpecificOutput: { hookEventName, additionalContext: text } };
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
