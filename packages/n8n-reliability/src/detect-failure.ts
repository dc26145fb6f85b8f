import { FailureType } from './failure-type';
import { DEFAULT_EXECUTION_TIMEOUT_SECONDS } from './n8n-config';

/** What the caller saw of one n8n run. */
export interface RunOutcome {
  /** The HTTP status; null when there was none (an MCP tool result, a refused connection). */
  statusCode: number | null;
  /** The response body as text, or the parsed JSON. */
  response: unknown;
  durationSeconds: number;
  /** A transport or tool error (connection refused, PostToolUseFailure's `error`), if any. */
  error?: string | undefined;
}

export interface DetectionOptions {
  /** A run longer than this is an execution_timeout (the architecture's 30 s). */
  executionTimeoutSeconds?: number;
  /** The workflow legitimately answers 200 with an empty body (see WorkflowMapping.allowEmptyResponse). */
  allowEmptyResponse?: boolean;
}

export interface FailureDetection {
  failureType: FailureType;
  reason: string;
}

/*
 * Keyword lists, matched case-insensitively on word boundaries so "errors": [] or "terror" do
 * not count as "error". Multi-word phrases come first where a shorter word would also match.
 */
export const AUTH_KEYWORDS: readonly string[] = [
  'unauthorized',
  'unauthorised',
  'forbidden',
  'access denied',
  'permission denied',
  'not authorized',
  'authorization data is wrong', // n8n Webhook node's basic/header auth rejection
  'authentication failed',
  'invalid credentials',
  'invalid api key',
  'x-n8n-api-key',
];

export const GATEWAY_KEYWORDS: readonly string[] = [
  'gateway timeout',
  'gateway time-out',
  'bad gateway',
  'service unavailable',
  'upstream request timeout',
  'upstream timed out',
  'upstream connect error',
  'a timeout occurred', // Cloudflare 524 page
  'origin is unreachable',
  'timed out',
  'timeout',
];

export const WEBHOOK_KEYWORDS: readonly string[] = [
  'is not registered', // n8n: The requested webhook "POST <path>" is not registered.
  'webhook not registered',
  'workflow could not be started', // n8n: Workflow Webhook Error: Workflow could not be started!
  'workflow webhook error',
  'webhook error',
  'webhook failed',
  'no webhook',
  'workflow is not active',
];

export const ERROR_KEYWORDS: readonly string[] = [
  'error',
  'exception',
  'failed',
  'failure',
  'crashed',
  'traceback',
  'internal server error',
  'no item to return',
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function keywordMatcher(keywords: readonly string[]): (text: string) => string | undefined {
  const patterns = keywords.map((keyword) => ({
    keyword,
    pattern: new RegExp(`(?<![\\w-])${escapeRegExp(keyword)}(?![\\w-])`, 'i'),
  }));
  return (text) => patterns.find(({ pattern }) => pattern.test(text))?.keyword;
}

const RESPONSE_PATTERNS: readonly {
  failureType: FailureType;
  label: string;
  match: (text: string) => string | undefined;
}[] = [
  {
    failureType: FailureType.AUTH_FAILURE,
    label: 'an authentication keyword',
    match: keywordMatcher(AUTH_KEYWORDS),
  },
  {
    failureType: FailureType.GATEWAY_TIMEOUT,
    label: 'a gateway keyword',
    match: keywordMatcher(GATEWAY_KEYWORDS),
  },
  {
    failureType: FailureType.WEBHOOK_FAILURE,
    label: 'a webhook keyword',
    match: keywordMatcher(WEBHOOK_KEYWORDS),
  },
  {
    failureType: FailureType.UNKNOWN_ERROR,
    label: 'an error keyword',
    match: keywordMatcher(ERROR_KEYWORDS),
  },
];

/*
 * 502, 503, 504 and Cloudflare's 522/524 are answered by the proxy or gateway in front of n8n,
 * not by n8n: it did not answer in time (or at all). n8n Cloud's Cloudflare cuts a request at
 * 100 s with 524. They share one recovery (the job may still be running: confirm through the
 * executions API), so they share one type.
 */
const GATEWAY_STATUS_CODES: ReadonlySet<number> = new Set([502, 503, 504, 522, 524]);

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === false ||
    (typeof value === 'string' && value.trim() === '')
  );
}

/**
 * The text worth scanning. For JSON, fields with an empty value are dropped first, so a
 * successful `{"ok": true, "error": null, "errors": []}` carries no error keyword.
 */
export function responseText(response: unknown): string {
  let value = response;
  if (typeof response === 'string') {
    const trimmed = response.trim();
    if (!/^[[{]/.test(trimmed)) return trimmed;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return trimmed;
    }
  }
  const pruned = withoutEmptyFields(value);
  if (pruned === undefined) return '';
  return typeof pruned === 'string' ? pruned : JSON.stringify(pruned);
}

function withoutEmptyFields(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(withoutEmptyFields).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).flatMap(([key, field]) => {
      const kept = withoutEmptyFields(field);
      return kept === undefined ? [] : [[key, kept] as const];
    });
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return isEmpty(value) ? undefined : value;
}

