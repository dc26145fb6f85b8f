import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { TierAttemptResult, TierContext, TierExecutor, TierTask } from './execution-result';

export const DEFAULT_QUEUE_NAME = 'tier1-tasks';
export const DEFAULT_QUEUE_PREFIX = 'tier1';
/** How long finished jobs stay in Redis: the window in which the same key is not run again. */
export const DEFAULT_RETENTION_SECONDS = 24 * 60 * 60;

export interface QueueTierOptions {
  redisUrl: string;
  /** One BullMQ queue carries every task; the job name is the task name. */
  queueName?: string;
  /** BullMQ's key prefix (not ioredis keyPrefix, which BullMQ refuses). */
  prefix?: string;
  retentionSeconds?: number;
  /** Bound on one connection attempt to Redis. Default 1 s. */
  connectTimeoutMs?: number;
}

class BoundExceeded extends Error {}

/** The recovery's job in the queue; `joined`: it was already waiting or running, and is only waited for. */
interface PlacedJob {
  job: Job;
  events: QueueEvents;
  joined: boolean;
}

/** A promise with a bound: rejects with BoundExceeded after `ms`. The work itself is not cancelled. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BoundExceeded(`${what} took over ${Math.max(0, Math.round(ms))} ms`)),
      Math.max(0, ms),
    );
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** host:port of a Redis URL, without the password, for messages. */
export function describeRedisUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.hostname}:${url.port || 6379}${url.pathname.length > 1 ? url.pathname : ''}`;
  } catch {
    return 'the configured Redis';
  }
}

const WAITING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Tier 1: a BullMQ job on REDIS_URL whose jobId is the recovery's idempotency key. BullMQ ignores
 * an add whose jobId already exists (docs/n8n-recovery.md, "Exactly once"), so one key runs
 * at most once while its job is kept (`retentionSeconds`); a job that already completed is
 * reported with its stored result, a failed one is retried, a waiting or running one is joined.
 *
 * Fails fast when Redis is down (docs/n8n-recovery.md, "Failing fast when Redis is down"): no offline queue,
 * one retry per request, a connect timeout, and a bound on every call; nothing is sent until the
 * connection is ready, so a "Redis down" failure never leaves a job behind to run later.
 *
 * At the tier's timeout the job's state decides: still waiting → removed (atomically; BullMQ
 * refuses to remove a job a worker holds the lock of) so the next tier may run the task; taken by
 * a worker → waited for until the overall deadline and reported `still_running` if it has not
 * finished, so no other tier runs it a second time.
 */
export class QueueTier implements TierExecutor {
  readonly queueName: string;
  readonly prefix: string;
  readonly #options: QueueTierOptions;
  readonly #where: string;
  #client: Redis | undefined;
  #queue: Queue | undefined;
  #events: QueueEvents | undefined;
  #lastError: Error | undefined;
  #connecting: Promise<void> | undefined;
  #setup: Promise<{ queue: Queue; events: QueueEvents }> | undefined;

  constructor(options: QueueTierOptions) {
    this.#options = options;
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
    this.#where = describeRedisUrl(options.redisUrl);
  }

  #connect(): Redis {
    if (!this.#client) {
      const connectTimeout = this.#options.connectTimeoutMs ?? 1_000;
      this.#client = new Redis(this.#options.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout,
        // Reconnect in the background; callers never wait for it (they fail at once while down).
        retryStrategy: (times) => Math.min(times * 200, 2_000),
      });
      this.#client.on('error', (error) => {
        this.#lastError = error;
      });
      this.#client.on('ready', () => {
        this.#lastError = undefined;
      });
    }
    return this.#client;
  }

  /** Resolves when the connection is ready; rejects at once when the latest attempt failed, or after `ms`. */
  async #whenReady(ms: number): Promise<void> {
    const client = this.#connect();
    if (client.status === 'ready') return;
    if (this.#lastError && client.status !== 'connecting') throw this.#lastError;
    // One wait per connection attempt, however many recoveries are waiting on it.
    this.#connecting ??= new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        client.off('ready', onReady);
        client.off('error', onError);
        this.#connecting = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => settle();
      const onError = (error: Error) => settle(error);
      client.on('ready', onReady);
      client.on('error', onError);
    });
    await within(this.#connecting, ms, `connecting to Redis at ${this.#where}`);
  }

  /** The queue and its event stream, made once and shared by every recovery (concurrent first calls included). */
  #queueAndEvents(ms: number): Promise<{ queue: Queue; events: QueueEvents }> {
    this.#setup ??= this.#createQueueAndEvents().catch((error: unknown) => {
      this.#setup = undefined;
      throw error;
    });
    return within(this.#setup, ms, 'opening the queue');
  }

  async #createQueueAndEvents(): Promise<{ queue: Queue; events: QueueEvents }> {
    const connection = this.#connect();
    // A new QueueEvents reads from "$" once its first XREAD runs, so an event written before
    // that is missed and a job finishing in that gap would only be seen at the timeout. Start
    // from Redis's own clock instead: every event from now on is delivered.
    const [seconds, micros] = await connection.time();
    const lastEventId = `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1}-0`;
    const queue = new Queue(this.queueName, { connection, prefix: this.prefix });
    // QueueEvents blocks on XREAD, so it needs a connection of its own (BullMQ makes it; it must
    // retry forever: https://docs.bullmq.io/guide/connections).
    const events = new QueueEvents(this.queueName, {
      connection: { url: this.#options.redisUrl },
      prefix: this.prefix,
      lastEventId,
    });
    const remember = (error: Error) => {
      this.#lastError = error;
    };
    queue.on('error', remember);
    events.on('error', remember);
    // Every waiting recovery listens on both (job.waitUntilFinished); hundreds at once are normal.
    queue.setMaxListeners(0);
    events.setMaxListeners(0);
    this.#queue = queue;
    this.#events = events;
    return { queue, events };
  }

  async execute(task: TierTask, timeoutMs: number, context: TierContext = {}): Promise<TierAttemptResult> {
    const tierEnd = Date.now() + timeoutMs;
    // Keep a slice of the tier's time to look at the job and remove it if no worker took it.
    const settleReserve = Math.min(200, timeoutMs / 4);
    const budget = () => tierEnd - settleReserve - Date.now();

    try {
      await this.#whenReady(budget());
    } catch (error) {
      return {
        outcome: 'failed',
        errorMessage: `Redis at ${this.#where} is not reachable (${(error as Error).message}); no job was added`,
      };
    }
    let placed: PlacedJob | TierAttemptResult;
    try {
      placed = await this.#placeJob(task, budget);
    } catch (error) {
      // The command may have reached Redis before the answer was lost.
      return {
        outcome: 'indeterminate',
        errorMessage: `queue ${this.queueName}: ${(error as Error).message}`,
      };
    }
    if (!('job' in placed)) return placed;

    const { job, events, joined } = placed;
    const result =
      (await this.#waitForJob(job, events, budget())) ??
      (await this.#settleUnfinished(job, events, tierEnd, Math.max(tierEnd, context.deadlineAt ?? tierEnd)));
    return joined && result.outcome === 'succeeded' ? { ...result, deduplicated: true } : result;
  }

  /**
   * The job of the task's idempotency key: added; or found waiting or running (joined), or
   * failed and retried; or, when it completed already, its result.
   */
  async #placeJob(task: TierTask, budget: () => number): Promise<PlacedJob | TierAttemptResult> {
    const { queue, events } = await this.#queueAndEvents(budget());
    const job = await within(Job.fromId(queue, task.idempotencyKey), budget(), 'looking up the job');
    if (!job) return { job: await this.#addJob(queue, task, budget()), events, joined: false };
    const state = await within(job.getState(), budget(), 'reading the job state');
    if (state === 'completed')
      return { outcome: 'succeeded', errorMessage: null, deduplicated: true, output: job.returnvalue };
    if (state !== 'failed') return { job, events, joined: true };
    try {
      await within(job.retry('failed'), budget(), 'retrying the failed job');
      return { job, events, joined: false };
    } catch (error) {
      if (error instanceof BoundExceeded) throw error;
      return { job, events, joined: true }; // another recovery retried it first
    }
  }

  #addJob(queue: Queue, task: TierTask, ms: number): Promise<Job> {
    const age = this.#options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
    return within(
      queue.add(task.taskName, task.params, {
        jobId: task.idempotencyKey,
        attempts: 1,
        removeOnComplete: { age },
        removeOnFail: { age },
      }),
      ms,
      'adding the job',
    );
  }

  /** The job's outcome if it finishes within `ms`; undefined if it has not. */
  async #waitForJob(job: Job, events: QueueEvents, ms: number): Promise<TierAttemptResult | undefined> {
    if (ms <= 0) return undefined;
    try {
      const output = await within(job.waitUntilFinished(events, ms), ms + 50, 'waiting for the job');
      return { outcome: 'succeeded', errorMessage: null, output };
    } catch {
      // A timeout and a failed job both land here; the job's state in Redis tells which.
      return undefined;
    }
  }

  async #settleUnfinished(
    job: Job,
    events: QueueEvents,
    tierEnd: number,
    holdUntil: number,
  ): Promise<TierAttemptResult> {
    const bound = Math.max(250, tierEnd - Date.now());
    try {
      const fresh = await within(
        Job.fromId(this.#queue as Queue, job.id as string),
        bound,
        'reading the job',
      );
      const state = fresh ? await within(fresh.getState(), bound, 'reading the job state') : 'unknown';
      if (state === 'completed')
        return { outcome: 'succeeded', errorMessage: null, output: fresh?.returnvalue };
      if (state === 'failed')
        return {
          outcome: 'failed',
          errorMessage: `job ${job.id} failed: ${fresh?.failedReason ?? 'no reason given'}`,
        };
      if (WAITING_STATES.has(state)) {
        try {
          await within(job.remove(), bound, 'removing the unstarted job');
          return {
            outcome: 'failed',
            errorMessage: `no worker took job ${job.id} in time; it was removed so it cannot run later`,
          };
        } catch (error) {
          if (error instanceof BoundExceeded) throw error;
          // A worker took the job between our look and the remove: it is active now.
        }
      } else if (state !== 'active') {
        return { outcome: 'indeterminate', errorMessage: `job ${job.id} is in state "${state}"` };
      }
      const late = await this.#waitForJob(job, events, holdUntil - Date.now());
      if (late) return late;
      const final = await within(
        job.getState(),
        Math.max(250, holdUntil - Date.now()),
        'reading the job state',
      );
      if (final === 'failed') {
        const failed = await Job.fromId(this.#queue as Queue, job.id as string);
        return {
          outcome: 'failed',
          errorMessage: `job ${job.id} failed: ${failed?.failedReason ?? 'no reason given'}`,
        };
      }
      return {
        outcome: 'still_running',
        errorMessage: `job ${job.id} is still running on a worker; it is not run again elsewhere`,
      };
    } catch (error) {
      return { outcome: 'indeterminate', errorMessage: `job ${job.id}: ${(error as Error).message}` };
    }
  }

  async close(): Promise<void> {
    const closing = [this.#events?.close(), this.#queue?.close()].map((done) =>
      within(Promise.resolve(done), 2_000, 'closing'),
    );
    await Promise.allSettled(closing);
    this.#client?.disconnect();
    this.#events = undefined;
    this.#queue = undefined;
    this.#setup = undefined;
    this.#client = undefined;
  }
}
