import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, type Tier1Config, Tier1Error } from '@tier1/core';
import { z } from 'zod';
import { isModulePath } from './module-path';
import { DEFAULT_QUEUE_NAME, DEFAULT_QUEUE_PREFIX } from './queue-tier';

/**
 * The n8n reliability layer's configuration: which n8n workflow does which fallback task, where
 * its webhook lives, and how long each fallback tier may take. It is read from a JSON file
 * (`TIER1_N8N_CONFIG`, else `<cwd>/tier1.n8n.json`); N8N_URL and N8N_API_KEY come from Tier 1's
 * own configuration (environment or `.env`) and never from this file, so the file can be committed.
 *
 * Readers: the detection half (monitor, watcher, executeWithFallback, hook) and the fallback
 * router (mapping, tier timeouts, API URL, command template, overall deadline).
 */

/** Milliseconds each fallback tier may take. */
export interface TierTimeouts {
  queue: number;
  api: number;
  command: number;
}

/** The architecture's tier timeouts: queue 1 s, API 5 s, command 30 s (36 s in all). */
export const DEFAULT_TIER_TIMEOUTS: Readonly<TierTimeouts> = Object.freeze({
  queue: 1_000,
  api: 5_000,
  command: 30_000,
});

/** The deployment guide's "Recommended Values by Use Case", selectable per workflow or globally. */
export const TIER_TIMEOUT_PRESETS = Object.freeze({
  quick: Object.freeze({ queue: 1_000, api: 3_000, command: 15_000 }),
  standard: Object.freeze({ queue: 2_000, api: 5_000, command: 30_000 }),
  heavy: Object.freeze({ queue: 5_000, api: 15_000, command: 60_000 }),
  video: Object.freeze({ queue: 10_000, api: 30_000, command: 120_000 }),
} satisfies Record<string, Readonly<TierTimeouts>>);

export type TierPreset = keyof typeof TIER_TIMEOUT_PRESETS;
const PRESET_NAMES = Object.keys(TIER_TIMEOUT_PRESETS) as [TierPreset, ...TierPreset[]];

/** The architecture's n8n monitor timeout: a run longer than this is an execution_timeout. */
export const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 30;

/** One mapped workflow, with every default applied. */
export interface WorkflowMapping {
  /** The workflow's name in n8n (the key of the mapping). */
  name: string;
  /** The fallback task that does the same job (the architecture's `video-assembly` → `process_video`). */
  task: string;
  /** The production webhook path: `POST {webhookBaseUrl}/{webhookPath}`. Defaults to the name. */
  webhookPath: string;
  /** n8n's workflow id, when known; otherwise looked up by name through `GET /api/v1/workflows`. */
  workflowId: string | undefined;
  tierTimeoutsMs: TierTimeouts;
  executionTimeoutSeconds: number;
  /**
   * The workflow legitimately answers 200 with an empty body (a "Respond: Immediately" webhook
   * or one with nothing to return). Off by default, because n8n 1.100 to 2.6 also answer an empty
   * 200 when the workflow errored before its Respond to Webhook node.
   */
  allowEmptyResponse: boolean;
}

export interface N8nReliabilityConfig {
  /**
   * The project every n8n event (failure, recovery) is recorded under: Tier 1's project id
   * (TIER1_PROJECT_ID, else the project folder's name), the same for the hook, `tier1 n8n run`
   * and `tier1 n8n watch`; `n8n` (the architecture's example) without a Tier 1 configuration.
   */
  projectId: string;
  /**
   * `<home>/n8n-circuits.json`: the fallback tiers' circuit breakers, shared by every Tier 1
   * process of the project (the hook, tier1 n8n run, watch, the worker's /metrics). Without a
   * Tier 1 configuration, undefined: each router keeps its breakers in memory.
   */
  circuitStatePath: string | undefined;
  /** N8N_URL: the n8n instance (its public API is `{n8nUrl}/api/v1`). */
  n8nUrl: string | undefined;
  /** N8N_API_KEY: enables confirming outcomes through the executions API. Never printed. */
  n8nApiKey: string | undefined;
  /** Where production webhooks live; defaults to `{n8nUrl}/webhook`. */
  webhookBaseUrl: string | undefined;
  /** Bound on each call to n8n's public API. */
  apiTimeoutMs: number;
  executionTimeoutSeconds: number;
  /** Default tier timeouts for workflows that do not choose their own. */
  tierTimeoutsMs: TierTimeouts;
  /** One deadline over every tier of one recovery; defaults to the sum of the tier timeouts. */
  overallDeadlineMs: number | undefined;
  /** The API tier's base URL (`POST {apiUrl}/tasks/{task}`); the architecture uses http://localhost:8000. */
  apiUrl: string;
  /** The command tier's template, split on spaces and run without a shell; `{task}` is replaced. */
  commandTemplate: string;
  /** The BullMQ queue of the queue tier: the router adds to it, `tier1 worker` takes from it. */
  queueName: string;
  /** BullMQ's key prefix of that queue in Redis. */
  queuePrefix: string;
  /** Extra Claude Code tool names (besides n8n's MCP execute tools) that run n8n workflows. */
  toolNames: string[];
  workflows: Record<string, WorkflowMapping>;
  /**
   * The module with the queue tier's task functions, for `tier1 worker` (TIER1_WORKER_HANDLERS
   * and --handlers win). A path in the file is relative to the file; a package name stays as it is.
   */
  workerHandlers: string | undefined;
}

