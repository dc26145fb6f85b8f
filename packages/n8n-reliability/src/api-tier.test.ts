import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiTier } from './api-tier';

const servers: Server[] = [];

async function startServer(
  handler: (request: IncomingMessage, body: string, response: ServerResponse) => void,
): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => handler(request, body, response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const task = {
  taskName: 'process_video',
  params: { video: 'a.mp4' },
  idempotencyKey: 'process_video.exec-1',
};

describe('ApiTier', () => {
  it('posts the params as JSON with the Idempotency-Key header and succeeds on 2xx', async () => {
    const seen: { url?: string; key?: string; body?: string } = {};
    const apiUrl = await startServer((request, body, response) => {
      Object.assign(seen, { url: request.url, key: request.headers['idempotency-key'], body });
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
    });
    const result = await new ApiTier({ apiUrl: `${apiUrl}/` }).execute(task, 2_000);
    expect(result).toEqual({ outcome: 'succeeded', errorMessage: null, output: { queued: true } });
    expect(seen).toEqual({
      url: '/tasks/process_video',
      key: '"process_video.exec-1"',
      body: '{"video":"a.mp4"}',
    });
  });

  it('reports a non-2xx answer as failed with the status', async () => {
    const apiUrl = await startServer((_request, _body, response) => response.writeHead(500).end('boom'));
    const result = await new ApiTier({ apiUrl }).execute(task, 2_000);
    expect(result.outcome).toBe('failed');
    expect(result.errorMessage).toMatch(/answered 500/);
    expect(result.output).toBe('boom');
  });

  it('reports 409 as still running, so no other tier runs the task', async () => {
    const apiUrl = await startServer((_request, _body, response) => response.writeHead(409).end());
    expect((await new ApiTier({ apiUrl }).execute(task, 2_000)).outcome).toBe('still_running');
  });

  it('reports no answer within the timeout as indeterminate: the service may be running it', async () => {
    const apiUrl = await startServer(() => {
      // never answers
    });
    const result = await new ApiTier({ apiUrl }).execute(task, 100);
    expect(result).toMatchObject({
      outcome: 'indeterminate',
      errorMessage: expect.stringMatching(/no answer within 100 ms/),
    });
  });

  it('reports a refused connection as failed: the request never arrived', async () => {
    const apiUrl = await startServer(() => {});
    const server = servers.pop() as Server;
    await new Promise((resolve) => server.close(resolve));
    const result = await new ApiTier({ apiUrl }).execute(task, 2_000);
    expect(result).toMatchObject({ outcome: 'failed', errorMessage: expect.stringMatching(/ECONNREFUSED/) });
  });
});
