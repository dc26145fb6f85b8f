import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FallbackRouter, type FallbackRouterOptions } from '../src/fallback-router';
import { TaskQueueWorker } from '../src/task-queue-worker';
import {
  failedRun,
  REDIS_URL,
  redisPrefix,
  sleep,
  startTaskServer,
  TASK_MAPPING,
  type TaskServer,
  UNREACHABLE_REDIS_URL,
} from './router-fixtures';

const { prefix, cleanup } = redisPrefix();
const runsByKey = new Map<string, number>();
let worker: TaskQueueWorker;
let api: TaskServer;
const routers: FallbackRouter[] = [];

beforeAll(async () => {
  worker = new TaskQueueWorker({
    redisUrl: REDIS_URL,
    prefix,
    handlers: {
      process_video: async (params, job) => {
        runsByKey.set(job.id as string, (runsByKey.get(job.id as string) ?? 0) + 1);
        await sleep(Number(params.ms ?? 0));
        return { rendered: params.video };
      },
    },
  });
  await worker.start();
  api = await startTaskServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"via":"api"}'),
  );
});

afterEach(async () => {
  for (const router of routers.splice(0)) await router.close();
});

afterAll(async () => {
  await worker.close(5_000);
  await api.close();
  await cleanup();
});

function router(options: Partial<FallbackRouterOptions> = {}): FallbackRouter {
  const created = new FallbackRouter({
    taskMapping: TASK_MAPPING,
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    apiUrl: api.url,
    commandTemplate: null,
    ...options,
  });
  routers.push(created);
  return created;
}

describe('FallbackRouter across real tiers', () => {
  it('recovers through the queue tier first, and the API tier is not called', async () => {
    const before = api.requests.length;
    const result = await router().routeToFallback(failedRun({ inputParams: { video: 'a.mp4' } }));
    expect(result).toMatchObject({ routed: true, reason: 'recovered through queue_direct on attempt 1' });
    expect(result.executionResult).toMatchObject({
      tier: 'queue',
      output: { rendered: 'a.mp4' },
      deduplicated: false,
    });
    expect(runsByKey.get(result.idempotencyKey as string)).toBe(1);
    expect(api.requests.length).toBe(before);
  });

  it('never runs the same run twice: a second recovery reports the first one’s result', async () => {
    const run = failedRun({ executionId: `e${Date.now()}`, inputParams: { video: 'b.mp4' } });
    const first = await router().routeToFallback(run);
    const second = await router().routeToFallback(run);
    expect(second).toMatchObject({ routed: true, idempotencyKey: first.idempotencyKey });
    expect(second.executionResult).toMatchObject({ deduplicated: true, output: { rendered: 'b.mp4' } });
    expect(second.reason).toMatch(/not run again/);
    expect(runsByKey.get(first.idempotencyKey as string)).toBe(1);
  });

  it('waits for a queue job a worker is running past the queue timeout instead of running it on the API tier', async () => {
    const before = api.requests.length;
    const result = await router({ tierTimeoutsMs: { queue: 300 } }).routeToFallback(
      failedRun({ inputParams: { video: 'slow.mp4', ms: 900 } }),
    );
    expect(result.attempts.map((attempt) => attempt.tier)).toEqual(['queue']);
    expect(result.executionResult).toMatchObject({ success: true, output: { rendered: 'slow.mp4' } });
    expect(api.requests.length).toBe(before);
  });

  it('fails fast when Redis is unreachable: the queue attempt fails within its bound and the API tier runs', async () => {
    const result = await router({ redisUrl: UNREACHABLE_REDIS_URL }).routeToFallback(failedRun());
    expect(result.routed).toBe(true);
    const [queue, apiAttempt] = result.attempts;
    expect(queue).toMatchObject({
      tier: 'queue',
      outcome: 'failed',
      errorMessage: expect.stringMatching(/ECONNREFUSED.*no job was added/),
    });
    // The bound is the tier's 1 s timeout; ioredis' default of 20 retries per request would be far longer.
    expect(queue?.executionTimeSeconds).toBeLessThanOrEqual(1);
    expect(apiAttempt).toMatchObject({ tier: 'api', success: true, output: { via: 'api' } });
  });

  it('opens the queue circuit after repeated Redis failures, then skips the queue tier', async () => {
    const shared = router({
      redisUrl: UNREACHABLE_REDIS_URL,
      circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 },
    });
    await shared.routeToFallback(failedRun());
    await shared.routeToFallback(failedRun());
    const third = await shared.routeToFallback(failedRun());
    expect(third.attempts[0]).toMatchObject({ tier: 'queue', outcome: 'skipped' });
    expect(third.routed).toBe(true);
    expect(shared.circuitStates().queue).toBe('open');
  });
});
