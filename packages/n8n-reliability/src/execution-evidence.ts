import type { N8nExecution } from './n8n-api-client';

/*
 * What one execution's data (GET /api/v1/executions/{id}?includeData=true) says about how the run
 * ended. `data.resultData` (runData per node, error, lastNodeExecuted) and `workflowData` (the
 * nodes with their parameters, the settings) are n8n's internal formats, not a documented
 * contract: read defensively, measured on n8n 2.8.4 (docs/n8n-detection.md).
 */

interface NodeRun {
  executionStatus?: unknown;
  data?: { main?: { json?: unknown }[][] };
}

interface ResultData {
  error?: { message?: unknown };
  lastNodeExecuted?: unknown;
  runData?: Record<string, NodeRun[]>;
}

interface WorkflowNode {
  name?: unknown;
  type?: unknown;
  parameters?: { options?: { responseCode?: unknown } };
}

interface WorkflowData {
  nodes?: WorkflowNode[];
  settings?: { executionTimeout?: unknown };
}

const RESPOND_TO_WEBHOOK = 'n8n-nodes-base.respondToWebhook';

function resultData(execution: Pick<N8nExecution, 'data'>): ResultData | undefined {
  return (execution.data as { resultData?: ResultData } | undefined)?.resultData;
}

/** The error message n8n stored for a failed execution, with the node it came from, if any. */
export function executionErrorMessage(execution: Pick<N8nExecution, 'data'>): string | undefined {
  const result = resultData(execution);
  const message = result?.error?.message;
  if (typeof message !== 'string') return undefined;
  return typeof result?.lastNodeExecuted === 'string'
    ? `${message} (in node "${result.lastNodeExecuted}")`
    : message;
}

/**
 * The webhook's input of a run: the first node's first item, and its `body` for a Webhook
 * trigger (which outputs {headers, params, query, body}).
 */
export function executionInput(execution: Pick<N8nExecution, 'data'>): Record<string, unknown> {
  const runData = resultData(execution)?.runData;
  const firstRun = runData ? Object.values(runData)[0]?.[0] : undefined;
  const json = firstRun?.data?.main?.[0]?.[0]?.json;
  if (!json || typeof json !== 'object') return {};
  const body = (json as { body?: unknown }).body;
  return body && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : (json as Record<string, unknown>);
}

/**
 * The HTTP status the workflow itself answered with: a Respond to Webhook node that ran, and the
 * response code it is set to (200 when unset). Undefined when no such node ran or its code is an
 * expression. A workflow answering 403 or 504 this way has a `success` execution (measured on
 * n8n 2.8.4), so this is how a workflow's own error answer is told from a proxy's.
 */
export function workflowAnswer(
  execution: Pick<N8nExecution, 'data' | 'workflowData'>,
): { statusCode: number; node: string } | undefined {
  const runData = resultData(execution)?.runData ?? {};
  const nodes = (execution.workflowData as WorkflowData | undefined)?.nodes ?? [];
  for (const node of nodes) {
    if (node.type !== RESPOND_TO_WEBHOOK || typeof node.name !== 'string') continue;
    const ran = runData[node.name]?.some((run) => run.executionStatus === 'success');
    if (!ran) continue;
    const code = node.parameters?.options?.responseCode ?? 200;
    if (typeof code === 'number' && Number.isInteger(code)) return { statusCode: code, node: node.name };
  }
  return undefined;
}

/**
 * The workflow's own `executionTimeout` (seconds) when it explains a canceled run: n8n cancels a
 * run that exceeds it without storing an error, the same shape as a run stopped by hand, so the
 * run's duration must have reached the timeout.
 */
export function cancelingTimeoutSeconds(
  execution: Pick<N8nExecution, 'status' | 'startedAt' | 'stoppedAt' | 'data' | 'workflowData'>,
): number | undefined {
  if (execution.status !== 'canceled' || !execution.startedAt || !execution.stoppedAt) return undefined;
  const timeout = (execution.workflowData as WorkflowData | undefined)?.settings?.executionTimeout;
  if (typeof timeout !== 'number' || !(timeout > 0)) return undefined;
  const ranMs = Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt);
  // n8n checks the timeout on a timer: the cancel lands at or just after it, never well before.
  return ranMs >= timeout * 1000 - 250 ? timeout : undefined;
}
