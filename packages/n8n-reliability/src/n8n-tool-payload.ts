import { FAILED_EXECUTION_STATUSES } from './n8n-api-client';
import type { ReportedOutcome } from './n8n-monitor';

/*
 * What an n8n tool call says, from the Claude Code hook's payload. n8n's MCP tools are named
 * `mcp__<server>__<tool>` (e.g. `mcp__n8n__execute_workflow`). Their exact input and output are
 * not documented in a form this code could cite, so both are read defensively (assumptions,
 * also in docs/n8n-detection.md):
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
