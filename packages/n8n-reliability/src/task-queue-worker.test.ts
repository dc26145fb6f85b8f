import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tier1Error } from '@tier1/core';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisPrefix, sleep, UNREACHABLE_REDIS_URL } from '../test/router-fixtures';
import {
  loadTaskHandlers,
  RedisUnreachableError,
  requireHandlers,
  runTaskQueueWorker,
  TaskQueueWorker,
} from './task-queue-worker';

const directory = mkdtempSync(join(tmpdir(), 'tier1-handlers-'));
const { prefix, cleanup } = redisPrefix();
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await cleanup();
});

function moduleFile(name: string, source: string): string {
  writeFileSync(join(directory, name), source);
  return `./${name}`;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('loadTaskHandlers', () => {
  it('loads named exports, resolving the path against cwd', async () => {
    const path = moduleFile(
      'named.mjs',
      'export const process_video = async (params) => params;\nexport async function index_kb() { return 1 }\n',
    );
    const handlers = await loadTaskHandlers(path, directory);
    expect(Object.keys(handlers).sort()).toEqual(['index_kb', 'process_video']);
    expect(await handlers.process_video?.({ a: 1 }, undefined as never)).toEqual({ a: 1 });
  });

  it('loads a default export object', async () => {
    const handlers = await loadTaskHandlers(
      moduleFile('default.mjs', 'export default { capture_idea: () => "ok" };\n'),
      directory,
    );
    expect(Object.keys(handlers)).toEqual(['capture_idea']);
  });

  it('names a missing module, a non-function export and an empty module as configuration errors', async () => {
    const missing = await errorOf(loadTaskHandlers('./nope.mjs', directory));
    expect(missing).toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/TIER1_WORKER_HANDLERS: .*nope\.mjs does not exist/),
    });
    const notFunction = await errorOf(
      loadTaskHandlers(moduleFile('bad.mjs', 'export const process_video = 42;\n'), directory),
    );
    expect(notFunction).toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/"process_video", which is not a function/),
    });
    const empty = await errorOf(loadTaskHandlers(moduleFile('empty.mjs', 'export {};\n'), directory));
    expect(empty).toMatchObject({ message: expect.stringMatching(/exports no task handlers/) });
    const broken = await errorOf(loadTaskHandlers(moduleFile('broken.mjs', 'export const = ;\n'), directory));
    expect(broken).toMatchObject({ message: expect.stringMatching(/could not be imported/) });
  });
});

describe('requireHandlers', () => {
  it('lists every mapped task without a handler', () => {
    const error = (() => {
      try {
        requireHandlers({ process_video: () => 1 }, ['process_video', 'index_kb', 'generate_draft']);
      } catch (caught) {
        return caught;
      }
    })();
    expect(Tier1Error.isInstance(error) && error.message).toMatch(
      /no handler for "index_kb", "generate_draft"/,
    );
  });
});

describe('TaskQueueWorker', () => {
  it('refuses a concurrency below one', () => {
    expect(
      () => new TaskQueueWorker({ redisUrl: REDIS_URL, handlers: { a: () => 1 }, concurrency: 0 }),
    ).toThrow(/TIER1_WORKER_CONCURRENCY/);
  });

  it('runs up to `concurrency` jobs at the same time', async () => {
    let running = 0;
    let most = 0;
    const worker = new TaskQueueWorker({
      redisUrl: REDIS_URL,
      prefix,
      queueName: 'concurrency',
      concurrency: 2,
      handlers: {
        work: async () => {
          running += 1;
          most = Math.max(most, running);
          await sleep(150);
          running -= 1;
        },
      },
    });
    await worker.start();
    const queue = new Queue('concurrency', { connection: { url: REDIS_URL }, prefix });
    const jobs = await queue.addBulk([1, 2, 3, 4, 5].map((n) => ({ name: 'work', data: { n } })));
    while ((await Promise.all(jobs.map((job) => job.getState()))).some((state) => state !== 'completed'))
      await sleep(50);
    expect(most).toBe(2);
    await queue.close();
    await worker.close(5_000);
  });

  it('starts no job once a stop began: one it was handed meanwhile goes back to the queue', async () => {
    const started: string[] = [];
    let stopping: Promise<{ forced: boolean }> | undefined;
    const worker = new TaskQueueWorker({
      redisUrl: REDIS_URL,
      prefix,
      queueName: 'stop-race',
      concurrency: 2,
      handlers: {
        work: async (params) => {
          started.push(params.id as string);
          // The first job stops the worker while the second is being handed to it.
          stopping ??= worker.close(5_000);
          await sleep(200);
        },
      },
    });
    const queue = new Queue('stop-race', { connection: { url: REDIS_URL }, prefix });
    const [first, second] = await queue.addBulk(
      ['first', 'second'].map((id) => ({ name: 'work', data: { id } })),
    );
    await worker.start();
    while (!stopping) await sleep(10);
    expect(await stopping).toEqual({ forced: false });
    expect(started).toEqual(['first']);
    expect(await first?.getState()).toBe('completed');
    expect(await second?.getState()).toBe('waiting');
    await queue.obliterate({ force: true });
    await queue.close();
  });
});

describe('runTaskQueueWorker', () => {
  it('does not start when Redis is unreachable, and says so', async () => {
    const error = await errorOf(
      runTaskQueueWorker({ redisUrl: UNREACHABLE_REDIS_URL, handlers: { a: () => 1 }, port: 0, signals: [] }),
    );
    expect(error).toBeInstanceOf(RedisUnreachableError);
    expect(error).toMatchObject({
      code: 'REDIS_UNREACHABLE',
      message: expect.stringMatching(/127\.0\.0\.1:1 is not reachable \(.*ECONNREFUSED/),
    });
  });

  it('serves health and metrics, and a stop lets the running job finish first', async () => {
    const running = await runTaskQueueWorker({
      redisUrl: REDIS_URL,
      prefix,
      queueName: 'run',
      port: 0,
      signals: [],
      handlers: {
        slow: async () => {
          await sleep(400);
          return 'finished';
        },
      },
    });
    const ready = await fetch(`${running.server.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: { redis: { ok: boolean } } }).checks.redis.ok).toBe(true);

    const queue = new Queue('run', { connection: { url: REDIS_URL }, prefix });
    const job = await queue.add('slow', {});
    while ((await job.getState()) !== 'active') await sleep(20);
    const report = await running.stop('test');
    expect(report).toEqual({ reason: 'test', forced: false });
    expect(await job.getState()).toBe('completed');
    const metricsAfter = await running.metrics.render();
    expect(metricsAfter).toContain('tier1_worker_jobs_completed_total{task="slow"} 1');
    await queue.close();
  });
});
