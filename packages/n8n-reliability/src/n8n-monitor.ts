import { randomUUID } from 'node:crypto';
import { createEventUid, Tier1Error } from '@tier1/core';
import { type AutomationEventInput, sanitizeText } from '@tier1/events';
import { detectFailure, type FailureDetection, type RunOutcome, responseText } from './detect-failure';
import { cancelingTimeoutSeconds, executionErrorMessage, workflowAnswer } from './execution-evidence';
import { FailureType } from './failure-type';
import type { MonitorResult } from './monitor-result';
import {
  FAILED_EXECUTION_STATUSES,
  type N8nApiClient,
  type N8nExecution,
  UNFINISHED_EXECUTION_STATUSES,
} from './n8n-api-client';
import {
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_N8N_PROJECT_ID,
  findWorkflow,
  type N8nReliabilityConfig,
} from './n8n-config';

/** Where events go: `EventRecorder` from `@tier1/events` (stores, or spools when the store is down) fits. */
export interface N8nEventRecorder {
  record(input: AutomationEventInput): Promise<unknown>;
}

export interface N8nMonitorOptions {
  /** Without one the monitor still detects, it just does not log (the architecture's degraded mode). */
  recorder?: N8nEventRecorder;
  /** Default for workflows without their own (config) value; the architecture's 30 s. */
  executionTimeoutSeconds?: number;
  /** When given (N8N_URL and N8N_API_KEY set), every outcome is confirmed with n8n's executions API. */
  apiClient?: N8nApiClient;
  /** The events' project id; the architecture's examples use "n8n". */
  projectId?: string;
  /** Per-workflow settings (allowEmptyResponse, timeouts, workflow ids) and the mapping. */
  config?: Pick<N8nReliabilityConfig, 'workflows'>;
  /**
   * Executions started this long before the task was registered may still count as its run, when
   * n8n's clock runs behind this machine's. Default 0: a larger window risks taking the previous
   * run for this one (a 503 that never reached n8n "confirmed" by an earlier success).
   */
  clockSkewMs?: number;
  /**
   * How long to wait for n8n to list the run's execution and finish it. A Respond to Webhook
   * answer arrives before its execution is listed (one query right after it missed 10 times in
   * 12 on n8n 2.8.4), and a node may still fail after the answer. Default 5000 ms.
   */
  confirmWaitMs?: number;
}

export interface TaskRegistration {
  monitorId: string;
  taskId: string;
  workflowName: string;
  inputParams: Record<string, unknown>;
  /** Epoch milliseconds. */
  startedAt: number;
  sessionId?: string | undefined;
}

export interface RegisterTaskOptions {
  /** Re-register a task another process registered (the Claude Code hook's PreToolUse). */
  monitorId?: string;
  startedAt?: number;
  sessionId?: string;
}

export interface ReportedOutcome extends Omit<RunOutcome, 'durationSeconds'> {
  /** Defaults to the time since registerTask. */
  durationSeconds?: number;
  /** The n8n execution id, when the caller knows it (n8n's MCP tools report it). */
  executionId?: string | null;
  /** The execution itself with its data, when the caller already fetched it (the watcher). */
  execution?: N8nExecution;
}

/** reportResult was given a monitor id that registerTask never returned (or that was already reported). */
export class UnknownMonitorError extends Tier1Error {
  constructor(monitorId: string) {
    super('N8N_UNKNOWN_MONITOR', `no n8n task is registered under monitor id "${monitorId}"`, {
      hint: 'call registerTask(taskId, workflowName, inputParams) first and pass the id it returns; each id can be reported once',
    });
  }
}

interface Confirmation {
  execution: N8nExecution | undefined;
  /** Why the API could not confirm, when it could not. */
  problem?: string;
}

/**
 * Watches n8n runs: register a task before it runs, report what the caller saw after, and get a
 * MonitorResult. Failures are recorded as `n8n_failure_detected` events. With an API client, the
 * n8n execution's own status decides over the HTTP status (a proxy may cut a run that finished; a
 * workflow may error behind a 200).
 */
