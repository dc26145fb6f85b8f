import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, Tier1Error } from '@tier1/core';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { RecoveryMetrics } from './metrics';
import { isModulePath } from './module-path';
import { DEFAULT_QUEUE_NAME, DEFAULT_QUEUE_PREFIX, describeRedisUrl } from './queue-tier';
import {
  DEFAULT_WORKER_PORT,
  type ReadinessCheck,
  startWorkerServer,
  type WorkerServer,
} from './worker-server';

/** Does one task's job: gets the params the failed n8n run had, returns what the run would have. */
export type TaskHandler = (params: Record<string, unknown>, job: Job) => unknown;
export type TaskHandlers = Readonly<Record<string, TaskHandler>>;

export const DEFAULT_WORKER_CONCURRENCY = 4;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;

export interface TaskQueueWorkerOptions {
  redisUrl: string;
  handlers: TaskHandlers;
  queueName?: string;
  prefix?: string;
  /** Jobs run at the same time (https://docs.bullmq.io/guide/workers/concurrency). Default 4. */
  concurrency?: number;
  metrics?: RecoveryMetrics;
}

/** Redis did not answer: the worker cannot start, the readiness check fails. */
export class RedisUnreachableError extends Tier1Error {
  constructor(redisUrl: string, cause: unknown) {
    super(
      'REDIS_UNREACHABLE',
      `Redis at ${describeRedisUrl(redisUrl)} is not reachable (${(cause as Error)?.message ?? cause})`,
      {
        hint: 'start Redis or point REDIS_URL at a running one, e.g. REDIS_URL=redis://127.0.0.1:6379',
        cause,
      },
    );
  }
}