function matchResponse(text: string): FailureDetection | undefined {
  for (const { failureType, label, match } of RESPONSE_PATTERNS) {
    const keyword = match(text);
    if (keyword) return { failureType, reason: `the response contains ${label} ("${keyword}")` };
  }
  return undefined;
}

function overTimeout(durationSeconds: number, timeoutSeconds: number): FailureDetection | undefined {
  if (durationSeconds <= timeoutSeconds) return undefined;
  return {
    failureType: FailureType.EXECUTION_TIMEOUT,
    reason: `the run took ${durationSeconds.toFixed(1)} s, over the ${timeoutSeconds} s execution timeout`,
  };
}

/** A failing HTTP status (400 and up), read with the response where it says more. */
function statusFailure(statusCode: number | null, text: string): FailureDetection | undefined {
  if (statusCode === null || statusCode < 400) return undefined;
  if (statusCode === 401 || statusCode === 403) {
    return {
      failureType: FailureType.AUTH_FAILURE,
      reason: `HTTP ${statusCode}: the call was refused (an auth proxy, the Webhook node's authentication or a wrong API key)`,
    };
  }
  if (GATEWAY_STATUS_CODES.has(statusCode)) {
    return {
      failureType: FailureType.GATEWAY_TIMEOUT,
      reason: `HTTP ${statusCode} from the proxy or gateway in front of n8n: n8n did not answer in time; the run itself may still finish`,
    };
  }
  if (statusCode === 404) {
    // n8n answers 404 for a webhook that is not registered: an inactive workflow, a wrong path
    // or a wrong method (docs/n8n-detection.md, "Failure types", row 4, links n8n's issues).
    const notRegistered = /not registered/i.test(text);
    return {
      failureType: FailureType.WEBHOOK_FAILURE,
      reason: notRegistered
        ? 'HTTP 404: n8n says the webhook is not registered (is the workflow active, the path and method right?)'
        : 'HTTP 404: no webhook at that path (is the workflow active, the path and method right?)',
    };
  }
  // Other client and server errors: the response says what kind when it can.
  const refined = matchResponse(text);
  return refined
    ? { failureType: refined.failureType, reason: `HTTP ${statusCode}; ${refined.reason}` }
    : { failureType: FailureType.UNKNOWN_ERROR, reason: `HTTP ${statusCode}` };
}

function callFailure(error: string | undefined): FailureDetection | undefined {
  return error ? { failureType: FailureType.UNKNOWN_ERROR, reason: `the call failed: ${error}` } : undefined;
}

function emptyAnswerFailure(
  statusCode: number | null,
  text: string,
  options: DetectionOptions,
): FailureDetection | undefined {
  if (statusCode !== 200 || text !== '' || options.allowEmptyResponse) return undefined;
  // n8n 1.100 to 2.6 answer 200 with an empty body when a workflow errors before its Respond to
  // Webhook node (n8n#21827 and #25340, linked in docs/n8n-detection.md; later versions answer 500).
  // The webhook was registered and the run started, so this is not a webhook_error: the run
  // failed inside for a reason the HTTP side cannot see, hence unknown_error. The executions API
  // (when configured) confirms it either way.
  return {
    failureType: FailureType.UNKNOWN_ERROR,
    reason:
      'HTTP 200 with an empty body: n8n answers so when the workflow errors before its Respond to Webhook node (set allowEmptyResponse if this workflow answers empty on purpose)',
  };
}

function noFailure(statusCode: number | null): FailureDetection {
  return {
    failureType: FailureType.NO_FAILURE,
    reason:
      statusCode === null
        ? 'no failure pattern in the response'
        : `HTTP ${statusCode} and no failure pattern in the response`,
  };
}

/**
 * Classifies one n8n run in the architecture's order: the duration first (a run over the
 * execution timeout), then the HTTP status, then keywords in the response, then n8n's own
 * quirks (an empty 200 from a workflow that errored), else success.
 */
export function detectFailure(outcome: RunOutcome, options: DetectionOptions = {}): FailureDetection {
  const executionTimeoutSeconds = options.executionTimeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS;
  const text = responseText(outcome.response);
  return (
    overTimeout(outcome.durationSeconds, executionTimeoutSeconds) ??
    statusFailure(outcome.statusCode, text) ??
    matchResponse([text, outcome.error ?? ''].join('\n')) ??
    callFailure(outcome.error) ??
    emptyAnswerFailure(outcome.statusCode, text, options) ??
    noFailure(outcome.statusCode)
  );
}
