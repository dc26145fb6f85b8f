import { describe, expect, test } from 'vitest';
import { findToolResult, lastUserText } from './model-request.js';
import type { ModelRequest } from './scripted-turn.js';

const request: ModelRequest = {
  model: 'm',
  messages: [
    { role: 'user', content: 'first' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }] },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 't1',
          content: [{ type: 'text', text: 'denied' }],
          is_error: true,
        },
        { type: 'text', text: '<system-reminder>ctx</system-reminder>' },
      ],
    },
  ],
};

describe('reading a model request', () => {
  test('lastUserText joins the tool results and texts of the last user message', () => {
    expect(lastUserText(request)).toBe('denied\n<system-reminder>ctx</system-reminder>');
    expect(lastUserText({ model: 'm', messages: [{ role: 'user', content: 'plain' }] })).toBe('plain');
  });

  test('findToolResult finds the result of one call, or nothing', () => {
    expect(findToolResult(request, 't1')).toMatchObject({ is_error: true });
    expect(findToolResult(request, 't2')).toBeUndefined();
  });
});
