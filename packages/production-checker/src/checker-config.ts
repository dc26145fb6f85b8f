/*
 * The checker configuration's schema and its validation: the one module of the checker that
 * loads zod, and only when a configuration is read (load-checker-config.ts), since loading zod is
 * a tenth of a secret scan's fixed cost (docs/secret-scanning.md, "Speed").
 */
import { ConfigError } from '@tier1/core';
import { z } from 'zod';
import { CHECK_NAMES } from './check-settings';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const checkSettings = z.strictObject({
  enabled: z.boolean().optional(),
  severity: z.enum(['blocking', 'advisory']).optional(),
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
});

/** A command as an argument array: run without a shell, so no value in it is ever interpreted. */
const command = z
  .array(z.string())
  .min(1, 'needs at least the program to run')
  .refine((words) => words[0] !== '', 'starts with an empty program name');

const regexSource = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'is not a valid regular expression');

const smokeRoute = z.strictObject({
  path: z.string().startsWith('/', 'must start with /'),
  method: z.enum(HTTP_METHODS).default('GET'),
  status: z.number().int().min(100).max(599).default(200),
  /** The response body must contain this text. */
  contains: z.string().optional(),
  /** The response body must match this regular expression. */
  matches: regexSource.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
});

export const checkerConfigSchema = z.strictObject({
  checks: z.partialRecord(z.enum(CHECK_NAMES), z.union([z.boolean(), checkSettings])).optional(),
  tests: z
    .strictObject({
      command: command.optional(),
      /** Let turbo and nx replay cached task results; by default every task runs (TURBO_FORCE, NX_SKIP_NX_CACHE). */
      useTaskCache: z.boolean().optional(),
    })
    .optional(),
  /** `required: true`: a project without an integration suite gets a warning instead of "not applicable". */
  integration: z.strictObject({ command: command.optional(), required: z.boolean().optional() }).optional(),
  /** `required: true`: a project without benchmarks gets a warning instead of "not applicable". */
  performance: z.strictObject({ command: command.optional(), required: z.boolean().optional() }).optional(),
  documentation: z.strictObject({ minReadmeLength: z.number().int().min(0).optional() }).optional(),
  security: z.strictObject({ baseline: z.string().min(1).optional() }).optional(),
  deployment: z
    .strictObject({
      /** The branch a deploy must come from; turns the git_state check on. */
      branch: z.string().min(1).optional(),
      /** Require a clean working tree; turns the git_state check on (default true once it is on). */
      clean: z.boolean().optional(),
      /** Untracked files do not count as uncommitted changes. */
      allowUntracked: z.boolean().optional(),
      /** drizzle's migrations folder (with meta/_journal.json); turns the migrations check on. */
      migrationsFolder: z.string().min(1).optional(),
      /** The environment variable holding the database URL the migrations are checked against. */
      databaseUrlVariable: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not an environment variable name')
        .optional(),
      /** Every key of this file must be set; turns the environment check on. */
      envExample: z.string().min(1).optional(),
      smoke: z
        .strictObject({
          baseUrl: z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }),
          timeoutMs: z.number().int().min(1).max(600_000).optional(),
          routes: z.array(smokeRoute).min(1, 'needs at least one route'),
        })
        .optional(),
    })
    .optional(),
});

export type CheckerConfig = z.output<typeof checkerConfigSchema>;
export type CheckerConfigInput = z.input<typeof checkerConfigSchema>;
export type SmokeRoute = z.output<typeof smokeRoute>;

const EXAMPLES: Record<string, string> = {
  checks: `"checks": { "performance": { "severity": "blocking", "timeoutMs": 120000 }, "documentation": false }`,
  tests: `"tests": { "command": ["make", "test"], "useTaskCache": false }`,
  integration: `"integration": { "command": ["npx", "vitest", "run", "--project", "integration"], "required": true }`,
  performance: `"performance": { "command": ["node", "bench/run.mjs"], "required": true }`,
  documentation: `"documentation": { "minReadmeLength": 400 }`,
  security: `"security": { "baseline": ".tier1-secrets-baseline.json" }`,
  deployment: `"deployment": { "branch": "main", "migrationsFolder": "drizzle", "envExample": ".env.example" }`,
  'deployment.smoke': `"smoke": { "baseUrl": "https://example.com", "routes": [{ "path": "/health", "status": 200, "contains": "ok" }] }`,
};

function exampleFor(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  return (
    EXAMPLES[`${first}.${second}`] ??
    EXAMPLES[first ?? ''] ??
    `{ ${Object.keys(EXAMPLES)
      .slice(0, 3)
      .map((key) => `"${key}": …`)
      .join(', ')} }`
  );
}

interface ConfigIssue {
  path: PropertyKey[];
  message: string;
  code?: string;
  errors?: ConfigIssue[][];
}

// A union (`true` or `{ timeoutMs }`) reports only "Invalid input" at its own path; the branch
// that got furthest into the value says what is actually wrong.
function mostSpecificIssue(issue: ConfigIssue): ConfigIssue {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  const branches = issue.errors.flat().map((inner) => mostSpecificIssue(inner));
  const deepest = branches.reduce<ConfigIssue | undefined>(
    (best, inner) => (!best || inner.path.length > best.path.length ? inner : best),
    undefined,
  );
  return deepest && deepest.path.length > 0 ? { ...deepest, path: [...issue.path, ...deepest.path] } : issue;
}

/**
 * Validates a project's checker configuration. A bad value throws a ConfigError naming the file
 * and key path (`tier1.config.json › checks.tests.timeoutMs`), the problem and an example.
 */
export function parseCheckerConfig(value: unknown, source = 'tier1 configuration'): CheckerConfig {
  const parsed = checkerConfigSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] && mostSpecificIssue(parsed.error.issues[0]);
  const path = issue?.path ?? [];
  const where = path.length > 0 ? `${source} › ${path.map(String).join('.')}` : source;
  throw new ConfigError(where, issue?.message ?? 'is not valid', exampleFor(path));
}
