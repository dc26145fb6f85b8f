import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModelRequest, ScriptedBlock, ScriptedTurn, TurnScript } from './scripted-turn.js';

/** A Messages API server on loopback that answers Claude Code's agent turns from a script. */
export interface ScriptedModel {
  /** `http://127.0.0.1:<port>`: the value for `ANTHROPIC_BASE_URL`. */
  readonly url: string;
  /** The agent-loop requests (those offering tools), in order: request N got scripted turn N. */
  readonly requests: ModelRequest[];
  /** Requests without tools (titles, summaries, quota probes): answered with a short text, never scripted. */
  readonly sideRequests: ModelRequest[];
  /** Agent-loop requests that came after the script ran out (answered "end of script"): a test's script was too short. */
  readonly unscripted: number;
  close(): Promise<void>;
}

const END_OF_SCRIPT = 'End of script.';

/**
 * Starts the server on 127.0.0.1 with a free port. Reply N to an agent-loop request is
 * `turns[N]`, streamed as the Messages API's server-sent events (message_start,
 * content_block_start/delta/stop per block, message_delta with the stop reason, message_stop).
 * Every request body is kept, so a test can assert what Claude Code sent after a tool ran:
 * the tool's result, a hook's `<system-reminder>`, a Stop hook's feedback.
 */
export async function startScriptedModel(turns: TurnScript[]): Promise<ScriptedModel> {
  const requests: ModelRequest[] = [];
  const sideRequests: ModelRequest[] = [];
  let unscripted = 0;
  let messageCount = 0;

  const answer = async (incoming: IncomingMessage, response: ServerResponse) => {
    const path = new URL(incoming.url ?? '/', 'http://127.0.0.1').pathname;
    if (incoming.method === 'HEAD' || incoming.method === 'GET') return void response.writeHead(200).end();
    if (incoming.method !== 'POST') return sendError(response, 405, `${incoming.method} is not served`);
    const body = await readJson(incoming);
    if (path === '/v1/messages/count_tokens') return sendJson(response, { input_tokens: 100 });
    if (path !== '/v1/messages')
      return sendError(response, 404, `${path} is not served by the scripted model`);
    const request = body as ModelRequest;
    let reply: ScriptedTurn;
    if (!Array.isArray(request.tools) || request.tools.length === 0) {
      sideRequests.push(request);
      reply = { content: [{ type: 'text', text: 'Scripted session' }] };
    } else {
      const script = turns[requests.length];
      requests.push(request);
      if (script === undefined) unscripted += 1;
      reply =
        script === undefined
          ? { content: [{ type: 'text', text: END_OF_SCRIPT }] }
          : resolveTurn(script, request);
    }
    messageCount += 1;
    const id = `msg_harness_${messageCount}`;
    if (request.stream) streamTurn(response, id, request.model, reply);
    else sendJson(response, messageOf(id, request.model, reply));
  };

  const server = createServer((incoming, response) => {
    answer(incoming, response).catch((error: unknown) => sendError(response, 500, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sideRequests,
    get unscripted() {
      return unscripted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function resolveTurn(script: TurnScript, request: ModelRequest): ScriptedTurn {
  return typeof script === 'function' ? script(request) : script;
}

function stopReason(turn: ScriptedTurn): 'tool_use' | 'end_turn' {
  return turn.content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

const usage = {
  input_tokens: 100,
  output_tokens: 20,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

function messageOf(id: string, model: string, turn: ScriptedTurn) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: turn.content,
    stop_reason: stopReason(turn),
    stop_sequence: null,
    usage,
  };
}

function streamTurn(response: ServerResponse, id: string, model: string, turn: ScriptedTurn): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: { type: string; [key: string]: unknown }) =>
    response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  send({
    type: 'message_start',
    message: {
      ...messageOf(id, model, { content: [] }),
      stop_reason: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  turn.content.forEach((block, index) => {
    send({ type: 'content_block_start', index, content_block: emptyBlock(block) });
    send({ type: 'content_block_delta', index, delta: deltaOf(block) });
    send({ type: 'content_block_stop', index });
  });
  send({
    type: 'message_delta',
    delta: { stop_reason: stopReason(turn), stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  send({ type: 'message_stop' });
  response.end();
}

function emptyBlock(block: ScriptedBlock) {
  return block.type === 'text'
    ? { type: 'text', text: '' }
    : { type: 'tool_use', id: block.id, name: block.name, input: {} };
}

function deltaOf(block: ScriptedBlock) {
  return block.type === 'text'
    ? { type: 'text_delta', text: block.text }
    : { type: 'input_json_delta', partial_json: JSON.stringify(block.input) };
}

async function readJson(incoming: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw === '' ? {} : JSON.parse(raw);
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, message: string): void {
  if (response.headersSent) return void response.end();
  response
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } }));
}