export const DEFAULT_N8N_PROJECT_ID = 'n8n';
export const DEFAULT_API_URL = 'http://localhost:8000';
export const DEFAULT_COMMAND_TEMPLATE = 'systemctl start tier1-task@{task}';
export const N8N_CONFIG_FILE = 'tier1.n8n.json';
export const N8N_CIRCUITS_FILE = 'n8n-circuits.json';

const positiveMs = z.number().int().positive();
const timeoutsSchema = z.strictObject({ queue: positiveMs, api: positiveMs, command: positiveMs }).partial();
const presetSchema = z.enum(PRESET_NAMES);
const httpUrl = z.url({ protocol: /^https?$/ });

// A bare string is the task name; turned into an object first so errors name the exact field.
const workflowSchema = z.preprocess(
  (entry) => (typeof entry === 'string' ? { task: entry } : entry),
  z.strictObject({
    task: z.string().min(1),
    webhookPath: z.string().min(1).optional(),
    workflowId: z.string().min(1).optional(),
    preset: presetSchema.optional(),
    tierTimeoutsMs: timeoutsSchema.optional(),
    executionTimeoutSeconds: z.number().positive().optional(),
    allowEmptyResponse: z.boolean().optional(),
  }),
);

/** The JSON file's shape. A workflow may be just its task name: `"kb-indexing": "index_kb"`. */
export const n8nConfigFileSchema = z.strictObject({
  webhookBaseUrl: httpUrl.optional(),
  apiTimeoutMs: positiveMs.optional(),
  executionTimeoutSeconds: z.number().positive().optional(),
  preset: presetSchema.optional(),
  tierTimeoutsMs: timeoutsSchema.optional(),
  overallDeadlineMs: positiveMs.optional(),
  apiUrl: httpUrl.optional(),
  commandTemplate: z.string().min(1).optional(),
  // BullMQ keys are `<prefix>:<queue>:...`, so neither may contain the separator.
  queueName: z
    .string()
    .regex(/^[^:]+$/, 'must be non-empty and without ":"')
    .optional(),
  queuePrefix: z
    .string()
    .regex(/^[^:]+$/, 'must be non-empty and without ":"')
    .optional(),
  toolNames: z.array(z.string().min(1)).optional(),
  workflows: z.record(z.string().min(1), workflowSchema).optional(),
  workerHandlers: z.string().min(1).optional(),
});

export type N8nConfigFile = z.input<typeof n8nConfigFileSchema>;

export interface N8nConfigSources {
  n8nUrl?: string | undefined;
  n8nApiKey?: string | undefined;
  /** Tier 1's project id, for the events. */
  projectId?: string | undefined;
  /** Tier 1's home, where the shared circuit state lives. */
  home?: string | undefined;
}

function timeoutsFrom(
  base: TierTimeouts,
  preset: TierPreset | undefined,
  overrides: Partial<TierTimeouts> | undefined,
): TierTimeouts {
  return { ...base, ...(preset ? TIER_TIMEOUT_PRESETS[preset] : {}), ...overrides };
}

/**
 * Validates a configuration object (the file's content) and applies every default. A bad value
 * throws a ConfigError naming the field. `where` names the source in that message.
 */
