/** The fallback tiers, in the order the router tries them. */
export const FALLBACK_TIERS = ['queue', 'api', 'command'] as const;
export type FallbackTier = (typeof FALLBACK_TIERS)[number];

/** The `attempt_method` each tier writes into results and events (the architecture's `api_fallback` and so on). */
export const ATTEMPT_METHODS: Readonly<Record<FallbackTier, string>> = Object.freeze({
  queue: 'queue_direct',
  api: 'api_fallback',
  command: 'command_fallback',
});

/**
 * What one tier's attempt came to.
 * - `succeeded`: the task ran (or had already run under the same idempotency key).
 * - `failed`: the task did not run on this tier and is not running there: safe to try the next tier.
 * - `indeterminate`: the request was sent but no answer came (a timeout, a dropped connection):
 *   the tier may have run the task. The next tier is tried with the same idempotency key.
 * - `still_running`: the tier is running the task right now; the router stops so it never runs twice.
 * - `skipped`: not tried (open circuit, or no time left before the deadline).
 */
export type AttemptOutcome = 'succeeded' | 'failed' | 'indeterminate' | 'still_running' | 'skipped';

/** One attempt of one tier (the architecture's ExecutionResult, camelCased, plus what the tiers need to say). */
export interface ExecutionResult {
  success: boolean;
  tier: FallbackTier;
  attemptMethod: string;
  /** The tier's place in the chain: 1 queue, 2 API, 3 command. */
  attemptNumber: number;
  executionTimeSeconds: number;
  /** The task's output, cut to 200 characters, or what happened instead. */
  resultSummary: string;
  errorMessage: string | null;
  outcome: AttemptOutcome;
  /** True when this call started no run: the tier answered with the result of an earlier or concurrent run under the same key. */
  deduplicated: boolean;
  /** The task's own return value (queue), response body (API) or standard output (command). */
  output?: unknown;
}

/** What `FallbackRouter.routeToFallback` did (the architecture's RoutingResult, camelCased). */
export interface RoutingResult {
  /** True when a tier did the job. */
  routed: boolean;
  /** The mapped task (the architecture's `celery_task_name`); null when the run needed no recovery. */
  taskName: string | null;
  /** The attempt that settled the recovery (the successful one, else the last one tried). */
  executionResult: ExecutionResult | null;
  attempts: ExecutionResult[];
  reason: string;
  /** uid of the `n8n_recovery_attempted` event, when a recorder was given. */
  eventId: string | null;
  idempotencyKey: string | null;
}

const SUMMARY_LIMIT = 200;

/** A task's textual answer as JSON when it is JSON, else the text; null when empty. */
export function parseTaskOutput(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return null;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}

/** A one-line, bounded text for a task's output, whatever its type. */
export function summarizeOutput(output: unknown): string {
  if (output === undefined || output === null || output === '') return '';
  const text = typeof output === 'string' ? output : (JSON.stringify(output) ?? String(output));
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_LIMIT ? `${line.slice(0, SUMMARY_LIMIT - 1)}…` : line;
}

/** What every tier is asked to do: the same task, params and key. */
export interface TierTask {
  taskName: string;
  params: Record<string, unknown>;
  idempotencyKey: string;
}

/** What a tier reports; the router adds the timing and the attempt number. */
export interface TierAttemptResult {
  outcome: Exclude<AttemptOutcome, 'skipped'>;
  errorMessage: string | null;
  deduplicated?: boolean;
  output?: unknown;
}

export interface TierContext {
  /** The recovery's overall deadline (ms since the epoch). */
  deadlineAt?: number;
}

/** One fallback tier: does the task within `timeoutMs` and says how it went; never throws for a task failure. */
export interface TierExecutor {
  execute(task: TierTask, timeoutMs: number, context?: TierContext): Promise<TierAttemptResult>;
  close?(): Promise<void>;
}
