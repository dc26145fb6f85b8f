import { ConfigError, loadConfig } from '@tier1/core';
import type { RunOutcome } from './detect-failure';
import type { RoutingResult } from './execution-result';
import { FallbackRouter } from './fallback-router';
import type { MonitorResult } from './monitor-result';
import { N8nApiClient } from './n8n-api-client';
import { loadN8nConfig, type N8nReliabilityConfig, requireWorkflow } from './n8n-config';
import { type N8nEventRecorder, N8nMonitor } from './n8n-monitor';
import { whyNotRecover } from './recovery-rules';

/** What executeWithFallback needs of the fallback router (`FallbackRouter` fits). */
export interface FallbackRouting {
  routeToFallback(monitorResult: MonitorResult): Promise<RoutingResult>;
}

export interface ExecuteWithFallbackOptions {
  /** Default: `tier1.n8n.json` and N8N_URL / N8N_API_KEY / REDIS_URL from the environment or `.env`. */
  config?: N8nReliabilityConfig;
  /**
   * Recovers a failed run. Default: a FallbackRouter from the configuration, closed after the
   * call (keep your own FallbackRouter for many calls, so its circuit breakers learn). `false`:
   * only detect and report.
   */
  router?: FallbackRouting | false;
  /** REDIS_URL for the default router's queue tier. */
  redisUrl?: string;
  recorder?: N8nEventRecorder;
  /** Reuse a monitor (and its workflow-id cache); by default one is made from the configuration. */
  monitor?: N8nMonitor;
  /** The monitored task's id; defaults to the workflow name. */
  taskId?: string;
  /** Extra request headers, e.g. the Webhook node's Header Auth. */
  headers?: Record<string, string>;
  sessionId?: string;
}

export interface ExecuteWithFallbackResult {
  /** The job was done, by n8n or by a fallback tier. */
  ok: boolean;
  /** Who did the job: 'n8n', a tier's attempt method (e.g. 'api_fallback'), or null when nobody did. */
  via: string | null;
  monitorResult: MonitorResult;
  routingResult?: RoutingResult;
  /** n8n's response body (parsed when it is JSON). */
  response: unknown;
  /** The job's output: n8n's response, or the fallback tier's output. */
  output: unknown;
  /** Why nothing was recovered, when the run failed and no recovery was attempted. */
  reason: string;
}

/** Extra time over the execution timeout before the webhook call is abandoned. */
const CALL_GRACE_MS = 1_000;

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!/json/i.test(response.headers.get('content-type') ?? '') || text.trim() === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds the monitor executeWithFallback uses when none is given: the executions API when configured. */
export function createMonitorFromConfig(
  config: N8nReliabilityConfig,
  recorder?: N8nEventRecorder,
): N8nMonitor {
  const apiClient =
    config.n8nUrl && config.n8nApiKey
      ? new N8nApiClient({ baseUrl: config.n8nUrl, apiKey: config.n8nApiKey, timeoutMs: config.apiTimeoutMs })
      : undefined;
  return new N8nMonitor({
    recorder,
    apiClient,
    config,
    projectId: config.projectId,
    executionTimeoutSeconds: config.executionTimeoutSeconds,
  });
}

/**
 * Hands a failed run to the given router, or to a FallbackRouter built from the configuration
 * for this one recovery and closed after it.
 */
export async function recoverRun(
  monitorResult: MonitorResult,
  options: {
    router?: FallbackRouting;
    config: N8nReliabilityConfig;
    redisUrl?: string;
    recorder?: N8nEventRecorder;
  },
): Promise<RoutingResult> {
  if (options.router) return options.router.routeToFallback(monitorResult);
  const router = FallbackRouter.fromConfig(options.config, {
    redisUrl: options.redisUrl,
    recorder: options.recorder,
  });
  try {
    return await router.routeToFallback(monitorResult);
  } finally {
    await router.close();
  }
}

