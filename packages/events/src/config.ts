import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { ConfigError } from './errors';

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value), 'is not true or false')
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

function url(protocols: readonly string[]) {
  return z
    .string()
    .trim()
    .refine((value) => URL.canParse(value), 'is not a URL')
    .refine((value) => !URL.canParse(value) || protocols.includes(new URL(value).protocol), `must start with ${protocols.join(' or ')}//`);
}

// Each variable: its schema and an example of a good value for the error message.
const variables = {
  DATABASE_URL: { schema: url(['postgres:', 'postgresql:']), example: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/tier1' },
  TIER1_HOME: { schema: z.string().trim().min(1, 'is empty'), example: 'TIER1_HOME=/var/lib/tier1' },
  TIER1_PROJECT_ID: { schema: z.string().trim().min(1, 'is empty').max(255), example: 'TIER1_PROJECT_ID=my-service' },
  REDIS_URL: { schema: url(['redis:', 'rediss:']), example: 'REDIS_URL=redis://127.0.0.1:6379/0' },
  N8N_URL: { schema: url(['http:', 'https:']), example: 'N8N_URL=http://localhost:5678' },
  N8N_API_KEY: { schema: z.string().trim().min(1, 'is empty'), example: 'N8N_API_KEY=<the key from n8n Settings > n8n API>' },
  LOG_LEVEL: {
    schema: z.string().trim().toLowerCase().pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent'], 'must be debug, info, warn, error or silent')),
    example: 'LOG_LEVEL=info',
  },
  LOG_FILE: { schema: z.string().trim().min(1, 'is empty'), example: 'LOG_FILE=/var/log/tier1.log' },
  AUTOMATION_ENABLED: { schema: flag, example: 'AUTOMATION_ENABLED=true' },
  ACTION_ITEM_TRACKING_ENABLED: { schema: flag, example: 'ACTION_ITEM_TRACKING_ENABLED=true' },
  N8N_RELIABILITY_ENABLED: { schema: flag, example: 'N8N_RELIABILITY_ENABLED=false' },
  TIER1_LOCK_TIMEOUT_MS: {
    schema: z.coerce.number('is not a number').int('is not a whole number').min(0, 'is negative').max(600_000, 'is over 600000'),
    example: 'TIER1_LOCK_TIMEOUT_MS=5000',
  },
} as const;

type VariableName = keyof typeof variables;

export interface Tier1Config {
  /** PostgreSQL when set; the embedded PGlite under `home` otherwise. */
  databaseUrl: string | undefined;
  /** Tier 1's local state: the PGlite data directory, the spool, the hook's logs. */
  home: string;
  projectId: string;
  redisUrl: string | undefined;
  n8nUrl: string | undefined;
  n8nApiKey: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  logFile: string | undefined;
  automationEnabled: boolean;
  actionItemTrackingEnabled: boolean;
  n8nReliabilityEnabled: boolean;
  /** How long a second process waits for the embedded database before it gives up. */
  lockTimeoutMs: number;
  /** Values that are never stored in an event: API keys and database passwords. */
  secrets: string[];
}

export interface LoadConfigOptions {
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** The project directory: where `.env` is read and `.tier1/` lives. Defaults to the working directory. */
  cwd?: string;
  /** Set to false to ignore `.env`. */
  envFile?: string | false;
}

function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new ConfigError(path, `could not be read (${(error as Error).message})`, 'KEY=value, one a line');
  }
}

/**
 * Reads Tier 1's configuration from the environment and the project's `.env` (the environment
 * wins). An empty value counts as unset. A bad value throws a ConfigError naming the variable,
 * what is wrong with it and an example of a good one.
 */
export function loadConfig(options: LoadConfigOptions = {}): Tier1Config {
  const cwd = resolve(options.cwd ?? process.cwd());
  const fromFile = options.envFile === false ? {} : readEnvFile(resolve(cwd, options.envFile ?? '.env'));
  const source: Record<string, string | undefined> = { ...fromFile, ...(options.env ?? process.env) };

  const values: Partial<Record<VariableName, unknown>> = {};
  for (const [name, { schema, example }] of Object.entries(variables) as [VariableName, (typeof variables)[VariableName]][]) {
    const raw = source[name];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = (schema as z.ZodType).safeParse(raw);
    if (!parsed.success) {
      const shown = name === 'N8N_API_KEY' ? 'the value' : `"${raw}"`;
      throw new ConfigError(name, `${shown} ${parsed.error.issues[0]?.message ?? 'is not valid'}`, example);
    }
    values[name] = parsed.data;
  }

  const databaseUrl = values.DATABASE_URL as string | undefined;
  const n8nApiKey = values.N8N_API_KEY as string | undefined;
  const databasePassword = databaseUrl ? decodeURIComponent(new URL(databaseUrl).password) : '';
  return {
    databaseUrl,
    home: resolve(cwd, (values.TIER1_HOME as string | undefined) ?? join(cwd, '.tier1')),
    projectId: (values.TIER1_PROJECT_ID as string | undefined) ?? (cwd.split(/[\\/]/).pop() || 'default'),
    redisUrl: values.REDIS_URL as string | undefined,
    n8nUrl: values.N8N_URL as string | undefined,
    n8nApiKey,
    logLevel: (values.LOG_LEVEL as Tier1Config['logLevel'] | undefined) ?? 'info',
    logFile: values.LOG_FILE as string | undefined,
    automationEnabled: (values.AUTOMATION_ENABLED as boolean | undefined) ?? true,
    actionItemTrackingEnabled: (values.ACTION_ITEM_TRACKING_ENABLED as boolean | undefined) ?? true,
    n8nReliabilityEnabled: (values.N8N_RELIABILITY_ENABLED as boolean | undefined) ?? true,
    lockTimeoutMs: (values.TIER1_LOCK_TIMEOUT_MS as number | undefined) ?? 5000,
    secrets: [n8nApiKey, databasePassword].filter((secret): secret is string => Boolean(secret)),
  };
}
