import type { Tier1Config } from '@tier1/core';
import { createMonitorFromConfig, type FallbackRouting, recoverRun } from './execute-with-fallback';
import type { RoutingResult } from './execution-result';
import { type PersistedRegistration, RegistrationStore } from './hook-registration-store';
import type { MonitorResult } from './monitor-result';
import { findWorkflow, loadN8nConfig, N8N_CONFIG_FILE, type N8nReliabilityConfig } from './n8n-config';
import type { N8nEventRecorder } from './n8n-monitor';
import { isN8nTool, readToolInput, readToolResponse } from './n8n-tool-payload';
import { type NoRecoveryCode, whyNotRecover } from './recovery-rules';
import { resolveWorkflowName } from './workflow-lookup';

/*
 * The n8n half of the Claude Code hook: registers n8n tool calls on PreToolUse (kept on disk, as
 * PostToolUse runs in another process), reports them on PostToolUse / PostToolUseFailure, and
 * recovers a failed run of a mapped workflow. The payload reading, the registration store, the
 * workflow lookup and the "do not recover" rule are their own modules.
 */

export interface N8nToolCall {
  sessionId: string;
  toolUseId: string;
  toolName: string;
  toolInput: unknown;
}

export interface N8nToolResult extends N8nToolCall {
  /** PostToolUse's `tool_response`. */
  toolResponse?: unknown;
  /** PostToolUseFailure's `error`. */
  error?: string;
  /** PostToolUse's `duration_ms`. */
  durationMs?: number;
}

export interface N8nHookOutcome {
  /** For `hookSpecificOutput.additionalContext`: what failed and how it was recovered. */
  additionalContext?: string;
  monitorResult?: MonitorResult;
  routingResult?: RoutingResult;
}

export interface N8nReliabilityHookOptions {
  config: Tier1Config;
  recorder?: N8nEventRecorder;
  /** Default: read from TIER1_N8N_CONFIG or `<cwd>/tier1.n8n.json`. */
  n8nConfig?: N8nReliabilityConfig;
  cwd?: string;
  /** Default: a FallbackRouter from the configuration, closed after each recovery. `false`: detect only. */
  router?: FallbackRouting | false;
}

/** What Claude is told when a failed run was not recovered, by the rule that held it back. */
const NOT_RECOVERED_ADVICE: Record<NoRecoveryCode, string> = {
  still_running: 'n8n is still running it, so it was not recovered; check the execution before retrying.',
  retried_by_n8n:
    'n8n already retried it successfully, so it was not recovered. Do not run the workflow again.',
  unmapped: `It has no fallback task in ${N8N_CONFIG_FILE}, so it was not recovered.`,
  turned_off: 'Recovery is turned off.',
};

function registrationOf(call: N8nToolCall, startedAt: number): PersistedRegistration {
  const { workflowRef, inputParams } = readToolInput(call.toolInput);
  return {
    monitorId: call.toolUseId,
    toolName: call.toolName,
    workflowRef: workflowRef ?? call.toolName,
    inputParams,
    startedAt,
    sessionId: call.sessionId,
  };
}

function recoveredLine(routingResult: RoutingResult): string {
  const attempt = routingResult.executionResult;
  return routingResult.routed
    ? `Tier 1 recovered it: task "${routingResult.taskName}" ran via ${attempt?.attemptMethod}${attempt?.resultSummary ? ` and returned ${attempt.resultSummary}` : ''}. Do not run the workflow again.`
    : `Tier 1 could not recover it: ${routingResult.reason}.`;
}

/**
 * Registers n8n tool calls on PreToolUse and reports them on PostToolUse / PostToolUseFailure:
 * a failed run is recorded (`n8n_failure_detected`) and, for a mapped workflow, recovered through
 * the fallback router (`n8n_recovery_attempted`), and Claude is told what happened.
 */
export class N8nReliabilityHook {
  readonly #options: N8nReliabilityHookOptions;
  readonly #n8nConfig: N8nReliabilityConfig;
  readonly #registrations: RegistrationStore;

  constructor(options: N8nReliabilityHookOptions) {
    this.#options = options;
    this.#n8nConfig = options.n8nConfig ?? loadN8nConfig({ config: options.config, cwd: options.cwd });
    this.#registrations = new RegistrationStore(options.config.home);
  }

  /** True for the tools this hook watches (and only when the layer is enabled). */
  handles(toolName: string): boolean {
    return this.#options.config.n8nReliabilityEnabled && isN8nTool(toolName, this.#n8nConfig.toolNames);
  }

  /** PreToolUse: registers the run; returns its monitor id, or null for tools this hook does not watch. */
  async onTaskStarted(call: N8nToolCall): Promise<{ monitorId: string } | null> {
    if (!this.handles(call.toolName)) return null;
    const registration = registrationOf(call, Date.now());
    this.#registrations.put(registration);
    return { monitorId: registration.monitorId };
  }

  /** PostToolUse / PostToolUseFailure: reports the run; recovers a failed run of a mapped workflow. */
  async onTaskCompleted(call: N8nToolResult): Promise<N8nHookOutcome> {
    if (!this.handles(call.toolName)) return {};
    // Without a PreToolUse record (that hook is not configured, or the file is gone): register now.
    const registration =
      this.#registrations.take(call.toolUseId) ?? registrationOf(call, Date.now() - (call.durationMs ?? 0));
    const workflowName = await resolveWorkflowName(registration.workflowRef, this.#n8nConfig);
    const monitorResult = await this.#report(call, registration, workflowName);
    if (!monitorResult.failureDetected) return { monitorResult };

    const failed = `n8n workflow "${workflowName}" failed (${monitorResult.failureType}): ${monitorResult.reason}.`;
    const blocked = whyNotRecover(monitorResult, {
      mapped: findWorkflow(this.#n8nConfig, workflowName) !== undefined,
      recoveryOff: this.#options.router === false,
    });
    if (blocked)
      return { monitorResult, additionalContext: `${failed} ${NOT_RECOVERED_ADVICE[blocked.code]}` };

    const routingResult = await recoverRun(monitorResult, {
      router: this.#options.router || undefined,
      config: this.#n8nConfig,
      redisUrl: this.#options.config.redisUrl,
      recorder: this.#options.recorder,
    });
    return { monitorResult, routingResult, additionalContext: `${failed} ${recoveredLine(routingResult)}` };
  }

  /** Detects (and records) what the tool call did. */
  async #report(
    call: N8nToolResult,
    registration: PersistedRegistration,
    workflowName: string,
  ): Promise<MonitorResult> {
    const monitor = createMonitorFromConfig(this.#n8nConfig, this.#options.recorder);
    const monitorId = monitor.registerTask(call.toolUseId, workflowName, registration.inputParams, {
      monitorId: registration.monitorId,
      startedAt: registration.startedAt,
      sessionId: call.sessionId,
    });
    const durationSeconds =
      call.durationMs !== undefined ? call.durationMs / 1000 : (Date.now() - registration.startedAt) / 1000;
    return monitor.reportResult(monitorId, {
      ...readToolResponse(call.toolResponse, call.error),
      durationSeconds,
    });
  }
}
