import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tier1Config } from '@tier1/core';
import { createMonitorFromConfig, type FallbackRouting, recoverRun } from './execute-with-fallback';
import type { RoutingResult } from './execution-result';
import type { MonitorResult } from './monitor-result';
import { FAILED_EXECUTION_STATUSES, N8nApiClient, UNFINISHED_EXECUTION_STATUSES } from './n8n-api-client';
import { findWorkflow, loadN8nConfig, N8N_CONFIG_FILE, type N8nReliabilityConfig } from './n8n-config';
import type { N8nEventRecorder, ReportedOutcome } from './n8n-monitor';

/*
 * The n8n half of the Claude Code hook. PreToolUse and PostToolUse run in separate processes
 * (each hook call spawns the hook command; https://code.claude.com/docs/en/hooks), so the
 * registration made on PreToolUse is kept in `<home>/n8n-monitors/<tool_use_id>.json` and picked
 * up (then deleted) on PostToolUse / PostToolUseFailure.
 *
 * n8n's MCP tools are named `mcp__<server>__<tool>` (e.g. `mcp__n8n__execute_workflow`). Their
 * exact input and output are not documented in a form this code could cite, so both are read
 * defensively (assumptions, also in docs/n8n-detection.md):
 * - input: the workflow is `workflowId` / `workflow_id` / `id`, or `workflowName` / `name`; its
 *   input is `inputs` / `inputData` / `data` / `params`, and for a webhook trigger
 *   `inputs.webhookData.body`.
 * - output (`tool_response`): an MCP CallToolResult (`{content: [{type: "text", text}], isError,
 *   structuredContent}`), its content array, or a string. The text or structuredContent may be
 *   JSON with `executionId`, `status` (n8n's execution status), `success`, `error`, `statusCode`.
 */

/** n8n's MCP execute tools: `mcp__n8n__execute_workflow` and any `mcp__n8n__…execute…`. */
const N8N_EXECUTE_TOOL = /^mcp__n8n__.*execute.*$/i;

export function isN8nTool(toolName: string, extraNames: readonly string[] = []): boolean {
  if (N8N_EXECUTE_TOOL.test(toolName)) return true;
  const lower = toolName.toLowerCase();
  return extraNames.some((name) => name.toLowerCase() === lower);
}

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

