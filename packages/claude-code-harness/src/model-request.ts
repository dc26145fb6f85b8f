import type { ModelRequest } from './scripted-turn.js';

type Block = Record<string, unknown>;

/** The blocks of the request's last user message (a plain string becomes one text block); none without a request. */
export function lastUserBlocks(request: ModelRequest | undefined): Block[] {
  const last = [...(request?.messages ?? [])].reverse().find((message) => message.role === 'user');
  if (!last) return [];
  return typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
}

/** Every text Claude Code put in the request's last user message, tool results' text included. */
export function lastUserText(request: ModelRequest | undefined): string {
  return lastUserBlocks(request)
    .flatMap((block) => {
      if (block.type === 'text') return [String(block.text)];
      if (block.type === 'tool_result') return [toolResultText(block)];
      return [];
    })
    .join('\n');
}

/** The `tool_result` block answering the call `toolUseId`, if the request carries it. */
export function findToolResult(request: ModelRequest | undefined, toolUseId: string): Block | undefined {
  for (const message of request?.messages ?? []) {
    if (typeof message.content === 'string') continue;
    const found = message.content.find(
      (block) => block.type === 'tool_result' && block.tool_use_id === toolUseId,
    );
    if (found) return found;
  }
  return undefined;
}

/** The text of a `tool_result` block, whether its content is a string or text blocks. */
export function toolResultText(block: Block): string {
  const content = block.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((part: Block) => (part.type === 'text' ? String(part.text) : '')).join('');
  return '';
}
