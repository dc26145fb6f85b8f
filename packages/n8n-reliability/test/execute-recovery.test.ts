import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { executeWithFallback } from '../src/execute-with-fallback';
import { FailureType } from '../src/failure-type';
import { FallbackRouter } from '../src/fallback-router';
import { parseN8nConfig } from '../src/n8n-config';

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

// The real n8n of the test run: t1-gateway answers 504 itself, t1-throws fails after an empty 200.
// The recovery is the real FallbackRouter: the API tier against a real task service, the command
// tier running a real node script; the queue tier is off (no REDIS_URL in these tests).
describe('executeWithFallback recovering through the FallbackRouter (real n8n)', () => {
  const n8n = inject('realN8n');
  let tasks: Awaited<ReturnType<typeof startTaskService>>;
  let scriptDir: string;
  let config: ReturnType<typeof parseN8nConfig>;
  let router: FallbackRouter;

  beforeAll(async () => {
    tasks = await startTaskService();
    scriptDir = mkdtempSync(join(tmpdir(), 'tier1-exec-'));
    writeFileSync(
      join(scriptDir, 'task.mjs'),
      'process.stdout.write(JSON.stringify({ ranBy: "command", task: process.argv[2], params: JSON.parse(process.env.TIER1_TASK_PARAMS ?? "{}") }));\n',
    );
    config = parseN8nConfig(
      {
        apiUrl: tasks.url,
        commandTemplate: `${process.execPath} ${join(scriptDir, 'task.mjs')} {task}`,
        workflows: {
          't1-gateway': 'process_video',
          't1-throws': 'generate_draft',
          't1-success': 'process_video',
        },
      },
      { n8nUrl: n8n.url, n8nApiKey: n8n.apiKey },
    );
    router = FallbackRouter.fromConfig(config);
  });
  afterAll(async () => {
    await router.close();
    await new Promise((resolve) => tasks.server.close(resolve));
    rmSync(scriptDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    tasks.calls.length = 0;
    tasks.failWith.status = 0;
  });

  it('recovers a workflow’s own 504 through the API tier with the run’s params and one idempotency key', async () => {
    const result = await executeWithFallback('t1-gateway', { videoId: 42 }, { config, router });
    expect(result).toMatchObject({ ok: true, via: 'api_fallback', output: { done: true } });
    expect(result.monitorResult.failureType).toBe(FailureType.GATEWAY_TIMEOUT);
    expect(result.routingResult).toMatchObject({ routed: true, taskName: 'process_video' });
    expect(tasks.calls).toHaveLength(1);
    expect(tasks.calls[0]).toMatchObject({ path: '/tasks/process_video', body: { videoId: 42 } });
    expect(tasks.calls[0]?.idempotencyKey).toBe(`"${result.routingResult?.idempotencyKey}"`);
  });

  it('recovers the run that failed after an empty 200, keyed by its n8n execution id', async () => {
    const result = await executeWithFallback('t1-throws', { topic: 'hooks' }, { config, router });
    expect(result.ok).toBe(true);
    expect(result.monitorResult.executionId).not.toBeNull();
    expect(result.routingResult?.idempotencyKey).toContain(`exec-${result.monitorResult.executionId}`);
  });

  it('falls through to the command tier when the task service fails', async () => {
    tasks.failWith.status = 500;
    const result = await executeWithFallback('t1-gateway', { videoId: 43 }, { config, router });
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
    const result = await executeWithFallback('t1-success', { videoId: 44 }, { config, router });
    expect(result).toMatchObject({ ok: true, via: 'n8n', output: { ok: true, done: 'by n8n' } });
    expect(result.routingResult).toBeUndefined();
    expect(tasks.calls).toHaveLength(0);
  });

  it('builds (and closes) its own router from the configuration when none is given', async () => {
    const result = await executeWithFallback('t1-gateway', { videoId: 45 }, { config });
    expect(result).toMatchObject({ ok: true, via: 'api_fallback' });
    expect(tasks.calls.map((call) => call.body)).toEqual([{ videoId: 45 }]);
  });
});