export class N8nMonitor {
  readonly #tasks = new Map<string, TaskRegistration>();
  readonly #recorder: N8nEventRecorder | undefined;
  readonly #executionTimeoutSeconds: number;
  readonly #apiClient: N8nApiClient | undefined;
  readonly #projectId: string;
  readonly #config: Pick<N8nReliabilityConfig, 'workflows'> | undefined;
  readonly #clockSkewMs: number;
  readonly #confirmWaitMs: number;
  #workflowIds: Promise<Map<string, string>> | undefined;

  constructor(options: N8nMonitorOptions = {}) {
    this.#recorder = options.recorder;
    this.#executionTimeoutSeconds = options.executionTimeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS;
    this.#apiClient = options.apiClient;
    this.#projectId = options.projectId ?? DEFAULT_N8N_PROJECT_ID;
    this.#config = options.config;
    this.#clockSkewMs = options.clockSkewMs ?? 0;
    this.#confirmWaitMs = options.confirmWaitMs ?? 5_000;
  }

  /** Registers a run about to start; returns the monitor id to report it with. */
  registerTask(
    taskId: string,
    workflowName: string,
    inputParams: Record<string, unknown> = {},
    options: RegisterTaskOptions = {},
  ): string {
    const monitorId = options.monitorId ?? randomUUID();
    this.#tasks.set(monitorId, {
      monitorId,
      taskId,
      workflowName,
      inputParams,
      startedAt: options.startedAt ?? Date.now(),
      sessionId: options.sessionId,
    });
    return monitorId;
  }

  /** The registration behind a monitor id, for callers that hand it to another process. */
  getRegistration(monitorId: string): TaskRegistration | undefined {
    return this.#tasks.get(monitorId);
  }

  async reportResult(monitorId: string, outcome: ReportedOutcome): Promise<MonitorResult> {
    const task = this.#tasks.get(monitorId);
    if (!task) throw new UnknownMonitorError(monitorId);
    this.#tasks.delete(monitorId);

    const mapping = this.#config ? findWorkflow(this.#config, task.workflowName) : undefined;
    const durationSeconds = outcome.durationSeconds ?? (Date.now() - task.startedAt) / 1000;
    const detection = detectFailure(
      { statusCode: outcome.statusCode, response: outcome.response, durationSeconds, error: outcome.error },
      {
        executionTimeoutSeconds: mapping?.executionTimeoutSeconds ?? this.#executionTimeoutSeconds,
        allowEmptyResponse: mapping?.allowEmptyResponse,
      },
    );

    const confirmation = this.#apiClient ? await this.#confirm(task, outcome) : undefined;
    const decided = confirmation ? decide(detection, confirmation, outcome.statusCode) : detection;
    const execution = confirmation?.execution;
    const failureDetected = decided.failureType !== FailureType.NO_FAILURE;

    const result: MonitorResult = {
      failureDetected,
      failureType: decided.failureType,
      monitorId,
      taskId: task.taskId,
      workflowName: task.workflowName,
      inputParams: task.inputParams,
      statusCode: outcome.statusCode,
      durationSeconds,
      reason: decided.reason,
      executionId: execution?.id ?? outcome.executionId ?? null,
      executionStatus: execution?.status ?? null,
      retrySuccessId: execution?.retrySuccessId ?? null,
      eventId: null,
    };
    if (failureDetected) await this.#recordFailure(result, task, outcome, mapping !== undefined);
    return result;
  }

  async #recordFailure(
    result: MonitorResult,
    task: TaskRegistration,
    outcome: ReportedOutcome,
    mapped: boolean,
  ): Promise<void> {
    if (!this.#recorder) return;
    const uid = createEventUid();
    const stillRunning = result.executionStatus
      ? UNFINISHED_EXECUTION_STATUSES.has(result.executionStatus)
      : false;
    try {
      await this.#recorder.record({
        uid,
        eventType: 'n8n_failure_detected',
        projectId: this.#projectId,
        status: 'failed',
        detectedFrom: 'monitor',
        sessionId: task.sessionId,
        evidence: {
          task_id: result.taskId,
          workflow_name: result.workflowName,
          failure_type: result.failureType,
          status_code: result.statusCode,
          duration_seconds: Math.round(result.durationSeconds * 1000) / 1000,
          response_snippet: sanitizeText(
            [responseText(outcome.response), outcome.error ?? ''].filter(Boolean).join(' | '),
          ),
          timestamp: new Date().toISOString(),
          reason: result.reason,
          execution_id: result.executionId,
          execution_status: result.executionStatus ?? null,
        },
        // can_fallback: a fallback task is mapped and n8n is not still running the job.
        metadata: {
          monitor_type: 'n8n',
          can_fallback: mapped && !stillRunning,
          monitor_id: result.monitorId,
        },
      });
      result.eventId = uid;
    } catch (error) {
      // Detection goes on without the store (the architecture's degraded mode); say so in the result.
      result.reason += ` (the n8n_failure_detected event was not recorded: ${(error as Error).message})`;
    }
  }

  async #workflowId(workflowName: string): Promise<string | undefined> {
    const configured = this.#config ? findWorkflow(this.#config, workflowName)?.workflowId : undefined;
    if (configured) return configured;
    const client = this.#apiClient as N8nApiClient;
    this.#workflowIds ??= client
      .listWorkflows()
      .then((workflows) => new Map(workflows.map((workflow) => [workflow.name, workflow.id])));
    try {
      return (await this.#workflowIds).get(workflowName);
    } catch (error) {
      this.#workflowIds = undefined;
      throw error;
    }
  }

  /** Finds the n8n execution of this run (by id when known) and reads it with its data once it has finished. */
  async #confirm(task: TaskRegistration, outcome: ReportedOutcome): Promise<Confirmation> {
    if (outcome.execution) return { execution: outcome.execution };
    const client = this.#apiClient as N8nApiClient;
    const deadline = Date.now() + this.#confirmWaitMs;
    try {
      let executionId = outcome.executionId ?? null;
      if (!executionId) {
        const workflowId = await this.#workflowId(task.workflowName);
        if (!workflowId)
          return { execution: undefined, problem: `n8n has no workflow named "${task.workflowName}"` };
        // n8n's own 404 means no workflow took the call: nothing will be listed, so look once.
        const waitUntil = outcome.statusCode === 404 ? 0 : deadline;
        executionId = await this.#findRunExecution(workflowId, task.startedAt, waitUntil);
      }
      if (!executionId) return { execution: undefined, problem: 'n8n has no execution of this run' };
      await this.#untilFinished(executionId, deadline);
      return { execution: await client.getExecution(executionId, { includeData: true }) };
    } catch (error) {
      return { execution: undefined, problem: `n8n's API could not confirm it: ${(error as Error).message}` };
    }
  }

  /**
   * The id of the run's execution, waiting (until `waitUntil`) for n8n to list it. Running and
   * waiting executions are only listed when asked for by status.
   */
  async #findRunExecution(workflowId: string, startedAt: number, waitUntil: number): Promise<string | null> {
    const client = this.#apiClient as N8nApiClient;
    for (;;) {
      const pages = await Promise.all(
        ([undefined, 'running', 'waiting'] as const).map((status) =>
          client.listExecutions({ workflowId, status, limit: 10 }),
        ),
      );
      const newestFirst = pages
        .flatMap((page) => page.data)
        .sort((a, b) => Date.parse(b.startedAt ?? '') - Date.parse(a.startedAt ?? ''));
      const execution = pickRunExecution(newestFirst, startedAt, this.#clockSkewMs);
      if (execution) return execution.id;
      if (Date.now() >= waitUntil) return null;
      await sleep(CONFIRM_POLL_MS);
    }
  }

  /** Waits (until the deadline) for the execution to finish: a node may fail after the webhook answered. */
  async #untilFinished(executionId: string, deadline: number): Promise<void> {
    const client = this.#apiClient as N8nApiClient;
    for (;;) {
      const { status } = await client.getExecution(executionId);
      if (!UNFINISHED_EXECUTION_STATUSES.has(status) || Date.now() >= deadline) return;
      await sleep(CONFIRM_POLL_MS);
    }
  }
}

