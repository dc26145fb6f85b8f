import { Tier1Error } from '@tier1/core';

/*
 * A small client for n8n's public REST API v1, the parts this layer needs.
 * Reference: https://docs.n8n.io/connect/n8n-api/executions (OpenAPI "n8n Public API"):
 * header X-N8N-API-KEY; GET /api/v1/executions with status, workflowId, limit (max 250),
 * cursor, includeData, answering {data, nextCursor}; GET /api/v1/executions/{id};
 * GET /api/v1/workflows answering {data: [{id, name, active, ...}], nextCursor}.
 */

/** The statuses an execution can have (`crashed`, `new` and `unknown` come back, but cannot be asked for). */
export const N8N_EXECUTION_STATUSES = [
  'canceled',
  'crashed',
  'error',
  'new',
  'running',
  'success',
  'unknown',
  'waiting',
] as const;
export type N8nExecutionStatus = (typeof N8N_EXECUTION_STATUSES)[number];

/**
 * The values the public API's `status` filter accepts: n8n 2.8.4 answers 400 to any other
 * ("must be equal to one of the allowed values"). `error` includes crashed runs; a list without
 * a status leaves running executions out (docs/n8n-detection.md, "Measured").
 */
export const N8N_STATUS_FILTERS = ['canceled', 'error', 'running', 'success', 'waiting'] as const;
export type N8nStatusFilter = (typeof N8N_STATUS_FILTERS)[number];

/** The statuses of a run that did not do its job. */
export const FAILED_EXECUTION_STATUSES: ReadonlySet<string> = new Set(['error', 'crashed', 'canceled']);
/** The statuses of a run that has not finished yet. */
export const UNFINISHED_EXECUTION_STATUSES: ReadonlySet<string> = new Set(['new', 'running', 'waiting']);

export interface N8nExecution {
  /** Always a string here; n8n's older releases send a number. */
  id: string;
  status: N8nExecutionStatus | (string & {});
  mode: string | undefined;
  workflowId: string;
  startedAt: string | null;
  stoppedAt: string | null;
  retryOf: string | null;
  retrySuccessId: string | null;
  /** With includeData: n8n's run data (`resultData.error`, `resultData.lastNodeExecuted`, `resultData.runData`). */
  data: unknown;
  /** With includeData: the workflow as it ran (`nodes` with their parameters, `settings`). */
  workflowData: unknown;
}

export interface N8nWorkflow {
  id: string;
  name: string;
  active: boolean;
}

export interface ListExecutionsQuery {
  status?: N8nStatusFilter;
  workflowId?: string;
  /** At most 250 (n8n's maximum). */
  limit?: number;
  cursor?: string;
  includeData?: boolean;
}

export interface N8nApiClientOptions {
  /** The n8n instance, e.g. http://localhost:5678 (the API lives under /api/v1). */
  baseUrl: string;
  apiKey: string;
  /** Bound on each request. */
  timeoutMs?: number;
}

/** n8n refused the API key. */
export class N8nUnauthorizedError extends Tier1Error {
  constructor(url: string) {
    super('N8N_UNAUTHORIZED', `n8n refused the API key (HTTP 401 from ${url})`, {
      hint: 'check N8N_API_KEY: create a key in n8n under Settings > n8n API and set it in the environment or .env',
    });
  }
}

/** n8n's API could not be reached, timed out, or answered something unusable. */
export class N8nApiError extends Tier1Error {
  readonly status: number | null;

  constructor(
    code: 'N8N_API_ERROR' | 'N8N_UNREACHABLE' | 'N8N_API_TIMEOUT',
    message: string,
    status: number | null,
    cause?: unknown,
  ) {
    super(code, message, { hint: apiErrorHint(status), cause });
    this.status = status;
  }
}

