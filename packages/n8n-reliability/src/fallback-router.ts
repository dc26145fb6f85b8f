import { createEventUid, Tier1Error } from '@tier1/core';
import type { AutomationEventInput } from '@tier1/events';
import { ApiTier } from './api-tier';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker';
import { type CircuitStore, FileCircuitStore, MemoryCircuitStore } from './circuit-store';
import { CommandTier } from './command-tier';
import {
  ATTEMPT_METHODS,
  type ExecutionResult,
  FALLBACK_TIERS,
  type FallbackTier,
  type RoutingResult,
  summarizeOutput,
  type TierAttemptResult,
  type TierExecutor,
  type TierTask,
} from './execution-result';
import { assertIdempotencyKey, deriveIdempotencyKey } from './idempotency-key';
import type { RecoveryMetrics } from './metrics';
import type { MonitorResult } from './monitor-result';
import {
  DEFAULT_API_URL,
  DEFAULT_N8N_PROJECT_ID,
  DEFAULT_TIER_TIMEOUTS,
  type N8nReliabilityConfig,
  TIER_TIMEOUT_PRESETS,
  type TierPreset,
  type TierTimeouts,
  UnmappedWorkflowError,
} from './n8n-config';
import type { N8nEventRecorder } from './n8n-monitor';
import { QueueTier } from './queue-tier';

export interface FallbackRouterOptions {
  /**
   * n8n workflow → fallback task. Default: none, so every workflow is refused with
   * UnmappedWorkflowError naming the line to add to tier1.n8n.json.
   */
  taskMapping?: Readonly<Record<string, string>>;
  /** The deployment guide's timeouts for quick, standard, heavy or video tasks. */
  preset?: TierPreset;
  /** Tier timeouts in ms, over the preset (default 1 s, 5 s, 30 s). */
  tierTimeoutsMs?: Partial<TierTimeouts>;
  /** Timeouts of single workflows, over the above. */
  workflowTierTimeoutsMs?: Readonly<Record<string, TierTimeouts>>;
  /** One deadline over all tiers of a recovery; default the sum of the tier timeouts (36 s). */
  deadlineMs?: number;
  /** REDIS_URL: enables the queue tier. */
  redisUrl?: string;
  queueName?: string;
  queuePrefix?: string;
  /** How long finished jobs (and so their keys) stay in Redis. Default 24 h. */
  retentionSeconds?: number;
  /** The API tier's base URL; default http://localhost:8000; null turns the tier off. */
  apiUrl?: string | null;
  apiHeaders?: Record<string, string>;
  /** Default `systemctl start tier1-task@{task}`; null turns the tier off. */
  commandTemplate?: string | readonly string[] | null;
  commandEnv?: Record<string, string>;
  /** One breaker per tier with these settings (default 3 failures, 30 s cool-down). */
  circuitBreaker?: CircuitBreakerOptions;
  /** Where the breakers keep their state; default this router's memory (see FileCircuitStore). */
  circuitStore?: CircuitStore;
  /** Records `n8n_recovery_attempted`; `EventRecorder` from `@tier1/events` fits. */
  recorder?: N8nEventRecorder;
  /** The events' project id; the architecture's examples use "n8n". */
  projectId?: string;
  metrics?: RecoveryMetrics;
}

export interface RouteOptions {
  /** The caller's own key; by default derived from the run (execution id, else monitor id + params hash). */
  idempotencyKey?: string;
  /** The params the task gets; default the run's input params. */
  params?: Record<string, unknown>;
}

/** The recovery ran but its event could not be recorded; `routingResult` says what the recovery did. */
export class RecoveryNotRecordedError extends Tier1Error {
  readonly routingResult: RoutingResult;

  constructor(routingResult: RoutingResult, cause: unknown) {
    super(
      'N8N_RECOVERY_NOT_RECORDED',
      `the recovery of task "${routingResult.taskName}" ran but its event could not be recorded (${(cause as Error)?.message ?? cause})`,
      {
        hint: 'check the event store (tier1 doctor); the routing result is attached to this error',
        cause,
      },
    );
    this.routingResult = routingResult;
  }
}

interface ConfiguredTier {
  tier: FallbackTier;
  attemptNumber: number;
  executor: TierExecutor;
  breaker: CircuitBreaker;
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Gets a failed n8n run's job done another way: the queue tier, then the API tier, then the
 * command tier, each with its own timeout, under one overall deadline, all with the same
 * idempotency key. A tier whose circuit breaker is open is skipped at once. The breakers live in
 * this object: keep one router per process (the worker, the watch loop) so they learn.
 */
export class FallbackRouter {
  readonly #taskMapping: Readonly<Record<string, string>>;
  readonly #timeouts: TierTimeouts;
  readonly #workflowTimeouts: Readonly<Record<string, TierTimeouts>>;
  readonly #deadlineMs: number | undefined;
  readonly #tiers: ConfiguredTier[] = [];
  readonly #recorder: N8nEventRecorder | undefined;
  readonly #projectId: string;
  readonly #metrics: RecoveryMetrics | undefined;

