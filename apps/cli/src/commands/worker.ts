import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { ConfigError, findServer, type Tier1Config } from '@tier1/core';
import type { AutomationHub } from '@tier1/events';
import {
  DEFAULT_QUEUE_NAME,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_WORKER_CONCURRENCY,
  DEFAULT_WORKER_HOST,
  DEFAULT_WORKER_PORT,
  describeRedisUrl,
  loadN8nConfig,
  loadTaskHandlers,
  N8N_CONFIG_FILE,
  type N8nReliabilityConfig,
  type ReadinessCheck,
  RecoveryMetrics,
  requireHandlers,
  runTaskQueueWorker,
  sharedCircuitSnapshots,
} from '@tier1/n8n-reliability';
import { openStore } from '@tier1/server';
import type { Command, CommandContext } from '../command';
import { FLAG, parseCommandArgs, VALUE } from '../command-args';
import { readIntegerSetting, readTextSetting } from '../option-or-variable';
import { writeJson, writeLine } from '../write-output';

const usage = `Usage: tier1 worker [options]

Runs the BullMQ worker that does the queue tier's fallback tasks: each job's name is a task, run
by the function of that name in the handlers module. Serves /health/live, /health/ready and
/metrics. On SIGTERM or SIGINT it stops taking jobs, lets the running ones finish (within the
shutdown timeout) and exits 0.

Options (each also an environment variable):
  --handlers <module>       TIER1_WORKER_HANDLERS      module exporting { task_name: async (params, job) => result }
  --concurrency <n>         TIER1_WORKER_CONCURRENCY   jobs at the same time (default ${DEFAULT_WORKER_CONCURRENCY})
  --port <port>             TIER1_WORKER_PORT          health and metrics port (default ${DEFAULT_WORKER_PORT}; 0 picks one)
  --host <address>          TIER1_WORKER_HOST          address to listen on (default ${DEFAULT_WORKER_HOST})
  --shutdown-timeout <ms>   TIER1_WORKER_SHUTDOWN_TIMEOUT_MS  (default ${DEFAULT_SHUTDOWN_TIMEOUT_MS})
  --json                    print the start and stop lines as JSON
Also read: REDIS_URL (required), and the n8n layer's file (TIER1_N8N_CONFIG or tier1.n8n.json):
its "queueName" (default ${DEFAULT_QUEUE_NAME}) and "queuePrefix" (default ${DEFAULT_QUEUE_PREFIX}),
the same the router uses, its workflows: every mapped task needs a handler, and its
"workerHandlers", the handlers module when neither --handlers nor TIER1_WORKER_HANDLERS names one
(a path there is relative to the file).

Exit codes: 0 stopped by a signal, 1 Redis unreachable, 2 usage or configuration error.`;

/**
 * The event store's readiness: PostgreSQL, or the embedded store through a running `tier1 serve`,
 * answers a query. The embedded store itself is not opened by a long-lived worker, because that
 * would hold its lock against every other process, so without a server the check is that Tier 1's
 * home (the database and the spool) is writable.
 */
async function eventStoreCheck(
  config: Tier1Config,
): Promise<{ check: ReadinessCheck; close: () => Promise<void> }> {
  if (!config.databaseUrl && !findServer(config.home)) {
    await mkdir(config.home, { recursive: true });
    return { check: () => access(config.home, constants.W_OK), close: async () => {} };
  }
  let hub: Promise<AutomationHub> | undefined;
  return {
    check: async () => {
      hub ??= openStore(config, { purpose: 'tier1 worker readiness check' }).catch((error: unknown) => {
        hub = undefined;
        throw error;
      });
      await (await hub).getEvents({ limit: 1 });
    },
    close: async () => {
      await (await hub?.catch(() => undefined))?.close();
    },
  };
}

interface WorkerSettings {
  redisUrl: string;
  handlersModule: string;
  handlersSource: string;
  concurrency: number;
  port: number;
  host: string;
  shutdownTimeoutMs: number;
  json: boolean;
}

const OPTIONS = {
  handlers: VALUE,
  concurrency: VALUE,
  port: VALUE,
  host: VALUE,
  'shutdown-timeout': VALUE,
  json: FLAG,
} as const;

/** Each option's environment variable, read when the option is not given: the one place each is read. */
const SETTINGS = {
  handlers: { option: 'handlers', variable: 'TIER1_WORKER_HANDLERS' },
  host: { option: 'host', variable: 'TIER1_WORKER_HOST' },
  concurrency: {
    option: 'concurrency',
    variable: 'TIER1_WORKER_CONCURRENCY',
    min: 1,
    max: 1000,
    fallback: DEFAULT_WORKER_CONCURRENCY,
    example: '4',
  },
  port: {
    option: 'port',
    variable: 'TIER1_WORKER_PORT',
    min: 0,
    max: 65535,
    fallback: DEFAULT_WORKER_PORT,
    example: String(DEFAULT_WORKER_PORT),
  },
  shutdownTimeout: {
    option: 'shutdown-timeout',
    variable: 'TIER1_WORKER_SHUTDOWN_TIMEOUT_MS',
    min: 0,
    max: 3_600_000,
    fallback: DEFAULT_SHUTDOWN_TIMEOUT_MS,
    example: '30000',
  },
} as const;