/** The given configuration, or the project's (`tier1.n8n.json`, the environment and `.env`). */
function resolveConfig(options: ExecuteWithFallbackOptions): {
  config: N8nReliabilityConfig;
  redisUrl?: string;
} {
  if (options.config) return { config: options.config, redisUrl: options.redisUrl };
  const tier1 = loadConfig();
  return { config: loadN8nConfig({ config: tier1 }), redisUrl: options.redisUrl ?? tier1.redisUrl };
}

function webhookUrl(config: N8nReliabilityConfig, webhookPath: string): string {
  if (!config.webhookBaseUrl)
    throw new ConfigError(
      'N8N_URL',
      'is not set, so the workflow webhook cannot be called',
      'N8N_URL=http://localhost:5678',
    );
  return `${config.webhookBaseUrl}/${webhookPath}`;
}

/** POSTs the params to the webhook; what came back, or why nothing did. */
async function callWebhook(
  url: string,
  params: Record<string, unknown>,
  headers: Record<string, string> | undefined,
  timeoutSeconds: number,
): Promise<RunOutcome> {
  const started = performance.now();
  // The status stands when the body then fails to arrive.
  let statusCode: number | null = null;
  try {
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(params),
      signal: AbortSignal.timeout(timeoutSeconds * 1000 + CALL_GRACE_MS),
    });
    statusCode = answer.status;
    const response = await readBody(answer);
    return { statusCode, response, durationSeconds: (performance.now() - started) / 1000 };
  } catch (caught) {
    const failure = caught as Error;
    const error =
      failure.name === 'TimeoutError'
        ? `no answer from ${url} within ${timeoutSeconds} s (timed out)`
        : `${url} could not be reached (${(failure.cause as Error | undefined)?.message ?? failure.message})`;
    return { statusCode, response: '', durationSeconds: (performance.now() - started) / 1000, error };
  }
}

/** A failed run: recovered through the router, unless the recovery rules (or `router: false`) say not to. */
async function recoverFailedRun(
  monitorResult: MonitorResult,
  response: unknown,
  resolved: { config: N8nReliabilityConfig; redisUrl?: string },
  options: ExecuteWithFallbackOptions,
): Promise<ExecuteWithFallbackResult> {
  const blocked = whyNotRecover(monitorResult, { mapped: true, recoveryOff: options.router === false });
  if (blocked) {
    const reason = `not recovered: ${blocked.reason}`;
    return { ok: false, via: null, monitorResult, response, output: undefined, reason };
  }
  const routingResult = await recoverRun(monitorResult, {
    router: options.router || undefined,
    config: resolved.config,
    redisUrl: resolved.redisUrl,
    recorder: options.recorder,
  });
  return {
    ok: routingResult.routed,
    via: routingResult.routed ? (routingResult.executionResult?.attemptMethod ?? null) : null,
    monitorResult,
    routingResult,
    response,
    output: routingResult.routed ? routingResult.executionResult?.output : undefined,
    reason: routingResult.reason,
  };
}

/**
 * Runs an n8n workflow through its production webhook (`POST {webhookBaseUrl}/{path}` with the
 * params as JSON), detects whether it failed (confirming with the executions API when N8N_API_KEY
 * is set) and, if it did, gets the job done through the fallback router. The one call a
 * TypeScript project makes.
 */
export async function executeWithFallback(
  workflowName: string,
  params: Record<string, unknown>,
  options: ExecuteWithFallbackOptions = {},
): Promise<ExecuteWithFallbackResult> {
  const resolved = resolveConfig(options);
  const mapping = requireWorkflow(resolved.config, workflowName);
  const url = webhookUrl(resolved.config, mapping.webhookPath);
  const monitor = options.monitor ?? createMonitorFromConfig(resolved.config, options.recorder);
  const monitorId = monitor.registerTask(options.taskId ?? workflowName, workflowName, params, {
    sessionId: options.sessionId,
  });
  const outcome = await callWebhook(url, params, options.headers, mapping.executionTimeoutSeconds);
  const monitorResult = await monitor.reportResult(monitorId, outcome);
  const { response } = outcome;
  if (!monitorResult.failureDetected)
    return { ok: true, via: 'n8n', monitorResult, response, output: response, reason: monitorResult.reason };
  return recoverFailedRun(monitorResult, response, resolved, options);
}
