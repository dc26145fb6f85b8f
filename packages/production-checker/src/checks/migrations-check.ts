import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckDefinition, CheckOutcome } from '../check-definition';
import { projectEnvironment } from '../project-env';

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/**
 * The migrations of a drizzle journal the database has not applied. drizzle's migrator records
 * each applied migration in `drizzle.__drizzle_migrations` with `created_at` = the journal entry's
 * `when`, and applies every entry newer than the newest row
 * (drizzle-orm pg-core dialect `migrate`), so the same rule says what is pending.
 */
export function pendingMigrations(
  journal: readonly JournalEntry[],
  lastAppliedAt: number | undefined,
): JournalEntry[] {
  return journal.filter((entry) => lastAppliedAt === undefined || entry.when > lastAppliedAt);
}

async function lastAppliedAt(databaseUrl: string, signal: AbortSignal): Promise<number | undefined> {
  // Loaded on first use (docs/production-checker.md, "Loading").
  const { default: postgres } = await import('postgres');
  const sql = postgres(databaseUrl, { max: 1, connect_timeout: 10, idle_timeout: 1, onnotice: () => {} });
  const stop = () => void sql.end({ timeout: 0 });
  signal.addEventListener('abort', stop, { once: true });
  try {
    const rows = await sql<
      { created_at: string | null }[]
    >`select max(created_at)::text as created_at from drizzle.__drizzle_migrations`;
    const value = rows[0]?.created_at;
    return value === null || value === undefined ? undefined : Number(value);
  } catch (error) {
    // 42P01 undefined_table, 3F000 invalid_schema_name: drizzle never migrated this database.
    if (['42P01', '3F000'].includes((error as { code?: string }).code ?? '')) return undefined;
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
    await sql.end({ timeout: 1 });
  }
}

function databaseHost(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

function journalMissing(folder: string): CheckOutcome {
  return {
    passed: false,
    details: `${folder}/meta/_journal.json not found (is ${folder} drizzle's migrations folder?)`,
    evidence: {
      migrations_folder: folder,
      fix: 'set deployment.migrationsFolder to the folder drizzle-kit generates into',
    },
    confidence: 100,
  };
}

function databaseUrlMissing(folder: string, variable: string): CheckOutcome {
  return {
    passed: false,
    details: `${variable} is not set, so the database cannot be compared with ${folder}`,
    evidence: {
      migrations_folder: folder,
      database_url_variable: variable,
      fix: `set ${variable} in the environment or .env (or deployment.databaseUrlVariable to the variable you use)`,
    },
    confidence: 100,
  };
}

function databaseUnreadable(
  folder: string,
  variable: string,
  databaseUrl: string,
  error: Error,
): CheckOutcome {
  return {
    passed: false,
    details: `could not read the applied migrations from ${databaseHost(databaseUrl)}: ${error.message}`,
    evidence: {
      migrations_folder: folder,
      database: databaseHost(databaseUrl),
      error: error.message,
      fix: `check that the database in ${variable} is reachable and the URL is right`,
    },
    confidence: 70,
  };
}

function pendingOutcome(
  journal: JournalEntry[],
  applied: number | undefined,
  folder: string,
  databaseUrl: string,
): CheckOutcome {
  const pending = pendingMigrations(journal, applied);
  const evidence = {
    migrations_folder: folder,
    database: databaseHost(databaseUrl),
    journal_count: journal.length,
    last_applied_at: applied === undefined ? null : new Date(applied).toISOString(),
    pending_count: pending.length,
    pending: pending.map((entry) => entry.tag),
  };
  if (pending.length > 0)
    return {
      passed: false,
      details: `${pending.length} pending migration${pending.length === 1 ? '' : 's'}: ${evidence.pending.join(', ')}`,
      evidence: {
        ...evidence,
        fix: 'apply them before deploying (drizzle-kit migrate, or your migrate script)',
      },
      confidence: 100,
    };
  return { passed: true, details: `all ${journal.length} migrations applied`, evidence, confidence: 100 };
}

/** No drizzle migration left to apply to the deployment database (runs when deployment.migrationsFolder is set). */
export const migrationsCheck: CheckDefinition = {
  name: 'migrations',
  severity: 'blocking',
  timeoutMs: 30_000,
  enabledByDefault: (config) => config.deployment?.migrationsFolder !== undefined,
  async run({ root, config, env, signal }) {
    const folder = config.deployment?.migrationsFolder ?? 'drizzle';
    const variable = config.deployment?.databaseUrlVariable ?? 'DATABASE_URL';
    const journalPath = join(root, folder, 'meta', '_journal.json');
    if (!existsSync(journalPath)) return journalMissing(folder);
    const journal = (JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] }).entries;
    const databaseUrl = projectEnvironment(root, env)[variable];
    if (!databaseUrl) return databaseUrlMissing(folder, variable);
    let applied: number | undefined;
    try {
      applied = await lastAppliedAt(databaseUrl, signal);
    } catch (error) {
      return databaseUnreadable(folder, variable, databaseUrl, error as Error);
    }
    return pendingOutcome(journal, applied, folder, databaseUrl);
  },
};
