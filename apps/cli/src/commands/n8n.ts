import { join } from 'node:path';
import { ConfigError, formatUserError, type Tier1Config, Tier1Error } from '@tier1/core';
import {
  type CircuitSnapshot,
  createMonitorFromConfig,
  ExecutionWatcher,
  executeWithFallback,
  FallbackRouter,
  loadN8nConfig,
  type MonitorResult,
  N8nApiClient,
  N8nMonitor,
  type N8nReliabilityConfig,
  sharedCircuitSnapshots,
  type WatchReport,
} from '@tier1/n8n-reliability';
import { createRecorder } from '@tier1/server';
import { type Command, type CommandContext, routeSubcommands, type Subcommand, UsageError } from '../command';
import { FLAG, parseCommandArgs, VALUE } from '../command-args';
import { writeJson, writeLine } from '../write-output';

const usage = `Usage: tier1 n8n <subcommand> [options]

Detects failed n8n workflow runs and recovers them through the fallback chain.
The workflow mapping lives in tier1.n8n.json (or the file TIER1_N8N_CONFIG names);
N8N_URL, N8N_API_KEY and REDIS_URL come from the environment or .env.

Subcommands:
  status                      the mapping, and whether n8n's API answers and knows each workflow
  watch [--once] [--interval 30s] [--no-recover]
                              poll n8n's executions API for failed runs of mapped workflows and
                              recover each once (cursor and ledger in <home>/n8n-watch.json)
  run <workflow> [--params <json>] [--no-recover]
                              call the workflow's webhook, detect, recover (executeWithFallback)
  test-detect --status <code> [--body <text>] [--duration <seconds>] [--workflow <name>]
                              classify an outcome without calling anything; prints the MonitorResult

Options:
  --json                      machine-readable output

Exit codes: 0 success (watch --once: no recovery failed; run: the job was done),
1 a recovery failed or the job was not done, 2 usage or configuration error.`;

function n8nConfigOf(context: CommandContext): { tier1: Tier1Config; n8n: N8nReliabilityConfig } {
  const tier1 = context.config();
  return { tier1, n8n: loadN8nConfig({ config: tier1, cwd: context.projectDir, env: context.env }) };
}

function requireApi(n8n: N8nReliabilityConfig): N8nApiClient {
  if (!n8n.n8nUrl) throw new ConfigError('N8N_URL', 'is not set', 'N8N_URL=http://localhost:5678');
  if (!n8n.n8nApiKey)
    throw new ConfigError(
      'N8N_API_KEY',
      'is not set (the executions API needs it)',
      'N8N_API_KEY=<the key from n8n Settings > n8n API>',
    );
  return new N8nApiClient({ baseUrl: n8n.n8nUrl, apiKey: n8n.n8nApiKey, timeoutMs: n8n.apiTimeoutMs });
}

