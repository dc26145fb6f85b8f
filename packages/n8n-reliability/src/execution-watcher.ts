import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { acquireFileLock, ConfigError } from '@tier1/core';
import type { FallbackRouting } from './execute-with-fallback';
import { cancelingTimeoutSeconds, executionErrorMessage, executionInput } from './execution-evidence';
import type { RoutingResult } from './execution-result';
import type { MonitorResult } from './monitor-result';
import type { N8nApiClient, N8nExecution } from './n8n-api-client';
import type { N8nReliabilityConfig } from './n8n-config';
import type { N8nMonitor } from './n8n-monitor';

/*
 * `tier1 n8n watch`: n8n runs that nobody called synchronously (schedules, other callers'
 * webhooks) fail silently. The watcher polls the executions API for failed runs of mapped
 * workflows and recovers each one once, keyed by its execution id (a retry by the id it retries).
 * API: https://docs.n8n.io/connect/n8n-api/executions (status filter takes one status at a time).
 * Cost per poll: one list per watched status across all workflows, without run data; the data of
 * the one execution acted on; the workflow list once per `workflowRefreshMs`.
 */

/**
 * The statuses the watcher lists: `error` includes crashed runs (n8n refuses `status=crashed`);
 * `canceled` is recovered only when the workflow's executionTimeout explains it. Running runs are
 * never listed, so never recovered.
 */
const WATCHED_STATUSES = ['error', 'canceled'] as const;

export interface WatchCursor {
  /** The newest failed execution handled so far. */
  lastExecutionId: string | null;
  lastStartedAt: string | null;
}

export type LedgerOutcome = 'recovering' | 'recovered' | 'not_recovered' | 'detected' | 'skipped';

export interface LedgerEntry {
  workflowName: string;
  outcome: LedgerOutcome;
  at: string;
  detail: string;
}

/** `<home>/n8n-watch.json`: the cursor and every execution already handled. */
export interface WatchState {
  version: 1;
  cursor: WatchCursor;
  /** By idempotency key `n8n-exec-<id>`. */
  handled: Record<string, LedgerEntry>;
}

export interface HandledExecution {
  executionId: string;
  idempotencyKey: string;
  workflowName: string;
  status: string;
  outcome: LedgerOutcome;
  detail: string;
  monitorResult?: MonitorResult;
  routingResult?: RoutingResult;
}

export interface WatchReport {
  /** Failed executions seen in this poll (new or already handled). */
  seen: number;
  handled: HandledExecution[];
  /** Mapped workflows n8n does not know, by name. */
  unknownWorkflows: string[];
  cursor: WatchCursor;
}

export interface ExecutionWatcherOptions {
  apiClient: N8nApiClient;
  config: Pick<N8nReliabilityConfig, 'workflows'>;
  /** Where the cursor and the ledger are kept, e.g. `<home>/n8n-watch.json`. */
  statePath: string;
  /** Records n8n_failure_detected; build it with the same api client and a recorder. */
  monitor: N8nMonitor;
  /** Recovers each failure; without one the watcher only detects and records. */
  router?: FallbackRouting;
  /** The first poll looks this far back (default 60 minutes); later polls go back from the cursor. */
  lookbackMs?: number;
  /** Later polls also look this far behind the cursor, for long runs that failed late (default 15 minutes). */
  overlapMs?: number;
  pageLimit?: number;
  /** Handled entries older than this are dropped from the ledger (default 7 days). */
  ledgerRetentionMs?: number;
  /** How long the workflow name → id lookup is reused across polls (default 5 minutes). */
  workflowRefreshMs?: number;
  now?: () => number;
}

export function watchIdempotencyKey(executionId: string): string {
  return `n8n-exec-${executionId}`;
}

/** n8n's retry of a run does the same job: it shares the key of the run it retries. */
function jobKey(execution: Pick<N8nExecution, 'id' | 'retryOf'>): string {
  return watchIdempotencyKey(execution.retryOf ?? execution.id);
}

const EMPTY_STATE: WatchState = {
  version: 1,
  cursor: { lastExecutionId: null, lastStartedAt: null },
  handled: {},
};

