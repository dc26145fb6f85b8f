import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { describeIntegerBounds, type IntegerBounds, parseBoundedInteger } from './bounded-integer';
import { ConfigError } from './errors';

/** Parses a raw value, or throws the problem as a phrase ("is not a URL"). */
type Parse<T> = (raw: string) => T;

class Problem extends Error {}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

const flag: Parse<boolean> = (raw) => {
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new Problem('is not true or false');
};

const text: Parse<string> = (raw) => raw.trim();

function url(protocols: readonly string[]): Parse<string> {
  return (raw) => {
    const value = raw.trim();
    if (!URL.canParse(value)) throw new Problem('is not a URL');
    if (!protocols.includes(new URL(value).protocol))
      throw new Problem(`must start with ${protocols.join(' or ')}//`);
    return value;
  };
}

function oneOf<T extends string>(values: readonly T[]): Parse<T> {
  return (raw) => {
    const value = raw.trim().toLowerCase() as T;
    if (!values.includes(value))
      throw new Problem(`must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`);
    return value;
  };
}

function wholeNumber(bounds: IntegerBounds): Parse<number> {
  return (raw) => {
    const value = parseBoundedInteger(raw, bounds);
    if (value === undefined) throw new Problem(`is not ${describeIntegerBounds(bounds)}`);
    return value;
  };
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

// Each variable: how to parse it and an example of a good value for the error message.
// Hand-written rather than zod: the hook process reads this on every tool call, and loading
// zod would double its start-up.
const variables = {
  DATABASE_URL: {
    parse: url(['postgres:', 'postgresql:']),
    example: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/tier1',
  },
  TIER1_HOME: { parse: text, example: 'TIER1_HOME=/var/lib/tier1' },
  TIER1_PROJECT_ID: {
    parse: (raw: string) => {
      if (raw.trim().length > 255) throw new Problem('is longer than 255 characters');
      return raw.trim();
    },
    example: 'TIER1_PROJECT_ID=my-service',
  },
  REDIS_URL: { parse: url(['redis:', 'rediss:']), example: 'REDIS_URL=redis://127.0.0.1:6379/0' },
  N8N_URL: { parse: url(['http:', 'https:']), example: 'N8N_URL=http://localhost:5678' },
  N8N_API_KEY: { parse: text, example: 'N8N_API_KEY=<the key from n8n Settings > n8n API>' },
  LOG_LEVEL: { parse: oneOf(LOG_LEVELS), example: 'LOG_LEVEL=info' },
  LOG_FILE: { parse: text, example: 'LOG_FILE=/var/log/tier1.log' },
  AUTOMATION_ENABLED: { parse: flag, example: 'AUTOMATION_ENABLED=true' },
  ACTION_ITEM_TRACKING_ENABLED: { parse: flag, example: 'ACTION_ITEM_TRACKING_ENABLED=true' },
  N8N_RELIABILITY_ENABLED: { parse: flag, example: 'N8N_RELIABILITY_ENABLED=false' },
  TIER1_LOCK_TIMEOUT_MS: {
    parse: wholeNumber({ min: 0, max: 600_000 }),
    example: 'TIER1_LOCK_TIMEOUT_MS=5000',
  },
} as const;

type VariableName = keyof typeof variables;

export interface Tier1Config {
  /** PostgreSQL when set; the embedded PGlite under `home` otherwise. */
  databaseUrl: string | undefined;
  /** Tier 1's local state: the PGlite data directory, the spool, the hook's logs. */
  home: string;
  /** TIER1_PROJECT_ID, else the project folder's name. */
  projectId: string;
  /**
   * TIER1_PROJECT_ID as set; undefined when projectId is only the folder's name, so a command
   * about another folder (`tier1 check ../other`) names its project after that folder.
   */
  projectIdSetting: string | undefined;
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
  for (const [name, { parse, example }] of Object.entries(variables) as [
    VariableName,
    (typeof variables)[VariableName],
  ][]) {
    const raw = source[name];
    if (raw === undefined || raw.trim() === '') continue;
    try {
      values[name] = parse(raw);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      const shown = name === 'N8N_API_KEY' ? 'the value' : `"${raw}"`;
      throw new ConfigError(name, `${shown} ${error.message}`, example);
    }
  }

  const databaseUrl = values.DATABASE_URL as string | undefined;
  const n8nApiKey = values.N8N_API_KEY as string | undefined;
  const databasePassword = databaseUrl ? decodeURIComponent(new URL(databaseUrl).password) : '';
  const projectIdSetting = values.TIER1_PROJECT_ID as string | undefined;
  return {
    databaseUrl,
    home: resolve(cwd, (values.TIER1_HOME as string | undefined) ?? join(cwd, '.tier1')),
    projectId: projectIdSetting ?? (cwd.split(/[\\/]/).pop() || 'default'),
    projectIdSetting,
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

export interface IntegerVariable extends IntegerBounds {
  /** The value when the variable is unset or empty. */
  fallback: number;
  /** A good value, shown in the error: `5000`. */
  example: string;
}

/**
 * One whole-number variable that is not part of Tier1Config because only one program reads it
 * (the hook's input limits, the worker's concurrency). A bad value throws a ConfigError like
 * loadConfig's.
 */
export function readIntegerVariable(
  env: Record<string, string | undefined>,
  name: string,
  variable: IntegerVariable,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return variable.fallback;
  const value = parseBoundedInteger(raw, variable);
  if (value === undefined)
    throw new ConfigError(
      name,
      `"${raw}" is not ${describeIntegerBounds(variable)}`,
      `${name}=${variable.example}`,
    );
  return value;
}