const CONFIRM_POLL_MS = 250;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Which execution (of a newest-first page) is this run's: the first one started at or after the
 * registration; failing that, the newest one started within the clock skew before it (n8n's
 * clock may run behind ours). Concurrent runs of one workflow can still be confused: pass the
 * execution id when it is known.
 */
function pickRunExecution(
  newestFirst: N8nExecution[],
  registeredAt: number,
  clockSkewMs: number,
): N8nExecution | undefined {
  const started = (execution: N8nExecution) =>
    execution.startedAt === null ? Number.NaN : Date.parse(execution.startedAt);
  const after = newestFirst.filter((execution) => started(execution) >= registeredAt);
  return after.at(-1) ?? newestFirst.find((execution) => started(execution) >= registeredAt - clockSkewMs);
}

/**
 * The execution's status wins over the HTTP status, read with what the execution's data says:
 * a `success` whose Respond to Webhook node answered an error is the workflow's own failure; a
 * `success` behind a failed HTTP status is a proxy that gave up while n8n went on; a `canceled`
 * run the workflow's executionTimeout explains timed out. The HTTP detection stands without one.
 */
function decide(
  detection: FailureDetection,
  confirmation: Confirmation,
  statusCode: number | null,
): FailureDetection {
  const { execution, problem } = confirmation;
  if (!execution) return { ...detection, reason: `${detection.reason}; not confirmed: ${problem}` };
  if (execution.status === 'success') return decideSucceeded(httpVerdict(detection, statusCode), execution);
  if (FAILED_EXECUTION_STATUSES.has(execution.status))
    return decideFailed(httpVerdict(detection, statusCode), execution);
  if (UNFINISHED_EXECUTION_STATUSES.has(execution.status)) {
    return {
      ...detection,
      reason: `${detection.reason}; n8n execution ${execution.id} is still ${execution.status}: the job may yet finish`,
    };
  }
  return {
    ...detection,
    reason: `${detection.reason}; n8n execution ${execution.id} has status ${execution.status}`,
  };
}