export function parseN8nConfig(
  input: unknown,
  sources: N8nConfigSources = {},
  where = N8N_CONFIG_FILE,
): N8nReliabilityConfig {
  const parsed = n8nConfigFileSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new ConfigError(
      `${where}: ${field}`,
      issue?.message ?? 'is not valid',
      '{"workflows": {"video-assembly": {"task": "process_video", "preset": "video"}}}',
    );
  }
  const file = parsed.data;
  const n8nUrl = sources.n8nUrl?.replace(/\/+$/, '');
  const executionTimeoutSeconds = file.executionTimeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS;
  const tierTimeoutsMs = timeoutsFrom(DEFAULT_TIER_TIMEOUTS, file.preset, file.tierTimeoutsMs);

  const workflows: Record<string, WorkflowMapping> = {};
  for (const [name, options] of Object.entries(file.workflows ?? {})) {
    workflows[name] = {
      name,
      task: options.task,
      webhookPath: (options.webhookPath ?? name).replace(/^\/+/, ''),
      workflowId: options.workflowId,
      tierTimeoutsMs: timeoutsFrom(tierTimeoutsMs, options.preset, options.tierTimeoutsMs),
      executionTimeoutSeconds: options.executionTimeoutSeconds ?? executionTimeoutSeconds,
      allowEmptyResponse: options.allowEmptyResponse ?? false,
    };
  }

  return {
    n8nUrl,
    n8nApiKey: sources.n8nApiKey,
    projectId: sources.projectId ?? DEFAULT_N8N_PROJECT_ID,
    circuitStatePath: sources.home ? join(sources.home, N8N_CIRCUITS_FILE) : undefined,
    webhookBaseUrl: (file.webhookBaseUrl ?? (n8nUrl ? `${n8nUrl}/webhook` : undefined))?.replace(/\/+$/, ''),
    apiTimeoutMs: file.apiTimeoutMs ?? 5_000,
    executionTimeoutSeconds,
    tierTimeoutsMs,
    overallDeadlineMs: file.overallDeadlineMs,
    apiUrl: (file.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    commandTemplate: file.commandTemplate ?? DEFAULT_COMMAND_TEMPLATE,
    queueName: file.queueName ?? DEFAULT_QUEUE_NAME,
    queuePrefix: file.queuePrefix ?? DEFAULT_QUEUE_PREFIX,
    toolNames: file.toolNames ?? [],
    workflows,
    workerHandlers: file.workerHandlers,
  };
}

export interface LoadN8nConfigOptions {
  /** Tier 1's configuration: supplies N8N_URL and N8N_API_KEY. */
  config?: Pick<Tier1Config, 'n8nUrl' | 'n8nApiKey'> & Partial<Pick<Tier1Config, 'projectId' | 'home'>>;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Reads the layer's configuration from `TIER1_N8N_CONFIG` or `<cwd>/tier1.n8n.json`. A missing
 * default file means "no workflows mapped"; a missing file named by TIER1_N8N_CONFIG is an error.
 */
export function loadN8nConfig(options: LoadN8nConfigOptions = {}): N8nReliabilityConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const named = env.TIER1_N8N_CONFIG?.trim();
  const path = resolve(cwd, named || N8N_CONFIG_FILE);
  const sources = {
    n8nUrl: options.config?.n8nUrl,
    n8nApiKey: options.config?.n8nApiKey,
    projectId: options.config?.projectId,
    home: options.config?.home,
  };
  if (!existsSync(path)) {
    if (named)
      throw new ConfigError(
        'TIER1_N8N_CONFIG',
        `${path} does not exist`,
        `TIER1_N8N_CONFIG=./${N8N_CONFIG_FILE}`,
      );
    return parseN8nConfig({}, sources);
  }
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      path,
      `is not valid JSON (${(error as Error).message})`,
      '{"workflows": {"kb-indexing": "index_kb"}}',
    );
  }
  const parsed = parseN8nConfig(content, sources, path);
  const handlers = parsed.workerHandlers;
  return handlers !== undefined && isModulePath(handlers)
    ? { ...parsed, workerHandlers: resolve(dirname(path), handlers) }
    : parsed;
}

/** A workflow has no fallback task in the mapping: recovery cannot know what to run. */
export class UnmappedWorkflowError extends Tier1Error {
  readonly workflowName: string;

  constructor(workflowName: string, known: string[]) {
    super(
      'N8N_WORKFLOW_UNMAPPED',
      `n8n workflow "${workflowName}" has no fallback task in the mapping${known.length ? ` (mapped: ${known.join(', ')})` : ' (no workflows are mapped)'}`,
      {
        hint: `add it to ${N8N_CONFIG_FILE}: {"workflows": {"${workflowName}": {"task": "<task name>"}}}`,
      },
    );
    this.workflowName = workflowName;
  }
}

/** The mapping of one workflow, or undefined. */
export function findWorkflow(
  config: Pick<N8nReliabilityConfig, 'workflows'>,
  workflowName: string,
): WorkflowMapping | undefined {
  return Object.hasOwn(config.workflows, workflowName) ? config.workflows[workflowName] : undefined;
}

/** The mapping of one workflow; an unmapped workflow throws UnmappedWorkflowError. */
export function requireWorkflow(
  config: Pick<N8nReliabilityConfig, 'workflows'>,
  workflowName: string,
): WorkflowMapping {
  const mapping = findWorkflow(config, workflowName);
  if (!mapping) throw new UnmappedWorkflowError(workflowName, Object.keys(config.workflows));
  return mapping;
}