  constructor(options: FallbackRouterOptions = {}) {
    this.#taskMapping = options.taskMapping ?? {};
    this.#timeouts = {
      ...DEFAULT_TIER_TIMEOUTS,
      ...(options.preset ? TIER_TIMEOUT_PRESETS[options.preset] : {}),
      ...options.tierTimeoutsMs,
    };
    this.#workflowTimeouts = options.workflowTierTimeoutsMs ?? {};
    this.#deadlineMs = options.deadlineMs;
    this.#recorder = options.recorder;
    this.#projectId = options.projectId ?? DEFAULT_N8N_PROJECT_ID;
    this.#metrics = options.metrics;

    const circuitStore = options.circuitStore ?? new MemoryCircuitStore();
    const add = (tier: FallbackTier, executor: TierExecutor) =>
      this.#tiers.push({
        tier,
        attemptNumber: FALLBACK_TIERS.indexOf(tier) + 1,
        executor,
        breaker: new CircuitBreaker({ ...options.circuitBreaker, store: circuitStore, key: tier }),
      });
    if (options.redisUrl) {
      add(
        'queue',
        new QueueTier({
          redisUrl: options.redisUrl,
          queueName: options.queueName,
          prefix: options.queuePrefix,
          retentionSeconds: options.retentionSeconds,
        }),
      );
    }
    if (options.apiUrl !== null)
      add('api', new ApiTier({ apiUrl: options.apiUrl ?? DEFAULT_API_URL, headers: options.apiHeaders }));
    if (options.commandTemplate !== null)
      add(
        'command',
        new CommandTier({ template: options.commandTemplate ?? undefined, env: options.commandEnv }),
      );
    options.metrics?.observeCircuits(() => this.circuitStates());
  }

  /** A router from the layer's configuration file (mapping, timeouts, API URL, command template, deadline). */
  static fromConfig(
    config: N8nReliabilityConfig,
    options: Omit<FallbackRouterOptions, 'taskMapping' | 'workflowTierTimeoutsMs'> = {},
  ): FallbackRouter {
    const workflows = Object.values(config.workflows);
    return new FallbackRouter({
      tierTimeoutsMs: config.tierTimeoutsMs,
      deadlineMs: config.overallDeadlineMs,
      apiUrl: config.apiUrl,
      commandTemplate: config.commandTemplate,
      queueName: config.queueName,
      queuePrefix: config.queuePrefix,
      projectId: config.projectId,
      circuitStore: config.circuitStatePath ? new FileCircuitStore(config.circuitStatePath) : undefined,
      ...options,
      taskMapping: Object.fromEntries(workflows.map((workflow) => [workflow.name, workflow.task])),
      workflowTierTimeoutsMs: Object.fromEntries(
        workflows.map((workflow) => [workflow.name, workflow.tierTimeoutsMs]),
      ),
    });
  }

  /** The tiers this router tries, in order. */
  get tiers(): FallbackTier[] {
    return this.#tiers.map(({ tier }) => tier);
  }

  circuitStates(): Partial<Record<FallbackTier, CircuitState>> {
    return Object.fromEntries(this.#tiers.map(({ tier, breaker }) => [tier, breaker.state]));
  }

  /** The fallback task of a workflow, or undefined when it is not mapped. */
  taskFor(workflowName: string): string | undefined {
    return Object.hasOwn(this.#taskMapping, workflowName) ? this.#taskMapping[workflowName] : undefined;
  }

  async routeToFallback(monitorResult: MonitorResult, options: RouteOptions = {}): Promise<RoutingResult> {
    if (!monitorResult.failureDetected) {
      return {
        routed: false,
        taskName: null,
        executionResult: null,
        attempts: [],
        reason: 'the run did not fail: nothing to recover',
        eventId: null,
        idempotencyKey: null,
      };
    }
    const startedAt = performance.now();
    const taskName = this.taskFor(monitorResult.workflowName);
    if (!taskName) {
      const error = new UnmappedWorkflowError(monitorResult.workflowName, Object.keys(this.#taskMapping));
      await this.#record(
        monitorResult,
        {
          routed: false,
          taskName: null,
          executionResult: null,
          attempts: [],
          reason: error.message,
          eventId: null,
          idempotencyKey: null,
        },
        0,
      );
      throw error;
    }
    const params = options.params ?? monitorResult.inputParams;
    const idempotencyKey =
      options.idempotencyKey !== undefined
        ? assertIdempotencyKey(options.idempotencyKey)
        : deriveIdempotencyKey(monitorResult, taskName, params);
    const task: TierTask = { taskName, params, idempotencyKey };
    const timeouts = this.#workflowTimeouts[monitorResult.workflowName] ?? this.#timeouts;
    const deadlineAt = Date.now() + (this.#deadlineMs ?? timeouts.queue + timeouts.api + timeouts.command);

    const attempts: ExecutionResult[] = [];
    for (const configured of this.#tiers) {
      const attempt = await this.#attempt(configured, task, timeouts[configured.tier], deadlineAt);
      attempts.push(attempt);
      this.#metrics?.attemptFinished(configured.tier, attempt.outcome, attempt.executionTimeSeconds);
      if (attempt.outcome === 'succeeded' || attempt.outcome === 'still_running') break;
    }

    const settled = attempts.find((attempt) => attempt.success) ?? attempts.at(-1) ?? null;
    const result: RoutingResult = {
      routed: settled?.success ?? false,
      taskName,
      executionResult: settled,
      attempts,
      reason: this.#explain(settled, attempts),
      eventId: null,
      idempotencyKey,
    };
    return this.#record(monitorResult, result, (performance.now() - startedAt) / 1000);
  }

  async #attempt(
    configured: ConfiguredTier,
    task: TierTask,
    tierTimeoutMs: number,
    deadlineAt: number,
  ): Promise<ExecutionResult> {
    const { tier, attemptNumber, executor, breaker } = configured;
    const base = { tier, attemptMethod: ATTEMPT_METHODS[tier], attemptNumber, deduplicated: false };
    const skipped = (why: string): ExecutionResult => ({
      ...base,
      success: false,
      outcome: 'skipped',
      executionTimeSeconds: 0,
      resultSummary: '',
      errorMessage: `skipped: ${why}`,
    });
    const remainingMs = deadlineAt - Date.now();
    if (remainingMs <= 0) return skipped('the overall deadline has passed');
    if (!(await breaker.tryAcquire())) {
      const { consecutiveFailures, openedAt } = breaker.snapshot();
      const retryAt = new Date((openedAt ?? Date.now()) + breaker.coolDownMs).toISOString();
      return skipped(
        `circuit open after ${consecutiveFailures} consecutive failures; next probe after ${retryAt}`,
      );
    }
    const startedAt = performance.now();
    let outcome: TierAttemptResult;
    try {
      outcome = await executor.execute(task, Math.min(tierTimeoutMs, remainingMs), { deadlineAt });
    } catch (error) {
      // A tier reports task failures as results; a throw is a fault of the tier itself.
      outcome = { outcome: 'indeterminate', errorMessage: `${tier} tier broke: ${(error as Error).message}` };
    }
    if (outcome.outcome === 'failed' || outcome.outcome === 'indeterminate') await breaker.recordFailure();
    else await breaker.recordSuccess();
    const success = outcome.outcome === 'succeeded';
    return {
      ...base,
      success,
      outcome: outcome.outcome,
      deduplicated: outcome.deduplicated ?? false,
      executionTimeSeconds: round((performance.now() - startedAt) / 1000),
      resultSummary: success ? summarizeOutput(outcome.output) : '',
      errorMessage: outcome.errorMessage,
      ...(outcome.output !== undefined ? { output: outcome.output } : {}),
    };
  }

  #explain(settled: ExecutionResult | null, attempts: ExecutionResult[]): string {
    if (!settled) return 'no fallback tier is configured (set REDIS_URL, apiUrl or commandTemplate)';
    if (settled.success) {
      const earlier = settled.deduplicated
        ? ' (an earlier run with the same idempotency key; not run again)'
        : '';
      return `recovered through ${settled.attemptMethod} on attempt ${settled.attemptNumber}${earlier}`;
    }
    if (settled.outcome === 'still_running')
      return `the task is still running on the ${settled.tier} tier, so no other tier runs it: ${settled.errorMessage}`;
    return `no tier recovered the task: ${attempts.map((attempt) => `${attempt.tier}: ${attempt.errorMessage}`).join('; ')}`;
  }

  async #record(
    monitorResult: MonitorResult,
    result: RoutingResult,
    durationSeconds: number,
  ): Promise<RoutingResult> {
    if (!this.#recorder) return result;
    const uid = createEventUid();
    const input: AutomationEventInput = {
      uid,
      eventType: 'n8n_recovery_attempted',
      projectId: this.#projectId,
      status: result.routed ? 'success' : 'failed',
      evidence: {
        task_id: monitorResult.taskId,
        workflow_name: monitorResult.workflowName,
        task_name: result.taskName,
        original_failure: monitorResult.failureType,
        recovery_method: result.routed ? (result.executionResult?.attemptMethod ?? null) : null,
        recovery_duration_seconds: round(durationSeconds),
        attempts: result.attempts.map((attempt) => ({
          method: attempt.attemptMethod,
          success: attempt.success,
          duration: attempt.executionTimeSeconds,
          outcome: attempt.outcome,
          ...(attempt.errorMessage ? { error: attempt.errorMessage } : {}),
        })),
        idempotency_key: result.idempotencyKey,
        reason: result.reason,
      },
      detectedFrom: 'router',
      metadata: { routing_type: 'n8n_fallback', recovery_successful: result.routed },
      ...(monitorResult.eventId ? { correlatedWith: [monitorResult.eventId] } : {}),
    };
    const recorded = { ...result, eventId: uid };
    try {
      await this.#recorder.record(input);
    } catch (error) {
      throw new RecoveryNotRecordedError(recorded, error);
    }
    return recorded;
  }

  /** Closes the queue tier's Redis connections. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#tiers.map(({ executor }) => executor.close?.()));
  }
}