/** "30s", "2m", "500ms" or a number of seconds. */
export function parseInterval(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--interval "${text}" is not a duration`, 'use e.g. 30s, 2m or 500ms');
  const value = Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm'];
  if (value < 1000) throw new UsageError(`--interval ${text} is under 1 s`, 'poll at most once a second');
  return value;
}

/** "queue closed, api open (3 failures, since 12:01:02), command closed", shared by the project's processes. */
function circuitLine(circuits: Partial<Record<string, CircuitSnapshot>>): string {
  const parts = Object.entries(circuits).map(([tier, snapshot]) =>
    snapshot && snapshot.state !== 'closed'
      ? `${tier} ${snapshot.state.replace('_', '-')} (${snapshot.consecutiveFailures} failures, opened ${new Date(snapshot.openedAt ?? 0).toISOString()})`
      : `${tier} closed`,
  );
  return parts.length ? parts.join(', ') : 'not shared (no Tier 1 home)';
}

function monitorLine(result: MonitorResult): string {
  const status = result.statusCode === null ? 'no HTTP status' : `HTTP ${result.statusCode}`;
  const head = result.failureDetected ? `FAILED ${result.failureType}` : 'OK';
  return `${head}  ${result.workflowName}  ${status}, ${result.durationSeconds.toFixed(1)} s: ${result.reason}`;
}

interface ApiCheck {
  reachable: boolean;
  problem?: string;
  workflows?: Map<string, { id: string; active: boolean }>;
}

/** Whether n8n's API answers with this key, and the workflows it knows by name. */
async function checkApi(n8n: N8nReliabilityConfig): Promise<ApiCheck> {
  if (!n8n.n8nUrl || !n8n.n8nApiKey)
    return { reachable: false, problem: 'N8N_URL or N8N_API_KEY is not set' };
  try {
    const known = await requireApi(n8n).listWorkflows();
    return {
      reachable: true,
      workflows: new Map(
        known.map((workflow) => [workflow.name, { id: workflow.id, active: workflow.active }]),
      ),
    };
  } catch (error) {
    return {
      reachable: false,
      problem: Tier1Error.isInstance(error) ? formatUserError(error) : (error as Error).message,
    };
  }
}

function workflowRows(n8n: N8nReliabilityConfig, api: ApiCheck) {
  return Object.values(n8n.workflows).map((mapping) => {
    const known = api.workflows?.get(mapping.name);
    return {
      workflow: mapping.name,
      task: mapping.task,
      webhook: n8n.webhookBaseUrl
        ? `${n8n.webhookBaseUrl}/${mapping.webhookPath}`
        : `(N8N_URL not set)/${mapping.webhookPath}`,
      tierTimeoutsMs: mapping.tierTimeoutsMs,
      inN8n: api.workflows ? (known ? (known.active ? 'active' : 'inactive') : 'missing') : 'unknown',
      workflowId: mapping.workflowId ?? known?.id ?? null,
    };
  });
}

function statusLines(
  n8n: N8nReliabilityConfig,
  api: ApiCheck,
  circuits: Partial<Record<string, CircuitSnapshot>>,
  rows: ReturnType<typeof workflowRows>,
): string[] {
  const { queue, api: apiMs, command } = n8n.tierTimeoutsMs;
  return [
    `n8n:      ${n8n.n8nUrl ?? '(N8N_URL not set)'}; API key ${n8n.n8nApiKey ? 'set' : 'not set'}`,
    `API:      ${api.reachable ? `reachable, ${api.workflows?.size} workflows` : `not checked or unreachable: ${api.problem}`}`,
    `Timeouts: execution ${n8n.executionTimeoutSeconds} s; tiers queue/api/command ${queue}/${apiMs}/${command} ms`,
    `Circuits: ${circuitLine(circuits)}`,
    rows.length
      ? 'Mapped workflows:'
      : 'No workflows are mapped: add them to tier1.n8n.json, e.g. {"workflows": {"video-assembly": "process_video"}}',
    ...rows.map(
      (row) =>
        `  ${row.workflow} -> ${row.task}  [${row.inN8n}]  ${row.webhook}  tiers ${row.tierTimeoutsMs.queue}/${row.tierTimeoutsMs.api}/${row.tierTimeoutsMs.command} ms`,
    ),
  ];
}

const status: Subcommand = async (argv, context) => {
  const { values } = parseCommandArgs(argv, { json: FLAG }, false);
  const { n8n } = n8nConfigOf(context);
  const api = await checkApi(n8n);
  const rows = workflowRows(n8n, api);
  const circuits = sharedCircuitSnapshots(n8n) ?? {};
  if (values.json) {
    writeJson(context.stdout, {
      n8nUrl: n8n.n8nUrl ?? null,
      apiKeySet: Boolean(n8n.n8nApiKey),
      api: { reachable: api.reachable, problem: api.problem ?? null },
      circuits,
      workflows: rows,
    });
  } else for (const line of statusLines(n8n, api, circuits, rows)) writeLine(context.stdout, line);
  return 0;
};

const testDetect: Subcommand = async (argv, context) => {
  const { values } = parseCommandArgs(
    argv,
    { status: VALUE, body: VALUE, duration: VALUE, workflow: VALUE, json: FLAG },
    false,
  );
  const statusCode = values.status === undefined || values.status === 'none' ? null : Number(values.status);
  if (statusCode !== null && !(Number.isInteger(statusCode) && statusCode >= 100 && statusCode <= 599))
    throw new UsageError(
      `--status "${values.status}" is not an HTTP status`,
      'use e.g. --status 504, or --status none',
    );
  const durationSeconds = values.duration === undefined ? 0 : Number(values.duration);
  if (!Number.isFinite(durationSeconds) || durationSeconds < 0)
    throw new UsageError(`--duration "${values.duration}" is not a number of seconds`);
  const { n8n } = n8nConfigOf(context);
  // A monitor without recorder or API: classify only, call nothing, record nothing.
  const monitor = new N8nMonitor({ config: n8n, executionTimeoutSeconds: n8n.executionTimeoutSeconds });
  const workflow = values.workflow ?? 'test-detect';
  const result = await monitor.reportResult(monitor.registerTask(workflow, workflow), {
    statusCode,
    response: values.body ?? '',
    durationSeconds,
  });
  if (values.json) writeJson(context.stdout, result);
  else writeLine(context.stdout, monitorLine(result));
  return 0;
};

const run: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, { params: VALUE, 'no-recover': FLAG, json: FLAG });
  const [workflow] = positionals;
  if (!workflow || positionals.length > 1) throw new UsageError('give exactly one workflow name');
  let params: Record<string, unknown> = {};
  if (values.params !== undefined) {
    try {
      params = JSON.parse(values.params) as Record<string, unknown>;
    } catch {
      throw new UsageError('--params is not JSON', `use e.g. --params '{"videoId": 42}'`);
    }
    if (params === null || typeof params !== 'object' || Array.isArray(params))
      throw new UsageError('--params must be a JSON object');
  }
  const { tier1, n8n } = n8nConfigOf(context);
  // Stores the events, or spools them when the store is unreachable (tier1 events drain moves them).
  const recorder = createRecorder(tier1, { purpose: 'tier1 n8n run' });
  try {
    const result = await executeWithFallback(workflow, params, {
      config: n8n,
      redisUrl: tier1.redisUrl,
      recorder,
      router: values['no-recover'] ? false : undefined,
    });
    if (values.json) writeJson(context.stdout, result);
    else {
      writeLine(context.stdout, monitorLine(result.monitorResult));
      writeLine(context.stdout, result.ok ? `done via ${result.via}` : `not done: ${result.reason}`);
    }
    return result.ok ? 0 : 1;
  } finally {
    await recorder.close();
  }
};

function reportLines(report: WatchReport): string[] {
  const lines = report.handled.map((run) => {
    const method = run.routingResult?.executionResult?.attemptMethod;
    return `${run.outcome.toUpperCase()}  execution ${run.executionId} of ${run.workflowName} (${run.status})${method && run.outcome === 'recovered' ? ` via ${method}` : ''}: ${run.detail}`;
  });
  for (const name of report.unknownWorkflows) lines.push(`WARNING  mapped workflow "${name}" is not in n8n`);
  lines.push(
    `checked ${report.seen} failed run(s), handled ${report.handled.length} new; cursor ${report.cursor.lastExecutionId ?? '(none)'}`,
  );
  return lines;
}

/** Polls until SIGINT or SIGTERM, printing each report and each error. */
async function watchUntilStopped(
  watcher: ExecutionWatcher,
  intervalMs: number,
  print: (report: WatchReport) => void,
  context: CommandContext,
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await watcher.watch({
      intervalMs,
      signal: controller.signal,
      onReport: print,
      onError: (error) =>
        writeLine(
          context.stderr,
          `tier1 n8n watch: ${Tier1Error.isInstance(error) ? formatUserError(error) : (error as Error).message}`,
        ),
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

const watch: Subcommand = async (argv, context) => {
  const { values } = parseCommandArgs(
    argv,
    { once: FLAG, interval: VALUE, 'no-recover': FLAG, json: FLAG },
    false,
  );
  const intervalMs = parseInterval(values.interval ?? '30s');
  const { tier1, n8n } = n8nConfigOf(context);
  const apiClient = requireApi(n8n);
  if (Object.keys(n8n.workflows).length === 0)
    throw new ConfigError(
      'tier1.n8n.json',
      'maps no workflows, so there is nothing to watch',
      '{"workflows": {"video-assembly": "process_video"}}',
    );

  const recorder = createRecorder(tier1, { purpose: 'tier1 n8n watch' });
  // One router for the whole watch: its Redis connections last across polls.
  const router = values['no-recover']
    ? undefined
    : FallbackRouter.fromConfig(n8n, { redisUrl: tier1.redisUrl, recorder });
  const watcher = new ExecutionWatcher({
    apiClient,
    config: n8n,
    statePath: join(tier1.home, 'n8n-watch.json'),
    monitor: createMonitorFromConfig(n8n, recorder),
    router,
  });
  const print = (report: WatchReport) => {
    if (values.json) writeLine(context.stdout, JSON.stringify(report));
    else for (const line of reportLines(report)) writeLine(context.stdout, line);
  };
  try {
    if (values.once) {
      const report = await watcher.pollOnce();
      print(report);
      return report.handled.some((handled) => handled.outcome === 'not_recovered') ? 1 : 0;
    }
    writeLine(
      context.stderr,
      `tier1 n8n watch: polling ${n8n.n8nUrl} every ${intervalMs / 1000} s; Ctrl-C stops`,
    );
    await watchUntilStopped(watcher, intervalMs, print, context);
    return 0;
  } finally {
    await router?.close();
    await recorder.close();
  }
};

const n8nCommand: Command = {
  usage,
  run: routeSubcommands('n8n', { status, watch, run, 'test-detect': testDetect }),
};

export default n8nCommand;