/** What the HTTP answer alone said, which the run's execution confirms or overrules. */
interface HttpVerdict {
  detection: FailureDetection;
  failed: boolean;
  /** `HTTP 504`, or `the call` when there was no answer. */
  label: string;
}

function httpVerdict(detection: FailureDetection, statusCode: number | null): HttpVerdict {
  return {
    detection,
    failed: detection.failureType !== FailureType.NO_FAILURE,
    label: statusCode === null ? 'the call' : `HTTP ${statusCode}`,
  };
}

function decideSucceeded(http: HttpVerdict, execution: N8nExecution): FailureDetection {
  const answer = workflowAnswer(execution);
  if (answer && answer.statusCode >= 400) {
    const own = detectFailure({ statusCode: answer.statusCode, response: '', durationSeconds: 0 });
    return {
      failureType: http.failed ? http.detection.failureType : own.failureType,
      reason: `the workflow itself answered HTTP ${answer.statusCode} (Respond to Webhook node "${answer.node}") in n8n execution ${execution.id}: the job was refused, not done`,
    };
  }
  if (!http.failed)
    return { ...http.detection, reason: `${http.detection.reason}; n8n execution ${execution.id} succeeded` };
  return {
    failureType: FailureType.NO_FAILURE,
    reason: `n8n execution ${execution.id} succeeded although ${http.label} looked like a failure (${http.detection.reason}): a proxy or the caller gave up while n8n went on, the job ran`,
  };
}

function decideFailed(http: HttpVerdict, execution: N8nExecution): FailureDetection {
  const error = executionErrorMessage(execution);
  const canceled = execution.status === 'canceled';
  const timeoutSeconds = cancelingTimeoutSeconds(execution);
  const what = `n8n execution ${execution.id} ${canceled ? 'was canceled' : `ended with status ${execution.status}`}${error ? `: ${error}` : ''}${timeoutSeconds ? ` after the workflow's executionTimeout of ${timeoutSeconds} s` : ''}`;
  // n8n cancels a run over the workflow's executionTimeout without storing an error; older
  // releases and EXECUTIONS_TIMEOUT say "timed out" in it.
  const timedOut = canceled && (timeoutSeconds !== undefined || /timed out|timeout/i.test(error ?? ''));
  const failureType = timedOut
    ? FailureType.EXECUTION_TIMEOUT
    : http.failed
      ? http.detection.failureType
      : FailureType.UNKNOWN_ERROR;
  const reason = http.failed
    ? `${http.detection.reason}; ${what}`
    : `${what}, although ${http.label} looked successful`;
  return { failureType, reason };
}
