import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeWithFallback } from '../src/execute-with-fallback';
import { FailureType } from '../src/failure-type';
import { FallbackRouter } from '../src/fallback-router';
import { parseN8nConfig } from '../src/n8n-config';
import { FakeN8n } from './detection-fake-n8n';

interface TaskCall {
  path: string;
  idempotencyKey: string | undefined;
  body: unknown;
}

/** The API tier's task service: a real HTTP server on 127.0.0.1 that does the job (or fails on request). */
async function startTaskService(): Promise<{
  url: string;
  calls: TaskCall[];
  failWith: { status: number };
  server: Server;
}> {
  const calls: TaskCall[] = [];
  const failWith = { status: 0 };
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    calls.push({
      path: request.url ?? '',
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      body: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
    });
    response.writeHead(failWith.status || 200, { 'content-type': 'application/json' });
    response.end(failWith.status ? '{"error":"task service broken"}' : '{"done":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, failWith, server };
}

// n8n cannot run here: its webhooks and executions API are a fake n8n, a real HTTP server on 127.0.0.1.
// The recovery is the real FallbackRouter: the API tier against a real task service, the command
// tier running a real node script; the queue tier is off (no REDIS_URL in these tests).
describe('executeWithFallback recovering through the FallbackRouter (fake n8n on 127.0.0.1)', () => {
  let n8n: FakeN8n;
  let tasks: Awaited<ReturnType<typeof startTaskService>>;
  let scriptDir: string;
  let config: ReturnType<typeof parseN8nConfig>;
  let router: FallbackRouter;

  beforeAll(async () => {
    n8n = await FakeN8n.start();
    tasks = await startTaskService();
    scriptDir = mkdtempSync(join(tmpdir(), 'tier1-exec-'));
    writeFileSync(
      join(scriptDir, 'task.mjs'),
      'process.stdout.write(JSON.stringify({ ranBy: "command", task: process.argv[2], params: JSON.parse(process.env.TIER1_TASK_PARAMS ?? "{}") }));\n',
    );
    n8n.addWorkflow({ id: 'wf-video', name: 'video-assembly', webhookPath: 'video' });
    n8n.addWorkflow({ id: 'wf-draft', name: 'draft-generator' });
    config = parseN8nConfig(
      {
        apiUrl: tasks.url,
        commandTemplate: `${process.execPath} ${join(scriptDir, 'task.mjs')} {task}`,
        workflows: {
          'video-assembly': { task: 'process_video', webhookPath: 'video' },
          'draft-generator': 'generate_draft',
        },
      },
      { n8nUrl: n8n.url, n8nApiKey: n8n.apiKey },
    );
    router = FallbackRouter.fromConfig(config);
  });
  afterAll(async () => {
    await router.close();
    await n8n.stop();
    await new Promise((resolve) => tasks.server.close(resolve));
    rmSync(scriptDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    tasks.calls.length = 0;
    tasks.failWith.status = 0;
  });

  it('recovers a 504 through the API tier with the run’s params and one idempotency key', async () => {
    n8n.webhooks.set('video', { status: 504, body: 'Gateway Timeout' });
    const result = await executeWithFallback('video-assembly', { videoId: 42 }, { config, router });
    expect(result).toMatchObject({ ok: true, via: 'api_fallback', output: { done: true } });
    expect(result.monitorResult.failureType).toBe(FailureType.GATEWAY_TIMEOUT);
    expect(result.routingResult).toMatchObject({ routed: true, taskName: 'process_video' });
    expect(tasks.calls).toHaveLength(1);
    expect(tasks.calls[0]).toMatchObject({ path: '/tasks/process_video', body: { videoId: 42 } });
    expect(tasks.calls[0]?.idempotencyKey).toBe(`"${result.routingResult?.idempotencyKey}"`);
  });

  it('recovers the empty 200 of an errored run, keyed by its n8n execution id', async () => {
    n8n.webhooks.set('draft-generator', {
      status: 200,
      body: '',
      executionStatus: 'error',
      errorMessage: 'boom',
    });
    const result = await executeWithFallback('draft-generator', { topic: 'hooks' }, { config, router });
    expect(result.ok).toBe(true);
    expect(result.monitorResult.executionId).not.toBeNull();
    expect(result.routingResult?.idempotencyKey).toContain(`exec-${result.monitorResult.executionId}`);
  });

  it('falls through to the command tier when the task service fails', async () => {
    tasks.failWith.status = 500;
    n8n.webhooks.set('video', { status: 502, body: 'Bad Gateway' });
    const result = await executeWithFallback('video-assembly', { videoId: 43 }, { config, router });
    expect(result).toMatchObject({
      ok: true,
      via: 'command_fallback',
      output: { ranBy: 'command', task: 'process_video', params: { videoId: 43 } },
    });
    expect(result.routingResult?.attempts.map((attempt) => [attempt.attemptMethod, attempt.success])).toEqual(
      [
        ['api_fallback', false],
        ['command_fallback', true],
      ],
    );
  });

  it('does not touch the fallback tiers when n8n did the job', async () => {
    n8n.webhooks.set('video', { status: 200, body: '{"rendered":true}', executionStatus: 'success' });
    const result = await executeWithFallback('video-assembly', { videoId: 44 }, { config, router });
    expect(result).toMatchObject({ ok: true, via: 'n8n', output: { rendered: true } });
    expect(result.routingResult).toBeUndefined();
    expect(tasks.calls).toHaveLength(0);
  });

  it('builds (and closes) its own router from the configuration when none is given', async () => {
    n8n.webhooks.set('video', { status: 503, body: 'Service Unavailable' });
    const result = await executeWithFallback('video-assembly', { videoId: 45 }, { config });
    expect(result).toMatchObject({ ok: true, via: 'api_fallback' });
    expect(tasks.calls.map((call) => call.body)).toEqual([{ videoId: 45 }]);
  });
});
