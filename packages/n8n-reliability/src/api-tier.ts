import {
  parseTaskOutput,
  type TierAttemptResult,
  type TierExecutor,
  type TierTask,
} from './execution-result';

export interface ApiTierOptions {
  /** Base URL: the tier posts to `{apiUrl}/tasks/{task}` (the architecture's http://localhost:8000). */
  apiUrl: string;
  /** Extra request headers, e.g. an Authorization header for the task service. */
  headers?: Record<string, string>;
}

// Connection errors that mean the request never reached the service, so it cannot have run the task.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/**
 * Tier 2: `POST {apiUrl}/tasks/{task}` with the params as JSON and the recovery's
 * `Idempotency-Key` (a quoted structured-field string, as draft-ietf-httpapi-idempotency-key-header
 * defines it: docs/n8n-recovery.md, "Exactly once").
 * 2xx is success. 409 is that draft's "a request with this key is still being processed": the
 * task is running there, so the router must not run it elsewhere.
 */
export class ApiTier implements TierExecutor {
  readonly #apiUrl: string;
  readonly #headers: Record<string, string>;

  constructor(options: ApiTierOptions) {
    this.#apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.#headers = options.headers ?? {};
  }

  taskUrl(taskName: string): string {
    return `${this.#apiUrl}/tasks/${encodeURIComponent(taskName)}`;
  }

  async execute(task: TierTask, timeoutMs: number): Promise<TierAttemptResult> {
    const url = this.taskUrl(task.taskName);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          ...this.#headers,
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': `"${task.idempotencyKey}"`,
        },
        body: JSON.stringify(task.params),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const output = parseTaskOutput(await response.text());
      if (response.ok) return { outcome: 'succeeded', errorMessage: null, output };
      if (response.status === 409) {
        return {
          outcome: 'still_running',
          errorMessage: `POST ${url} answered 409: the task is still running under this idempotency key`,
          output,
        };
      }
      return {
        outcome: 'failed',
        errorMessage: `POST ${url} answered ${response.status} ${response.statusText}`.trim(),
        output,
      };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return {
          outcome: 'indeterminate',
          errorMessage: `POST ${url} gave no answer within ${timeoutMs} ms`,
        };
      }
      const code = errorCode(error);
      const detail = code ?? (error as Error).message;
      return NOT_SENT_CODES.has(code ?? '')
        ? { outcome: 'failed', errorMessage: `POST ${url} could not connect (${detail})` }
        : { outcome: 'indeterminate', errorMessage: `POST ${url} broke off (${detail})` };
    }
  }
}
