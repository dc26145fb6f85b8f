import { afterEach, describe, expect, it } from 'vitest';
import { RecoveryMetrics } from './metrics';
import { startWorkerServer, type WorkerServer } from './worker-server';

interface ReadyBody {
  status: string;
  checks: Record<string, { ok: boolean; responseTimeMs: number; error?: string }>;
}

const servers: WorkerServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: Partial<Parameters<typeof startWorkerServer>[0]> = {}) {
  const server = await startWorkerServer({
    port: 0,
    readinessChecks: {},
    metrics: new RecoveryMetrics(),
    ...options,
  });
  servers.push(server);
  return server;
}

describe('startWorkerServer', () => {
  it('answers /health/live', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'live' });
  });

  it('reports each readiness check with its response time, 200 when all pass', async () => {
    const server = await start({
      readinessChecks: { redis: async () => 'PONG', event_store: async () => undefined },
    });
    const response = await fetch(`${server.url}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ReadyBody;
    expect(body.status).toBe('ready');
    expect(body.checks.redis).toEqual({ ok: true, responseTimeMs: expect.any(Number) });
    expect(body.checks.event_store?.ok).toBe(true);
  });

  it('answers 503 naming the failed check and why', async () => {
    const server = await start({
      readinessChecks: {
        redis: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:1');
        },
        event_store: async () => undefined,
      },
    });
    const response = await fetch(`${server.url}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as ReadyBody;
    expect(body).toMatchObject({
      status: 'not_ready',
      checks: { redis: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:1' }, event_store: { ok: true } },
    });
  });

  it('bounds a check that never answers', async () => {
    const server = await start({
      readinessChecks: { redis: () => new Promise(() => {}) },
      checkTimeoutMs: 50,
    });
    const body = (await (await fetch(`${server.url}/health/ready`)).json()) as ReadyBody;
    expect(body.checks.redis).toMatchObject({ ok: false, error: 'no answer within 50 ms' });
  });

  it('answers 503 while the worker is stopping', async () => {
    const server = await start({ isStopping: () => true });
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(503);
  });

  it('serves the metrics in the Prometheus text format', async () => {
    const metrics = new RecoveryMetrics();
    metrics.jobCompleted('index_kb');
    const server = await start({ metrics });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toContain('tier1_worker_jobs_completed_total{task="index_kb"} 1');
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const server = await start();
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
