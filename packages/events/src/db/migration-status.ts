import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecuteSql } from './connection';

export interface MigrationStatus {
  /** Migration tags (file names without .sql) the database has, oldest first. */
  applied: string[];
  /** Tags `migrate()` would apply, oldest first. */
  pending: string[];
}

interface JournalEntry {
  tag: string;
  when: number;
}

/**
 * Which of the journal's migrations the database has. Mirrors drizzle's own migrator, which
 * records each migration's journal time in drizzle.__drizzle_migrations and applies every
 * journal entry newer than the latest recorded one.
 */
export async function readMigrationStatus(
  execute: ExecuteSql,
  migrationsFolder: string,
): Promise<MigrationStatus> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  const {
    rows: [table],
  } = await execute<{ present: boolean }>(
    "select to_regclass('drizzle.__drizzle_migrations') is not null as present",
  );
  let latest = Number.NEGATIVE_INFINITY;
  if (table?.present) {
    const {
      rows: [row],
    } = await execute<{ latest: string | null }>(
      'select max(created_at)::text as latest from drizzle.__drizzle_migrations',
    );
    if (row?.latest !== null && row?.latest !== undefined) latest = Number(row.latest);
  }
  const entries = [...journal.entries].sort((a, b) => a.when - b.when);
  return {
    applied: entries.filter((entry) => entry.when <= latest).map((entry) => entry.tag),
    pending: entries.filter((entry) => entry.when > latest).map((entry) => entry.tag),
  };
}