export function readWatchState(statePath: string): WatchState {
  let text: string;
  try {
    text = readFileSync(statePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY_STATE);
    throw error;
  }
  try {
    const state = JSON.parse(text) as WatchState;
    if (state.version !== 1 || typeof state.handled !== 'object' || typeof state.cursor !== 'object')
      throw new Error('unknown shape');
    return state;
  } catch (error) {
    throw new ConfigError(
      statePath,
      `cannot be read as the watch state (${(error as Error).message})`,
      'delete the file to start again from the last 60 minutes',
    );
  }
}

function writeWatchState(statePath: string, state: WatchState): void {
  mkdirSync(dirname(statePath), { recursive: true });
  const temporary = `${statePath}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, statePath);
}

function isNewer(execution: N8nExecution, cursor: WatchCursor): boolean {
  if (!cursor.lastStartedAt || !execution.startedAt) return true;
  const [a, b] = [Date.parse(execution.startedAt), Date.parse(cursor.lastStartedAt)];
  if (a !== b) return a > b;
  return /^\d+$/.test(execution.id) && /^\d+$/.test(cursor.lastExecutionId ?? '')
    ? Number(execution.id) > Number(cursor.lastExecutionId)
    : execution.id > (cursor.lastExecutionId ?? '');
}

export class ExecutionWatcher {
  readonly #options: ExecutionWatcherOptions;
  readonly #now: () => number;
  #workflows: { byId: Map<string, string>; unknown: string[]; at: number } | undefined;

  constructor(options: ExecutionWatcherOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The mapped workflows by id, looked up again once `workflowRefreshMs` has passed. */
  async #mappedWorkflows(): Promise<{ byId: Map<string, string>; unknown: string[] }> {
    const refreshMs = this.#options.workflowRefreshMs ?? 5 * 60_000;
    if (!this.#workflows || this.#now() - this.#workflows.at >= refreshMs)
      this.#workflows = { ...(await this.#lookUpWorkflows()), at: this.#now() };
    return this.#workflows;
  }

  /** Workflow id → name for every mapped workflow n8n knows; names it does not know come back apart. */
  async #lookUpWorkflows(): Promise<{ byId: Map<string, string>; unknown: string[] }> {
    const mapped = Object.values(this.#options.config.workflows);
    const byId = new Map<string, string>();
    const needsLookup = mapped.filter((mapping) => !mapping.workflowId);
    const known = needsLookup.length
      ? new Map(
          (await this.#options.apiClient.listWorkflows()).map((workflow) => [workflow.name, workflow.id]),
        )
      : new Map<string, string>();
    const unknown: string[] = [];
    for (const mapping of mapped) {
      const id = mapping.workflowId ?? known.get(mapping.name);
      if (id) byId.set(id, mapping.name);
      else unknown.push(mapping.name);
    }
    return { byId, unknown };
  }

  /** Failed executions of any of the workflows started after `floor`, without their data. */
  async #failedSince(byId: Map<string, string>, floor: number): Promise<N8nExecution[]> {
    const found: N8nExecution[] = [];
    for (const status of WATCHED_STATUSES) {
      let cursor: string | undefined;
      do {
        const page = await this.#options.apiClient.listExecutions({
          status,
          limit: this.#options.pageLimit ?? 100,
          cursor,
        });
        const recent = page.data.filter(
          (execution) => execution.startedAt === null || Date.parse(execution.startedAt) >= floor,
        );
        found.push(...recent.filter((execution) => byId.has(execution.workflowId)));
        cursor = recent.length === page.data.length ? (page.nextCursor ?? undefined) : undefined;
      } while (cursor);
    }
    return found;
  }

  /** One poll: find new failed runs, record and recover each once, persist the cursor and ledger. */
  async pollOnce(): Promise<WatchReport> {
    const { statePath } = this.#options;
    const lock = await acquireFileLock(`${statePath}.lock`, {
      timeoutMs: 2_000,
      purpose: 'tier1 n8n watch',
      resource: statePath,
    });
    try {
      const state = readWatchState(statePath);
      const now = this.#now();
      const floor = state.cursor.lastStartedAt
        ? Math.min(Date.parse(state.cursor.lastStartedAt), now) - (this.#options.overlapMs ?? 15 * 60_000)
        : now - (this.#options.lookbackMs ?? 60 * 60_000);

      const { byId, unknown } = await this.#mappedWorkflows();
      const failed = (await this.#failedSince(byId, floor)).map((execution) => ({
        execution,
        workflowName: byId.get(execution.workflowId) as string,
      }));
      // Oldest first, so the cursor only ever moves forward as each one is handled.
      failed.sort(
        (a, b) =>
          Date.parse(a.execution.startedAt ?? '') - Date.parse(b.execution.startedAt ?? '') ||
          Number(a.execution.id) - Number(b.execution.id),
      );

      const handled: HandledExecution[] = [];
      for (const { execution, workflowName } of failed) {
        const key = jobKey(execution);
        if (!state.handled[key]) handled.push(await this.#handle(execution, workflowName, key, state));
        if (isNewer(execution, state.cursor))
          state.cursor = { lastExecutionId: execution.id, lastStartedAt: execution.startedAt };
      }

      const oldest = now - (this.#options.ledgerRetentionMs ?? 7 * 24 * 60 * 60_000);
      for (const [key, entry] of Object.entries(state.handled))
        if (Date.parse(entry.at) < oldest) delete state.handled[key];
      writeWatchState(statePath, state);
      return { seen: failed.length, handled, unknownWorkflows: unknown, cursor: state.cursor };
    } finally {
      lock.release();
    }
  }

  async #handle(
    listed: N8nExecution,
    workflowName: string,
    key: string,
    state: WatchState,
  ): Promise<HandledExecution> {
    const base = { executionId: listed.id, idempotencyKey: key, workflowName, status: listed.status };
    const settle = (
      outcome: LedgerOutcome,
      detail: string,
      extra: Partial<HandledExecution> = {},
    ): HandledExecution => {
      state.handled[key] = { workflowName, outcome, at: new Date(this.#now()).toISOString(), detail };
      writeWatchState(this.#options.statePath, state);
      return { ...base, outcome, detail, ...extra };
    };

    if (listed.retrySuccessId)
      return settle(
        'skipped',
        `n8n retried it successfully as execution ${listed.retrySuccessId}: not recovered`,
      );
    const execution = await this.#options.apiClient.getExecution(listed.id, { includeData: true });
    const error = executionErrorMessage(execution);
    if (
      execution.status === 'canceled' &&
      cancelingTimeoutSeconds(execution) === undefined &&
      !/timed out|timeout/i.test(error ?? '')
    )
      return settle('skipped', 'canceled by a person, not by a timeout: not recovered');

    const monitorResult = await this.#detect(execution, workflowName, key, error);
    if (!monitorResult.failureDetected) return settle('skipped', monitorResult.reason, { monitorResult });
    if (!this.#options.router)
      return settle('detected', `${monitorResult.failureType}: no fallback router, only recorded`, {
        monitorResult,
      });

    // Written before routing: if this process dies mid-recovery, the next poll does not start a second one.
    settle('recovering', 'recovery started');
    const routingResult = await this.#options.router.routeToFallback(monitorResult);
    return settle(routingResult.routed ? 'recovered' : 'not_recovered', routingResult.reason, {
      monitorResult,
      routingResult,
    });
  }

  /** Records the failure through the monitor, with the execution's data already in hand. */
  async #detect(
    execution: N8nExecution,
    workflowName: string,
    key: string,
    error: string | undefined,
  ): Promise<MonitorResult> {
    const started = execution.startedAt ? Date.parse(execution.startedAt) : this.#now();
    const stopped = execution.stoppedAt ? Date.parse(execution.stoppedAt) : started;
    const { monitor } = this.#options;
    const monitorId = monitor.registerTask(key, workflowName, executionInput(execution), {
      startedAt: started,
    });
    return monitor.reportResult(monitorId, {
      statusCode: null,
      response: '',
      error: error ?? `n8n execution ${execution.id} ended with status ${execution.status}`,
      durationSeconds: Math.max(0, (stopped - started) / 1000),
      executionId: execution.id,
      execution,
    });
  }

  /** Polls every `intervalMs` until the signal aborts; each report goes to `onReport`, each error to `onError`. */
  async watch(options: {
    intervalMs: number;
    signal: AbortSignal;
    onReport: (report: WatchReport) => void;
    onError: (error: unknown) => void;
  }): Promise<void> {
    while (!options.signal.aborted) {
      try {
        options.onReport(await this.pollOnce());
      } catch (error) {
        options.onError(error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs);
        options.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }
}
