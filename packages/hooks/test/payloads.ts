/*
 * Hook inputs as Claude Code sends them, shaped after the examples in Anthropic's hooks
 * reference, https://code.claude.com/docs/en/hooks ("PostToolUse input", "PostToolUseFailure
 * input", "SessionStart input", "Stop input", "SessionEnd input", "TaskCreated input",
 * "TaskCompleted input") and the tool shapes in docs/hook-runner.md, "Hook input".
 * Claude Code itself cannot run here: these stand in for it.
 */
const common = (sessionId: string) => ({
  session_id: sessionId,
  transcript_path: `/home/user/.claude/projects/demo/${sessionId}.jsonl`,
  cwd: '/home/user/demo',
  permission_mode: 'default',
});

export function bashPostToolUse(sessionId: string, command: string, stdout: string, stderr = '') {
  return {
    ...common(sessionId),
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_input: { command, description: 'Run a command', timeout: 120000 },
    tool_response: { stdout, stderr, interrupted: false, isImage: false },
    tool_use_id: 'toolu_01ABC123def456',
    duration_ms: 1532,
  };
}

export function bashFailure(sessionId: string, command: string, error: string) {
  return {
    ...common(sessionId),
    hook_event_name: 'PostToolUseFailure',
    tool_name: 'Bash',
    tool_input: { command, description: 'Run a command' },
    tool_use_id: 'toolu_01FAIL',
    error,
    is_interrupt: false,
  };
}

export function writePostToolUse(sessionId: string, filePath: string, type: 'create' | 'update' = 'create') {
  return {
    ...common(sessionId),
    hook_event_name: 'PostToolUse',
    tool_name: 'Write',
    tool_input: { file_path: filePath, content: 'export const x = 1;\n' },
    tool_response: { type, filePath, content: 'export const x = 1;\n', structuredPatch: [] },
    tool_use_id: 'toolu_01WRITE',
  };
}

export function editPostToolUse(sessionId: string, filePath: string) {
  return {
    ...common(sessionId),
    hook_event_name: 'PostToolUse',
    tool_name: 'Edit',
    tool_input: { file_path: filePath, old_string: 'a', new_string: 'b', replace_all: false },
    tool_response: {
      filePath,
      oldString: 'a',
      newString: 'b',
      structuredPatch: [],
      userModified: false,
      replaceAll: false,
    },
    tool_use_id: 'toolu_01EDIT',
  };
}

export function todoWrite(
  sessionId: string,
  todos: Array<{ content: string; status: string; activeForm: string }>,
) {
  return {
    ...common(sessionId),
    hook_event_name: 'PostToolUse',
    tool_name: 'TodoWrite',
    tool_input: { todos },
    tool_response: { oldTodos: [], newTodos: todos },
    tool_use_id: 'toolu_01TODO',
  };
}

export function taskEvent(
  sessionId: string,
  event: 'TaskCreated' | 'TaskCompleted',
  taskId: string,
  subject: string,
) {
  return {
    ...common(sessionId),
    hook_event_name: event,
    task_id: taskId,
    task_subject: subject,
    task_description: `${subject}, with tests`,
  };
}

export function sessionStart(sessionId: string) {
  return {
    ...common(sessionId),
    hook_event_name: 'SessionStart',
    source: 'startup',
    model: 'claude-sonnet-4-6',
  };
}

export function stop(sessionId: string) {
  return { ...common(sessionId), hook_event_name: 'Stop', stop_hook_active: false };
}
