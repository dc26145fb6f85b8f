import { afterEach, describe, expect, test } from 'vitest';
import { type ScriptedModel, startScriptedModel } from './scripted-model.js';
import { text, toolUse, turn } from './scripted-turn.js';

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

const agentRequest = (stream: boolean) => ({
  model: 'claude-test',
  stream,
  tools: [{ name: 'Bash' }],
  messages: [{ role: 'user', content: 'hi' }],
});

interface Reply {
  content: Array<{ type: string; text?: string }>;
  stop_reason: string;
}

async function post(url: string, body: unknown): Promise<Reply> {
  const response = await fetch(`${url}/v1/messages`, { method: 'POST', body: JSON.stringify(body) });
  return (await response.json()) as Reply;
}

async function postStream(url: string, body: unknown): Promise<string> {
  return (await fetch(`${url}/v1/messages`, { method: 'POST', body: JSON.stringify(body) })).text();
}

function events(sse: string) {
  return sse
    .trim()
    .split('\n\n')
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split('\n');
      const data = JSON.parse(dataLine?.slice('data: '.length) ?? '');
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });
}

describe('startScriptedModel', () => {
  test('streams turn N as the Messages API events, with the stop reason the blocks imply', async () => {
    model = await startScriptedModel([
      turn(text('Running it.'), toolUse('Bash', { command: 'ls' }, 'toolu_1')),
      text('Done.'),
    ]);
    const first = events(await postStream(model.url, agentRequest(true)));
    expect(first.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(first[0].message).toMatchObject({ role: 'assistant', model: 'claude-test', content: [] });
    expect(first[2].delta).toEqual({ type: 'text_delta', text: 'Running it.' });
    expect(first[4].content_block).toEqual({ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} });
    expect(JSON.parse(first[5].delta.partial_json)).toEqual({ command: 'ls' });
    expect(first[7].delta.stop_reason).toBe('tool_use');

    const second = await post(model.url, agentRequest(false));
    expect(second).toMatchObject({ content: [{ type: 'text', text: 'Done.' }], stop_reason: 'end_turn' });
    expect(model.requests).toHaveLength(2);
    expect(model.unscripted).toBe(0);
  });

  test('answers requests without tools apart, and counts agent requests past the script', async () => {
    model = await startScriptedModel([
      (request) => text(`you said ${JSON.stringify(request.messages[0]?.content)}`),
    ]);
    const side = await post(model.url, { model: 'm', messages: [{ role: 'user', content: 'title?' }] });
    expect(side.content[0]?.type).toBe('text');
    expect(model.sideRequests).toHaveLength(1);

    const scripted = await post(model.url, agentRequest(false));
    expect(scripted.content[0]?.text).toBe('you said "hi"');
    await post(model.url, agentRequest(false));
    expect(model.unscripted).toBe(1);
    expect(model.requests).toHaveLength(2);
  });

  test('answers HEAD / and refuses other paths with a Messages API error', async () => {
    model = await startScriptedModel([]);
    expect((await fetch(model.url, { method: 'HEAD' })).status).toBe(200);
    const other = await fetch(`${model.url}/v1/complete`, { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('/v1/complete');
    const broken = await fetch(`${model.url}/v1/messages`, { method: 'POST', body: '{not json' });
    expect(broken.status).toBe(500);
  });
});
