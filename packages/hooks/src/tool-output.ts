import type { ToolHookInput } from './hook-input';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringField(value: unknown, field: string): string | undefined {
  return isObject(value) && typeof value[field] === 'string' ? (value[field] as string) : undefined;
}

/**
 * The text the detector reads for one tool call, and the command (or path) that says what it was.
 * Bash: `tool_response {stdout, stderr}`; Write: `{type: "create"|"update", filePath}`; Edit:
 * `{filePath}` (tool shapes: the hooks reference's "PostToolUse input", linked in docs/hook-runner.md). Write
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
