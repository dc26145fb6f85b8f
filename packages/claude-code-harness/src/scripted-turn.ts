/** One content block of a scripted assistant turn, as the Messages API returns it. */
export type ScriptedBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** One assistant reply: its blocks, in order. A turn with a `tool_use` block stops with `tool_use`. */
export interface ScriptedTurn {
  content: ScriptedBlock[];
}

/**
 * A turn, or a function that builds it from the request it answers (to read, say, the id a
 * tool returned one turn earlier).
 */
export type TurnScript = ScriptedTurn | ((request: ModelRequest) => ScriptedTurn);

/** A request body Claude Code sent to `POST /v1/messages`, as parsed JSON. */
export interface ModelRequest {
  model: string;
  system?: unknown;
  messages: Array<{ role: 'user' | 'assistant'; content: string | Array<Record<string, unknown>> }>;
  tools?: Array<{ name: string }>;
  stream?: boolean;
  [key: string]: unknown;
}

let toolUseCount = 0;

/** A turn of one text block: Claude Code ends the session when it is the last turn. */
export function text(reply: string): ScriptedTurn {
  return { content: [{ type: 'text', text: reply }] };
}

/** A turn calling one tool; several `toolUse(...).content` blocks together make a parallel batch. */
export function toolUse(name: string, input: Record<string, unknown>, id?: string): ScriptedTurn {
  toolUseCount += 1;
  return { content: [{ type: 'tool_use', id: id ?? `toolu_harness_${toolUseCount}`, name, input }] };
}

/** A turn of several blocks (say a text, then two tool calls run as one batch). */
export function turn(...parts: ScriptedTurn[]): ScriptedTurn {
  return { content: parts.flatMap((part) => part.content) };
}