interface PersistedRegistration {
  monitorId: string;
  toolName: string;
  workflowRef: string;
  inputParams: Record<string, unknown>;
  startedAt: number;
  sessionId: string;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function firstString(
  record: Record<string, unknown> | undefined,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const value = record?.[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** The workflow (id or name) and its input, from an execute tool's input. */
export function readToolInput(toolInput: unknown): {
  workflowRef: string | undefined;
  inputParams: Record<string, unknown>;
} {
  const input = asRecord(toolInput);
  const workflowRef = firstString(input, [
    'workflowId',
    'workflow_id',
    'workflowName',
    'workflow_name',
    'id',
    'name',
  ]);
  const inputs =
    asRecord(input?.inputs) ??
    asRecord(input?.inputData) ??
    asRecord(input?.data) ??
    asRecord(input?.params) ??
    {};
  const webhookBody = asRecord(asRecord(inputs.webhookData)?.body);
  return { workflowRef, inputParams: webhookBody ?? inputs };
}

/** What the caller saw, from an execute tool's response (see the assumptions above). */
export function readToolResponse(
  toolResponse: unknown,
  failure?: string,
): Omit<ReportedOutcome, 'durationSeconds'> {
  const envelope = asRecord(toolResponse);
  const content = Array.isArray(toolResponse)
    ? toolResponse
    : Array.isArray(envelope?.content)
      ? (envelope.content as unknown[])
      : undefined;
  const text =
    typeof toolResponse === 'string'
      ? toolResponse
      : content
        ? content
            .map((item) => (typeof asRecord(item)?.text === 'string' ? (asRecord(item)?.text as string) : ''))
            .join('\n')
        : toolResponse === undefined
          ? ''
          : JSON.stringify(toolResponse);

  let structured = asRecord(envelope?.structuredContent) ?? (content ? undefined : envelope);
  if (!structured) {
    try {
      structured = asRecord(JSON.parse(text));
    } catch {
      structured = undefined;
    }
  }
  const result = asRecord(structured?.result);
  const statusCode =
    [structured?.statusCode, structured?.status_code, structured?.httpStatus].find(
      (value): value is number => typeof value === 'number',
    ) ?? null;
  const executionId =
    firstString(structured, ['executionId', 'execution_id']) ??
    firstString(result, ['executionId', 'execution_id']) ??
    null;
  const status = firstString(structured, ['status']) ?? firstString(result, ['status']);
  const reportedError = (() => {
    const value = structured?.error ?? result?.error;
    if (typeof value === 'string' && value.trim()) return value;
    return firstString(asRecord(value), ['message']);
  })();

  const problems = [
    failure,
    envelope?.isError === true ? 'the tool reported an error' : undefined,
    structured?.success === false ? 'the tool reported success: false' : undefined,
    status && FAILED_EXECUTION_STATUSES.has(status) ? `n8n execution status ${status}` : undefined,
    reportedError,
  ].filter((problem): problem is string => Boolean(problem));
  return {
    statusCode,
    response: text,
    executionId,
    error: problems.length ? problems.join('; ') : undefined,
  };
}

const STALE_REGISTRATION_MS = 24 * 60 * 60_000;

function fileSafe(toolUseId: string): string {
  return toolUseId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200);
}

/**
 * Registers n8n tool calls on PreToolUse and reports them on PostToolUse / PostToolUseFailure:
 * a failed run is recorded (`n8n_failure_detected`) and, for a mapped workflow, recovered through
 * the fallback router (`n8n_recovery_attempted`), and Claude is told what happened.
 */
export class N8nReliabilityHook {
  readonly #options: N8nReliabilityHookOptions;
  readonly #n8nConfig: N8nReliabilityConfig;
  readonly #directory: string;

  constructor(options: N8nReliabilityHookOptions) {
    this.#options = options;
    this.#n8nConfig = options.n8nConfig ?? loadN8nConfig({ config: options.config, cwd: options.cwd });
    this.#directory = join(options.config.home, 'n8n-monitors');
  }

  /** True for the tools this hook watches (and only when the layer is enabled). */
  handles(toolName: string): boolean {
    return this.#options.config.n8nReliabilityEnabled && isN8nTool(toolName, this.#n8nConfig.toolNames);
  }

  #path(toolUseId: string): string {
    return join(this.#directory, `${fileSafe(toolUseId)}.json`);
  }

  /** PreToolUse: registers the run; returns its monitor id, or null for tools this hook does not watch. */
  async onTaskStarted(call: N8nToolCall): Promise<{ monitorId: string } | null> {
    if (!this.handles(call.toolName)) return null;
    const { workflowRef, inputParams } = readToolInput(call.toolInput);
    const registration: PersistedRegistration = {
      monitorId: call.toolUseId,
      toolName: call.toolName,
      workflowRef: workflowRef ?? call.toolName,
      inputParams,
      startedAt: Date.now(),
      sessionId: call.sessionId,
    };
    mkdirSync(this.#directory, { recursive: true });
    this.#pruneStale();
    const path = this.#path(call.toolUseId);
    writeFileSync(`${path}.tmp`, JSON.stringify(registration));
    renameSync(`${path}.tmp`, path);
    return { monitorId: registration.monitorId };
  }

  /** Registrations whose PostToolUse never came (a killed session) are dropped after a day. */
  #pruneStale(): void {
    const cutoff = Date.now() - STALE_REGISTRATION_MS;
    for (const name of readdirSync(this.#directory)) {
      const path = join(this.#directory, name);
      try {
        if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
      } catch {
        // Taken by a concurrent PostToolUse process in the meantime: nothing to prune.
      }
    }
  }

  #takeRegistration(call: N8nToolResult): PersistedRegistration {
    const path = this.#path(call.toolUseId);
    try {
      const registration = JSON.parse(readFileSync(path, 'utf8')) as PersistedRegistration;
      rmSync(path, { force: true });
      return registration;
    } catch {
      // No PreToolUse record (that hook is not configured, or the file is gone): register now.
      const { workflowRef, inputParams } = readToolInput(call.toolInput);
      return {
        monitorId: call.toolUseId,
        toolName: call.toolName,
        workflowRef: workflowRef ?? call.toolName,
        inputParams,
        startedAt: Date.now() - (call.durationMs ?? 0),
        sessionId: call.sessionId,
      };
    }
  }

  /** The mapped workflow name for an id or name from the tool input. */
  async #workflowName(workflowRef: string): Promise<string> {
    if (findWorkflow(this.#n8nConfig, workflowRef)) return workflowRef;
    const byId = Object.values(this.#n8nConfig.workflows).find(
      (mapping) => mapping.workflowId === workflowRef,
    );
    if (byId) return byId.name;
    const { n8nUrl, n8nApiKey, apiTimeoutMs } = this.#n8nConfig;
    if (!n8nUrl || !n8nApiKey) return workflowRef;
    try {
      const workflows = await new N8nApiClient({
        baseUrl: n8nUrl,
        apiKey: n8nApiKey,
        timeoutMs: apiTimeoutMs,
      }).listWorkflows();
      return workflows.find((workflow) => workflow.id === workflowRef)?.name ?? workflowRef;
    } catch {
      return workflowRef;
    }
  }

  /** PostToolUse / PostToolUseFailure: reports the run; recovers a failed run of a mapped workflow. */
  async onTaskCompleted(call: N8nToolResult): Promise<N8nHookOutcome> {
    if (!this.handles(call.toolName)) return {};
    const registration = this.#takeRegistration(call);
    const workflowName = await this.#workflowName(registration.workflowRef);
    const monitor = createMonitorFromConfig(this.#n8nConfig, this.#options.recorder);
    const monitorId = monitor.registerTask(call.toolUseId, workflowName, registration.inputParams, {
      monitorId: registration.monitorId,
      startedAt: registration.startedAt,
      sessionId: call.sessionId,
    });
    const seen = readToolResponse(call.toolResponse, call.error);
    const durationSeconds =
      call.durationMs !== undefined ? call.durationMs / 1000 : (Date.now() - registration.startedAt) / 1000;
    const monitorResult = await monitor.reportResult(monitorId, { ...seen, durationSeconds });
    if (!monitorResult.failureDetected) return { monitorResult };

    const failed = `n8n workflow "${workflowName}" failed (${monitorResult.failureType}): ${monitorResult.reason}.`;
    const mapping = findWorkflow(this.#n8nConfig, workflowName);
    if (!mapping)
      return {
        monitorResult,
        additionalContext: `${failed} It has no fallback task in ${N8N_CONFIG_FILE}, so it was not recovered.`,
      };
    if (monitorResult.executionStatus && UNFINISHED_EXECUTION_STATUSES.has(monitorResult.executionStatus)) {
      return {
        monitorResult,
        additionalContext: `${failed} n8n is still running it, so it was not recovered; check the execution before retrying.`,
      };
    }
    if (this.#options.router === false)
      return { monitorResult, additionalContext: `${failed} Recovery is turned off.` };

    const routingResult = await recoverRun(monitorResult, {
      router: this.#options.router,
      config: this.#n8nConfig,
      redisUrl: this.#options.config.redisUrl,
      recorder: this.#options.recorder,
    });
    const recovered = routingResult.routed
      ? `Tier 1 recovered it: task "${routingResult.taskName}" ran via ${routingResult.executionResult?.attemptMethod}${routingResult.executionResult?.resultSummary ? ` and returned ${routingResult.executionResult.resultSummary}` : ''}. Do not run the workflow again.`
      : `Tier 1 could not recover it: ${routingResult.reason}.`;
    return { monitorResult, routingResult, additionalContext: `${failed} ${recovered}` };
  }
}
