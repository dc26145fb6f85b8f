import { randomUUID } from 'node:crypto';
import { createEventUid, Tier1Error } from '@tier1/core';
import { type AutomationEventInput, sanitizeText } from '@tier1/events';
import { detectFailure, type FailureDetection, type RunOutcome, responseText } from './detect-failure';
import { FailureType } from './failure-type';
import type { MonitorResult } from './monitor-result';
import {
  executionErrorMessage,
  FAILED_EXECUTION_STATUSES,
  type N8nApiClient,
  type N8nExecution,
  UNFINISHED_EXECUTION_STATUSES,
} from './n8n-api-client';
import { DEFAULT_EXECUTION_TIMEOUT_SECONDS, findWorkflow, type N8nReliabilityConfig } from './n8n-config';

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
  #workflowIds: Promise<Map<string, string>> | undefined;

  constructor(options: N8nMonitorOptions = {}) {
    this.#recorder = options.recorder;
    this.#executionTimeoutSeconds = options.executionTimeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS;
    this.#apiClient = options.apiClient;
    this.#projectId = options.projectId ?? 'n8n';
    this.#config = options.config;
    this.#clockSkewMs = options.clockSkewMs ?? 0;
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

    const confirmation = this.#apiClient ? await this.#confirm(task, outcome.executionId ?? null) : undefined;
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

  /** Finds the n8n execution of this run: by id when known, else the newest one started since registration. */
  async #confirm(task: TaskRegistration, executionId: string | null): Promise<Confirmation> {
    const client = this.#apiClient as N8nApiClient;
    try {
      if (executionId) return { execution: await client.getExecution(executionId, { includeData: true }) };
      const workflowId = await this.#workflowId(task.workflowName);
      if (!workflowId)
        return { execution: undefined, problem: `n8n has no workflow named "${task.workflowName}"` };
      const { data } = await client.listExecutions({ workflowId, limit: 10, includeData: true });
      const execution = pickRunExecution(data, task.startedAt, this.#clockSkewMs);
      return execution
        ? { execution }
        : { execution: undefined, problem: 'n8n has no execution of this run' };
    } catch (error) {
      return { execution: undefined, problem: `n8n's API could not confirm it: ${(error as Error).message}` };
    }
  }
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

/** The execution's status wins over the HTTP status; the HTTP detection stands when there is none. */
function decide(
  detection: FailureDetection,
  confirmation: Confirmation,
  statusCode: number | null,
): FailureDetection {
  const { execution, problem } = confirmation;
  if (!execution) return { ...detection, reason: `${detection.reason}; not confirmed: ${problem}` };
  const failedHttp = detection.failureType !== FailureType.NO_FAILURE;
  const http = statusCode === null ? 'the call' : `HTTP ${statusCode}`;

  if (execution.status === 'success') {
    if (!failedHttp)
      return { ...detection, reason: `${detection.reason}; n8n execution ${execution.id} succeeded` };
    return {
      failureType: FailureType.NO_FAILURE,
      reason: `n8n execution ${execution.id} succeeded although ${http} looked like a failure (${detection.reason}): the caller lost the response, the job ran`,
    };
  }
  if (FAILED_EXECUTION_STATUSES.has(execution.status)) {
    const error = executionErrorMessage(execution);
    const what = `n8n execution ${execution.id} ${execution.status === 'canceled' ? 'was canceled' : `ended with status ${execution.status}`}${error ? `: ${error}` : ''}`;
    // n8n cancels a run that exceeds EXECUTIONS_TIMEOUT ("The execution was cancelled because it
    // timed out"): whatever the caller saw, the run itself timed out.
    const timedOut = execution.status === 'canceled' && /timed out|timeout/i.test(error ?? '');
    if (timedOut)
      return {
        failureType: FailureType.EXECUTION_TIMEOUT,
        reason: failedHttp ? `${detection.reason}; ${what}` : `${what}, although ${http} looked successful`,
      };
    if (failedHttp) return { failureType: detection.failureType, reason: `${detection.reason}; ${what}` };
    return { failureType: FailureType.UNKNOWN_ERROR, reason: `${what}, although ${http} looked successful` };
  }
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