/** The handlers module: --handlers, TIER1_WORKER_HANDLERS, or the n8n layer's file; and where it was named. */
function handlersModuleOf(
  given: string | undefined,
  env: Record<string, string | undefined>,
  mapping: N8nReliabilityConfig,
): { module: string; source: string } {
  const named = readTextSetting(given, SETTINGS.handlers, env);
  if (named) return { module: named.value, source: named.from };
  if (mapping.workerHandlers)
    return { module: mapping.workerHandlers, source: `${N8N_CONFIG_FILE}: workerHandlers` };
  throw new ConfigError(
    'TIER1_WORKER_HANDLERS',
    `is not set, nor "workerHandlers" in ${N8N_CONFIG_FILE}: the worker needs the module with the task functions`,
    'TIER1_WORKER_HANDLERS=./handlers.mjs',
  );
}

/** Options, then environment variables, then tier1.n8n.json, then defaults; each mistake named. */
function readSettings(
  values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'],
  env: Record<string, string | undefined>,
  config: Tier1Config,
  mapping: N8nReliabilityConfig,
): WorkerSettings {
  if (!config.redisUrl)
    throw new ConfigError(
      'REDIS_URL',
      'is not set: the worker takes its jobs from Redis',
      'REDIS_URL=redis://127.0.0.1:6379',
    );
  const handlers = handlersModuleOf(values.handlers, env, mapping);
  return {
    redisUrl: config.redisUrl,
    handlersModule: handlers.module,
    handlersSource: handlers.source,
    concurrency: readIntegerSetting(values.concurrency, SETTINGS.concurrency, env),
    port: readIntegerSetting(values.port, SETTINGS.port, env),
    host: readTextSetting(values.host, SETTINGS.host, env)?.value ?? DEFAULT_WORKER_HOST,
    shutdownTimeoutMs: readIntegerSetting(values['shutdown-timeout'], SETTINGS.shutdownTimeout, env),
    json: values.json ?? false,
  };
}

/** The worker's metrics: prom-client's process metrics, its jobs, and the project's shared circuit breakers. */
function workerMetrics(mapping: N8nReliabilityConfig): RecoveryMetrics {
  const metrics = new RecoveryMetrics();
  metrics.observeCircuits(() => {
    const snapshots = Object.entries(sharedCircuitSnapshots(mapping) ?? {});
    return Object.fromEntries(snapshots.map(([tier, snapshot]) => [tier, snapshot.state]));
  });
  return metrics;
}

const worker: Command = {
  usage,
  async run(argv: string[], context: CommandContext): Promise<number> {
    const { values } = parseCommandArgs(argv, OPTIONS, false);
    const config = context.config();
    const mapping = loadN8nConfig({ config, cwd: context.projectDir, env: context.env });
    const settings = readSettings(values, context.env, config, mapping);
    const handlers = await loadTaskHandlers(
      settings.handlersModule,
      context.projectDir,
      settings.handlersSource,
    );
    requireHandlers(
      handlers,
      Object.values(mapping.workflows).map((workflow) => workflow.task),
      settings.handlersModule,
      settings.handlersSource,
    );
    const say = (line: string, json: Record<string, unknown>) =>
      settings.json ? writeJson(context.stdout, json) : writeLine(context.stdout, line);
    const eventStore = await eventStoreCheck(config);
    try {
      const running = await startWorker(settings, mapping, handlers, eventStore.check, say);
      const report = await running.stopped;
      say(
        `tier1 worker: stopped${report.forced ? ' (running jobs were left to stall: they exceeded the shutdown timeout)' : ''}`,
        { event: 'stopped', ...report },
      );
      return 0;
    } finally {
      await eventStore.close();
    }
  },
};

/** Starts the BullMQ worker with its health and metrics server, and says where. */
async function startWorker(
  settings: WorkerSettings,
  mapping: N8nReliabilityConfig,
  handlers: Awaited<ReturnType<typeof loadTaskHandlers>>,
  eventStoreReady: ReadinessCheck,
  say: (line: string, json: Record<string, unknown>) => void,
): Promise<Awaited<ReturnType<typeof runTaskQueueWorker>>> {
  const { queueName, queuePrefix: prefix } = mapping;
  const { concurrency, shutdownTimeoutMs } = settings;
  const running = await runTaskQueueWorker({
    redisUrl: settings.redisUrl,
    queueName,
    prefix,
    handlers,
    concurrency,
    port: settings.port,
    host: settings.host,
    shutdownTimeoutMs,
    metrics: workerMetrics(mapping),
    readinessChecks: { event_store: eventStoreReady },
    onStopping: (reason) =>
      say(
        `tier1 worker: ${reason}: no new jobs; waiting up to ${shutdownTimeoutMs} ms for the running ones`,
        { event: 'stopping', reason },
      ),
  });
  const tasks = Object.keys(handlers);
  say(
    `tier1 worker: taking ${tasks.join(', ')} jobs from queue ${queueName} on ${describeRedisUrl(settings.redisUrl)} (concurrency ${concurrency}); health and metrics on ${running.server.url}`,
    { event: 'ready', url: running.server.url, queue: queueName, prefix, tasks, concurrency },
  );
  return running;
}

export default worker;