/** Pings Redis once over a fresh connection, within `timeoutMs`; returns the round trip in ms. */
export async function pingRedis(redisUrl: string, timeoutMs = 2_000): Promise<number> {
  const startedAt = performance.now();
  const client = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  // connect() rejects with a bare "Connection is closed"; the error event says why (ECONNREFUSED, ...).
  let connectError: Error | undefined;
  client.on('error', (error) => {
    connectError ??= error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
    return performance.now() - startedAt;
  } catch (error) {
    throw new RedisUnreachableError(redisUrl, connectError ?? error);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

function handlersFrom(moduleExports: Record<string, unknown>, where: string): TaskHandlers {
  const source =
    moduleExports.default && typeof moduleExports.default === 'object'
      ? (moduleExports.default as Record<string, unknown>)
      : moduleExports;
  const handlers: Record<string, TaskHandler> = {};
  for (const [name, value] of Object.entries(source)) {
    if (name === 'default') continue;
    if (typeof value !== 'function') {
      throw new ConfigError(
        'TIER1_WORKER_HANDLERS',
        `${where} exports "${name}", which is not a function`,
        'export const process_video = async (params, job) => ({ ok: true })',
      );
    }
    handlers[name] = value as TaskHandler;
  }
  if (Object.keys(handlers).length === 0) {
    throw new ConfigError(
      'TIER1_WORKER_HANDLERS',
      `${where} exports no task handlers`,
      'export const process_video = async (params, job) => ({ ok: true })',
    );
  }
  return handlers;
}

/**
 * Imports the handlers module: `{ process_video: async (params, job) => result, ... }` as named
 * exports or as the default export. A path is resolved against `cwd`. `source` says where the
 * specifier came from, for the error that names it.
 */
export async function loadTaskHandlers(
  specifier: string,
  cwd = process.cwd(),
  source = 'TIER1_WORKER_HANDLERS',
): Promise<TaskHandlers> {
  const isPath = isModulePath(specifier);
  const path = isPath ? resolve(cwd, specifier) : specifier;
  if (isPath && !existsSync(path)) {
    throw new ConfigError(source, `${path} does not exist`, 'TIER1_WORKER_HANDLERS=./handlers.mjs');
  }
  let moduleExports: Record<string, unknown>;
  try {
    moduleExports = await import(isPath ? pathToFileURL(path).href : path);
  } catch (error) {
    throw new ConfigError(
      source,
      `${path} could not be imported (${(error as Error).message})`,
      'TIER1_WORKER_HANDLERS=./handlers.mjs',
    );
  }
  return handlersFrom(moduleExports, path);
}

/** Every task in `taskNames` must have a handler; the error lists the missing ones. */
export function requireHandlers(
  handlers: TaskHandlers,
  taskNames: Iterable<string>,
  where = 'the handlers module',
  source = 'TIER1_WORKER_HANDLERS',
): void {
  const missing = [...new Set(taskNames)].filter((task) => !Object.hasOwn(handlers, task));
  if (missing.length > 0) {
    throw new ConfigError(
      source,
      `${where} has no handler for ${missing.map((task) => `"${task}"`).join(', ')} (mapped in the n8n configuration)`,
      `export const ${missing[0]} = async (params, job) => { /* do the job */ }`,
    );
  }
}

/**
 * Runs the queue tier's jobs: a BullMQ Worker on the router's queue that calls the handler named
 * by each job's name with the job's params. Per process; run more processes for more throughput.
 */
export class TaskQueueWorker {
  readonly concurrency: number;
  readonly queueName: string;
  readonly #options: TaskQueueWorkerOptions;
  #worker: Worker | undefined;

  constructor(options: TaskQueueWorkerOptions) {
    this.#options = options;
    this.concurrency = options.concurrency ?? DEFAULT_WORKER_CONCURRENCY;
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new ConfigError(
        'TIER1_WORKER_CONCURRENCY',
        `${this.concurrency} is not a whole number >= 1`,
        'TIER1_WORKER_CONCURRENCY=4',
      );
    }
    if (Object.keys(options.handlers).length === 0) {
      throw new ConfigError(
        'TIER1_WORKER_HANDLERS',
        'no task handlers were given',
        'TIER1_WORKER_HANDLERS=./handlers.mjs',
      );
    }
  }

  #activeJobs = 0;
  /** Set when close() begins: from then on no job is started. */
  #closing = false;

  /** Jobs being run right now. */
  get activeJobs(): number {
    return this.#activeJobs;
  }

  /** Starts taking jobs; resolves when the worker's connection is ready. */
  async start(): Promise<void> {
    if (this.#worker) return;
    const { handlers, metrics } = this.#options;
    this.#worker = new Worker(
      this.queueName,
      async (job: Job, token?: string) => {
        // A fetch already under way when the stop began can still hand this worker a job: it
        // goes back to the queue for another worker (https://docs.bullmq.io/patterns/manual-retrying).
        if (this.#closing) {
          await job.moveToWait(token);
          throw new WaitingError();
        }
        const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name] : undefined;
        if (!handler)
          throw new UnrecoverableError(`no handler for task "${job.name}" in this worker's handlers module`);
        this.#activeJobs += 1;
        try {
          return await handler(job.data as Record<string, unknown>, job);
        } finally {
          this.#activeJobs -= 1;
        }
      },
      {
        connection: { url: this.#options.redisUrl },
        prefix: this.#options.prefix ?? DEFAULT_QUEUE_PREFIX,
        concurrency: this.concurrency,
      },
    );
    this.#worker.on('completed', (job) => metrics?.jobCompleted(job.name));
    this.#worker.on('failed', (job) => metrics?.jobFailed(job?.name ?? 'unknown'));
    // Connection errors are retried by BullMQ; they surface through the readiness check.
    this.#worker.on('error', () => {});
    await this.#worker.waitUntilReady();
  }

  /**
   * Stops taking jobs and waits for the running ones (https://docs.bullmq.io/guide/workers/graceful-shutdown);
   * after `timeoutMs` it closes by force, and the jobs still running become stalled jobs that
   * another worker picks up. Returns whether it had to force.
   */
  async close(timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS): Promise<{ forced: boolean }> {
    const worker = this.#worker;
    if (!worker) return { forced: false };
    this.#closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    // pause() stops fetching and waits for the running jobs; close() after it has nothing left to
    // wait for, or, once the bound has passed, is told to force (a second close() would only
    // return the first one's promise, so the wait must not be close() itself).
    const outcome = await Promise.race([worker.pause().then(() => 'drained' as const), timedOut]);
    clearTimeout(timer);
    const forced = outcome === 'timeout';
    await worker.close(forced);
    return { forced };
  }
}

export interface RunTaskQueueWorkerOptions extends TaskQueueWorkerOptions {
  /** The health and metrics port; 0 picks a free one. Default 9464. */
  port?: number;
  host?: string;
  /** How long running jobs get to finish after a stop signal. Default 30 s. */
  shutdownTimeoutMs?: number;
  /** Readiness checks besides Redis, e.g. `{ event_store }`. */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** Signals that stop the worker gracefully. Default SIGTERM and SIGINT; [] installs none. */
  signals?: readonly NodeJS.Signals[];
  /** Told when a stop begins (e.g. to log it). */
  onStopping?: (reason: string) => void;
}

export interface StopReport {
  reason: string;
  /** True when running jobs did not finish within the shutdown timeout and were left to stall. */
  forced: boolean;
}

export interface RunningTaskQueueWorker {
  worker: TaskQueueWorker;
  server: WorkerServer;
  metrics: RecoveryMetrics;
  /** Resolves once the worker has stopped, after a signal or stop(). */
  stopped: Promise<StopReport>;
  stop(reason?: string): Promise<StopReport>;
}

/**
 * The `tier1 worker` process: checks Redis (RedisUnreachableError if it does not answer), starts
 * the worker and the health/metrics server, and on SIGTERM or SIGINT stops taking jobs, lets the
 * running ones finish within `shutdownTimeoutMs`, and closes its connections and its server.
 */
export async function runTaskQueueWorker(
  options: RunTaskQueueWorkerOptions,
): Promise<RunningTaskQueueWorker> {
  await pingRedis(options.redisUrl);
  const metrics = options.metrics ?? new RecoveryMetrics();
  const worker = new TaskQueueWorker({ ...options, metrics });
  const health = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
  });
  health.on('error', () => {
    // Readiness reports it: the ping below rejects while Redis is down.
  });
  let stopping: Promise<StopReport> | undefined;
  let server: WorkerServer;
  try {
    await worker.start();
    server = await startWorkerServer({
      port: options.port ?? DEFAULT_WORKER_PORT,
      host: options.host,
      metrics,
      readinessChecks: { redis: () => health.ping(), ...options.readinessChecks },
      isStopping: () => stopping !== undefined,
    });
  } catch (error) {
    await worker.close(0);
    health.disconnect();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(
        'TIER1_WORKER_PORT',
        `port ${options.port ?? DEFAULT_WORKER_PORT} is already in use`,
        'TIER1_WORKER_PORT=9465',
      );
    }
    throw error;
  }

  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let resolveStopped: (report: StopReport) => void = () => {};
  const stopped = new Promise<StopReport>((resolve) => {
    resolveStopped = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => void stop(signal);
  const stop = (reason = 'stop requested'): Promise<StopReport> => {
    stopping ??= (async () => {
      for (const signal of signals) process.off(signal, onSignal);
      options.onStopping?.(reason);
      const { forced } = await worker.close(options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
      await server.close();
      health.disconnect();
      const report = { reason, forced };
      resolveStopped(report);
      return report;
    })();
    return stopping;
  };
  for (const signal of signals) process.on(signal, onSignal);
  return { worker, server, metrics, stopped, stop };
}
