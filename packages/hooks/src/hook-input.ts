/*
 * Claude Code's hook input: one JSON object on stdin.
 * Shapes from Anthropic's hooks reference, https://code.claude.com/docs/en/hooks
 * ("Hook input" / "PostToolUse input" / "PostToolUseFailure input" / "TaskCreated" / "TaskCompleted"),
 * summarised in docs/hook-runner.md, "Hook input".
 *
 * Validated by hand, not with a schema library: this runs on every tool call and a schema
 * library's import alone costs more than the whole hook may take.
 */
import { Tier1Error } from '@tier1/core';

/** The hook events the runner acts on; anything else is rejected as unknown. */
export const HANDLED_HOOK_EVENTS = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'SessionStart',
  'Stop',
  'SessionEnd',
  'TaskCreated',
  'TaskCompleted',
  'UserPromptSubmit',
] as const;
export type HandledHookEvent = (typeof HANDLED_HOOK_EVENTS)[number];

/** Fields every hook event carries. */
interface CommonHookInput {
  session_id: string;
  transcript_path?: string;
  cwd?: string;
  permission_mode?: string;
  /** Every other field, kept so that event-specific values (source, reason, ...) can be recorded. */
  [field: string]: unknown;
}

export interface ToolHookInput extends CommonHookInput {
  hook_event_name: 'PreToolUse' | 'PostToolUse' | 'PostToolUseFailure';
  tool_name: string;
  tool_input: Record<string, unknown>;
  tool_use_id?: string;
  /** PostToolUse only. Bash: {stdout, stderr, interrupted}; Write: {type, filePath, ...}; Edit: {filePath, ...}. */
  tool_response?: unknown;
  duration_ms?: number;
  /** PostToolUseFailure only, e.g. "Exit code 1\n...". */
  error?: string;
  is_interrupt?: boolean;
}

export interface TaskHookInput extends CommonHookInput {
  hook_event_name: 'TaskCreated' | 'TaskCompleted';
  task_id: string;
  task_subject?: string;
  task_description?: string;
}

export interface SessionHookInput extends CommonHookInput {
  hook_event_name: 'SessionStart' | 'Stop' | 'SessionEnd' | 'UserPromptSubmit';
}

export type HookInput = ToolHookInput | TaskHookInput | SessionHookInput;

/**
 * What ties an event to its place in the session, when Claude Code sends it: `prompt_id` (the
 * user prompt the call answers; every payload after SessionStart carries it) and `agent_id` /
 * `agent_type` (a subagent's calls). Recorded in every event's metadata, so a trail groups by prompt
 * and tells the main agent's calls from a subagent's.
 */
export function traceOf(input: HookInput): Record<string, string> {
  const trace: Record<string, string> = {};
  for (const field of ['prompt_id', 'agent_id', 'agent_type']) {
    if (typeof input[field] === 'string') trace[field] = input[field];
  }
  return trace;
}

const INVALID_HOOK_INPUT = 'INVALID_HOOK_INPUT';

/** The input could not be used; `message` is the one line shown on stderr. */
export class HookInputError extends Tier1Error {
  readonly hookEventName: string | undefined;
  readonly sessionId: string | undefined;

  constructor(problem: string, partial: { hookEventName?: string; sessionId?: string } = {}) {
    // One line, whatever the input held: the message goes to stderr as a single line.
    const line = problem.replace(/\s+/g, ' ').trim();
    super(INVALID_HOOK_INPUT, line.length > 300 ? `${line.slice(0, 299)}…` : line, {
      hint: 'the hook reads one JSON object from Claude Code on stdin; `tier1 hooks test` sends a valid one',
    });
    this.hookEventName = partial.hookEventName;
    this.sessionId = partial.sessionId;
  }

  static override isInstance(value: unknown): value is HookInputError {
    return Tier1Error.hasCode(value, INVALID_HOOK_INPUT);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isHandledEvent(name: string): name is HandledHookEvent {
  return (HANDLED_HOOK_EVENTS as readonly string[]).includes(name);
}

/** Parses stdin's text into a HookInput, or throws a HookInputError naming the first problem. */
export function parseHookInput(text: string): HookInput {
  if (text.trim() === '')
    throw new HookInputError('stdin was empty: expected one JSON object from Claude Code');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HookInputError(`stdin is not JSON (${(error as Error).message})`);
  }
  if (!isObject(value))
    throw new HookInputError('stdin is JSON but not an object: expected one hook input object');

  const eventName = value.hook_event_name;
  const sessionId =
    typeof value.session_id === 'string' && value.session_id !== '' ? value.session_id : undefined;
  const partial = { hookEventName: typeof eventName === 'string' ? eventName : undefined, sessionId };
  const fail = (problem: string): never => {
    throw new HookInputError(problem, partial);
  };

  if (typeof eventName !== 'string' || eventName === '') fail('hook_event_name is missing or not a string');
  if (!isHandledEvent(eventName as string)) {
    fail(`unknown hook event "${eventName}": tier1-hook handles ${HANDLED_HOOK_EVENTS.join(', ')}`);
  }
  if (sessionId === undefined) fail('session_id is missing or not a non-empty string');

  switch (eventName as HandledHookEvent) {
    case 'PreToolUse':
    case 'PostToolUse':
    case 'PostToolUseFailure':
      if (typeof value.tool_name !== 'string' || value.tool_name === '')
        fail(`${eventName}: tool_name is missing or not a string`);
      if (!isObject(value.tool_input)) fail(`${eventName}: tool_input is missing or not an object`);
      // A TodoWrite without a list would change nothing and leave no trace: it is a bad input.
      if (
        value.tool_name === 'TodoWrite' &&
        !Array.isArray((value.tool_input as Record<string, unknown>).todos)
      )
        fail(`${eventName}: TodoWrite tool_input.todos is missing or not a list`);
      if (value.tool_use_id !== undefined && typeof value.tool_use_id !== 'string')
        fail(`${eventName}: tool_use_id is not a string`);
      if (
        eventName === 'PostToolUseFailure' &&
        value.error !== undefined &&
        typeof value.error !== 'string'
      ) {
        fail('PostToolUseFailure: error is not a string');
      }
      break;
    case 'TaskCreated':
    case 'TaskCompleted':
      if (typeof value.task_id !== 'string' && typeof value.task_id !== 'number')
        fail(`${eventName}: task_id is missing`);
      value.task_id = String(value.task_id);
      break;
    default:
      break;
  }
  return value as unknown as HookInput;
}

export function isToolHookInput(input: HookInput): input is ToolHookInput {
  return (
    input.hook_event_name === 'PreToolUse' ||
    input.hook_event_name === 'PostToolUse' ||
    input.hook_event_name === 'PostToolUseFailure'
  );
}