/** Where to look: a 400 is n8n refusing what Tier 1 asked (N8N_URL is fine), anything else the connection or n8n. */
function apiErrorHint(status: number | null): string {
  if (status === 400)
    return "n8n refused the request Tier 1 made, so N8N_URL and n8n are fine: this n8n version's public API differs from the one Tier 1 knows; report it with n8n's version";
  if (status === 403)
    return 'the API key lacks a scope Tier 1 needs: give it execution:read, execution:list and workflow:read (n8n Settings > n8n API)';
  return 'check N8N_URL and that n8n is running and its public API is enabled';
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function toExecution(raw: Record<string, unknown>): N8nExecution {
  return {
    id: String(raw.id),
    status: typeof raw.status === 'string' ? raw.status : raw.finished === true ? 'success' : 'unknown',
    mode: typeof raw.mode === 'string' ? raw.mode : undefined,
    workflowId: String(raw.workflowId ?? ''),
    startedAt: text(raw.startedAt),
    stoppedAt: text(raw.stoppedAt),
    retryOf: text(raw.retryOf),
    retrySuccessId: text(raw.retrySuccessId),
    data: raw.data,
    workflowData: raw.workflowData,
  };
}

/** No answer: n8n is down, unreachable, or slower than the timeout. */
function transportError(error: unknown, shown: string, timeoutMs: number): N8nApiError {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new N8nApiError(
      'N8N_API_TIMEOUT',
      `n8n's API did not answer ${shown} within ${timeoutMs} ms`,
      null,
      error,
    );
  }
  const reason = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
  return new N8nApiError(
    'N8N_UNREACHABLE',
    `n8n's API at ${shown} could not be reached (${reason})`,
    null,
    error,
  );
}

/** n8n's own message in an error answer (`{"message": …}`), else the body; at most 200 characters. */
function errorMessage(body: string): string {
  try {
    return String((JSON.parse(body) as { message?: unknown }).message ?? body).slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/** The answer's JSON; a refused key, an error status or a body that is not JSON throws. */
async function readJsonAnswer(response: Response, shown: string): Promise<unknown> {
  if (response.status === 401) {
    await response.body?.cancel();
    throw new N8nUnauthorizedError(shown);
  }
  const body = await response.text();
  if (!response.ok) {
    const message = errorMessage(body);
    throw new N8nApiError(
      'N8N_API_ERROR',
      `n8n's API answered HTTP ${response.status} for ${shown}${message ? `: ${message}` : ''}`,
      response.status,
    );
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new N8nApiError(
      'N8N_API_ERROR',
      `n8n's API answered ${shown} with something that is not JSON`,
      response.status,
      error,
    );
  }
}

export class N8nApiClient {
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;

  constructor(options: N8nApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  async #get(
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
  ): Promise<unknown> {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const shown = `${url.origin}${url.pathname}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'X-N8N-API-KEY': this.#apiKey, accept: 'application/json' },
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw transportError(error, shown, this.#timeoutMs);
    }
    return readJsonAnswer(response, shown);
  }

  /** One page of executions, newest first (n8n's order). */
  async listExecutions(
    query: ListExecutionsQuery = {},
  ): Promise<{ data: N8nExecution[]; nextCursor: string | null }> {
    const limit = query.limit === undefined ? undefined : Math.min(Math.max(1, Math.trunc(query.limit)), 250);
    const page = (await this.#get('/executions', { ...query, limit })) as {
      data?: Record<string, unknown>[];
      nextCursor?: string | null;
    };
    return { data: (page.data ?? []).map(toExecution), nextCursor: page.nextCursor ?? null };
  }

  async getExecution(id: string, options: { includeData?: boolean } = {}): Promise<N8nExecution> {
    return toExecution(
      (await this.#get(`/executions/${encodeURIComponent(id)}`, {
        includeData: options.includeData,
      })) as Record<string, unknown>,
    );
  }

  /** Every workflow (all pages), for the name → id mapping. */
  async listWorkflows(): Promise<N8nWorkflow[]> {
    const workflows: N8nWorkflow[] = [];
    let cursor: string | undefined;
    do {
      const page = (await this.#get('/workflows', { limit: 250, cursor })) as {
        data?: Record<string, unknown>[];
        nextCursor?: string | null;
      };
      for (const raw of page.data ?? [])
        workflows.push({ id: String(raw.id), name: String(raw.name ?? ''), active: raw.active === true });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return workflows;
  }
}
