import { describe, expect, it } from 'vitest';
import { bashFailure, bashPostToolUse, editPostToolUse, writePostToolUse } from '../test/payloads';
import type { ToolHookInput } from './hook-input';
import { toolOutputOf } from './tool-output';

describe('toolOutputOf', () => {
  it('joins Bash stdout and stderr, with the command as context', () => {
    expect(toolOutputOf(bashPostToolUse('s', 'npm test', 'ok', 'warn') as ToolHookInput)).toEqual({
      output: 'ok\nwarn',
      command: 'npm test',
    });
  });

  it('says a Write created or updated a file, in Claude Code’s words', () => {
    expect(toolOutputOf(writePostToolUse('s', '/p/a.ts') as ToolHookInput).output).toBe(
      'File created successfully at: /p/a.ts',
    );
    expect(toolOutputOf(writePostToolUse('s', '/p/a.ts', 'update') as ToolHookInput).output).toBe(
      'The file /p/a.ts has been updated.',
    );
    expect(toolOutputOf(editPostToolUse('s', '/p/b.ts') as ToolHookInput)).toEqual({
      output: 'The file /p/b.ts has been updated.',
      command: '/p/b.ts',
    });
  });

  it('reads the error of a PostToolUseFailure', () => {
    expect(toolOutputOf(bashFailure('s', 'npm test', 'Exit code 1') as ToolHookInput)).toEqual({
      output: 'Exit code 1',
      command: 'npm test',
    });
  });
});
