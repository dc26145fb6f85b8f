import { describe, expect, it } from 'vitest';
import { bashFailure, bashPostToolUse, taskEvent } from '../test/payloads';
import { HookInputError, parseHookInput } from './hook-input';

function problemOf(text: string): HookInputError {
  try {
    parseHookInput(text);
  } catch (error) {
    if (error instanceof HookInputError) return error;
    throw error;
  }
  throw new Error('expected a HookInputError');
}

describe('parseHookInput', () => {
  it('accepts a documented PostToolUse Bash input and keeps every field', () => {
    const input = parseHookInput(JSON.stringify(bashPostToolUse('s1', 'git status', 'clean')));
    expect(input.hook_event_name).toBe('PostToolUse');
    expect(input.session_id).toBe('s1');
    expect(input.tool_response).toEqual({ stdout: 'clean', stderr: '', interrupted: false, isImage: false });
    expect(input.duration_ms).toBe(1532);
  });

  it('accepts a PostToolUseFailure input with its error', () => {
    const input = parseHookInput(JSON.stringify(bashFailure('s1', 'npm test', 'Exit code 1')));
    expect(input.error).toBe('Exit code 1');
  });

  it('turns a numeric task_id into a string', () => {
    const input = parseHookInput(
      JSON.stringify({ ...taskEvent('s1', 'TaskCreated', '7', 'Ship it'), task_id: 7 }),
    );
    expect(input.task_id).toBe('7');
  });

  it.each([
    ['', 'stdin was empty'],
    ['   \n', 'stdin was empty'],
    ['{"session_id": ', 'stdin is not JSON'],
    ['[1,2]', 'not an object'],
    ['{"session_id":"s"}', 'hook_event_name is missing'],
    ['{"session_id":"s","hook_event_name":"Elicitation"}', 'unknown hook event "Elicitation"'],
    ['{"hook_event_name":"Stop"}', 'session_id is missing'],
    ['{"session_id":"s","hook_event_name":"PostToolUse","tool_input":{}}', 'tool_name is missing'],
    [
      '{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":"ls"}',
      'tool_input is missing or not an object',
    ],
    ['{"session_id":"s","hook_event_name":"TaskCompleted"}', 'task_id is missing'],
    [
      '{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"TodoWrite","tool_input":{"todos":"done"}}',
      'TodoWrite tool_input.todos is missing or not a list',
    ],
  ])('rejects %j with a message naming the problem', (text, expected) => {
    expect(problemOf(text).message).toContain(expected);
  });

  it('keeps the event name and session of a rejected input for the record', () => {
    const error = problemOf('{"session_id":"s9","hook_event_name":"PostToolUse"}');
    expect(error.hookEventName).toBe('PostToolUse');
    expect(error.sessionId).toBe('s9');
  });
});
