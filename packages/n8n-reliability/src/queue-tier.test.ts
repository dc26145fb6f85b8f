import { randomBytes } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, redisPrefix, sleep, UNREACHABLE_REDIS_URL } from '../test/router-fixtures';
import { QueueTier } from './queue-tier';
import { TaskQueueWorker } from './task-queue-worker';

const { prefix, cleanup } = redisPrefix();
const runs = new Map<string, number>();
const closers: (() => Promise<unknown>)[] = [];

function key(): string {
  return `task.k-${randomBytes(4).toString('hex')}`;
}

function count(job: { id?: string }): number {
  const next = (runs.get(job.id as string) ?? 0) + 1;
  runs.set(job.id as string, next);
  return next;
}

async function startWorker(queueName: string) {
  const worker = new TaskQueueWorker({
    redisUrl: REDIS_URL,
    prefix,
    queueName,
    concurrency: 4,
    handlers: {
      echo: async (params, job) => ({ echoed: params, run: count(job) }),
      failsOnce: async (_params, job) => {
        if (count(job) === 1) throw new Error('first run breaks');
        return 'second run works';
      },
      slow: async (params, job) => {
        count(job);
        await sleep(Number(params.ms));
        return 'slow done';
      },
    },
  });
  await worker.start();
  closers.push(() => worker.close(5_000));
  return worker;
}

async function queueHas(jobId: string): Promise<boolean> {
  const queue = new Queue(queueName, { connection: { url: REDIS_URL }, prefix });
  try {
    return (await Job.fromId(queue, jobId)) !== undefined;
  } finally {
    await queue.close();
  }
}

function tier(queueName: string, redisUrl = REDIS_URL) {
  const queueTier = new QueueTier({ redisUrl, prefix, queueName, retentionSeconds: 600 });
  closers.push(() => queueTier.close());
  return queueTier;
}

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(cleanup);

const queueName = 'q';

describe('QueueTier against the real Redis', () => {
  it('adds the job under the idempotency key and returns the worker’s result', async () => {
    await startWorker(queueName);
    const task = { taskName: 'echo', params: { a: 1 }, idempotencyKey: key() };
    const result = await tier(queueName).execute(task, 5_000);
    expect(result).toEqual({
      outcome: 'succeeded',
      errorMessage: null,
      output: { echoed: { a: 1 }, run: 1 },
    });
  });

  it('does not run a key again: the second call reports the stored result', async () => {
    await startWorker(queueName);
    const queueTier = tier(queueName);
    const task = { taskName: 'echo', params: { a: 2 }, idempotencyKey: key() };
    await queueTier.execute(task, 5_000);
    const again = await queueTier.execute(task, 5_000);
    expect(again).toEqual({
      outcome: 'succeeded',
      errorMessage: null,
      deduplicated: true,
      output: { echoed: { a: 2 }, run: 1 },
    });
    expect(runs.get(task.idempotencyKey)).toBe(1);
  });

  it('joins concurrent calls with the same key into one run', async () => {
    await startWorker(queueName);
    const task = { taskName: 'slow', params: { ms: 100 }, idempotencyKey: key() };
    const first = tier(queueName).execute(task, 5_000);
    while (!(await queueHas(task.idempotencyKey))) await sleep(5);
    const results = await Promise.all([first, tier(queueName).execute(task, 5_000)]);
    expect(results.map((result) => result.outcome)).toEqual(['succeeded', 'succeeded']);
    expect(results[1]?.deduplicated).toBe(true);
    expect(runs.get(task.idempotencyKey)).toBe(1);
  });

  it('serves many recoveries started at once on a fresh tier, each under its own key', async () => {
    await startWorker(queueName);
    const queueTier = tier(queueName);
    const tasks = Array.from({ length: 60 }, (_, n) => ({
      taskName: 'echo',
      params: { n },
      idempotencyKey: key(),
    }));
    const results = await Promise.all(tasks.map((task) => queueTier.execute(task, 20_000)));
    expect(results.filter((result) => result.outcome === 'succeeded')).toHaveLength(60);
    expect(tasks.every((task) => runs.get(task.idempotencyKey) === 1)).toBe(true);
  });

  it('reports a failed job as failed, and runs it again on the next recovery', async () => {
    await startWorker(queueName);
    const queueTier = tier(queueName);
    const task = { taskName: 'failsOnce', params: {}, idempotencyKey: key() };
    const first = await queueTier.execute(task, 5_000);
    expect(first).toMatchObject({
      outcome: 'failed',
      errorMessage: expect.stringMatching(/first run breaks/),
    });
    const second = await queueTier.execute(task, 5_000);
    expect(second).toMatchObject({ outcome: 'succeeded', output: 'second run works' });
    expect(runs.get(task.idempotencyKey)).toBe(2);
  });

  it('removes a job no worker took before the timeout, so it can never run later', async () => {
    const lonelyQueue = `lonely-${randomBytes(3).toString('hex')}`;
    const task = { taskName: 'echo', params: {}, idempotencyKey: key() };
    const result = await tier(lonelyQueue).execute(task, 500);
    expect(result).toMatchObject({
      outcome: 'failed',
      errorMessage: expect.stringMatching(/no worker took job .* removed/),
    });
    const queue = new Queue(lonelyQueue, { connection: { url: REDIS_URL }, prefix });
    expect(await Job.fromId(queue, task.idempotencyKey)).toBeUndefined();
    await queue.close();
  });

  it('keeps waiting for a job a worker already runs until the overall deadline', async () => {
    await startWorker(queueName);
    const task = { taskName: 'slow', params: { ms: 600 }, idempotencyKey: key() };
    const result = await tier(queueName).execute(task, 300, { deadlineAt: Date.now() + 5_000 });
    expect(result).toMatchObject({ outcome: 'succeeded', output: 'slow done' });
  });

  it('reports still_running when the job is running at the deadline, and does not remove it', async () => {
    await startWorker(queueName);
    const task = { taskName: 'slow', params: { ms: 1_500 }, idempotencyKey: key() };
    const result = await tier(queueName).execute(task, 300, { deadlineAt: Date.now() + 600 });
    expect(result).toMatchObject({ outcome: 'still_running' });
    const again = await tier(queueName).execute(task, 5_000);
    expect(again).toMatchObject({ outcome: 'succeeded', output: 'slow done' });
    expect(runs.get(task.idempotencyKey)).toBe(1);
  });

  it('fails fast, adding nothing, when Redis is unreachable', async () => {
    const result = await tier(queueName, UNREACHABLE_REDIS_URL).execute(
      { taskName: 'echo', params: {}, idempotencyKey: key() },
      1_000,
    );
    expect(result).toMatchObject({
      outcome: 'failed',
      errorMessage: expect.stringMatching(/127\.0\.0\.1:1 is not reachable .*ECONNREFUSED.*no job was added/),
    });
  });
});
