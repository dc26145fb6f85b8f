import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Tier1Error, ValidationError } from '@tier1/core';
import type { ExecuteSql, StoreConnection } from './db/connection';
import type { MigrationStatus } from './db/migration-status';
import { readJsonLines } from './event-jsonl';

/**
 * A backup (`tier1 db backup`, docs/events.md "Backup and restore"): gzip'd JSONL. A header line,
 * then every row of both tables exactly as PostgreSQL gives it (row_to_json: ids, uids, times to
 * the microsecond, archived_at), then a closing line with the row count, so a truncated file is
 * told from a complete one even where gzip itself cannot tell.
 */
export const BACKUP_FORMAT = 'tier1-events-backup';
export const BACKUP_VERSION = 1;

const TABLES = ['automation_events', 'automation_events_archive'] as const;
type TableName = (typeof TABLES)[number];

const PAGE_ROWS = 1000;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  migration: string;
}

type BackupLine =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'row'; table: TableName; row: Record<string, unknown> }
  | { kind: 'end'; rows: number };

export interface BackupCounts {
  /** Rows of automation_events. */
  live: number;
  /** Rows of automation_events_archive. */
  archived: number;
}

export interface RestoreCounts extends BackupCounts {
  /** Rows the store had already (same uid or id): only with `force`. */
  duplicates: number;
}

const BACKUP_DAMAGED = 'BACKUP_DAMAGED';

function backupDamaged(file: string, problem: string, cause?: unknown): Tier1Error {
  return new Tier1Error(BACKUP_DAMAGED, `the backup ${file} is damaged: ${problem}; nothing was restored`, {
    hint: 'restore an older backup (tier1 db restore <file>), or tier1 events import an export',
    cause,
    userMistake: true,
  });
}

/** The backup file named cannot be opened (the user's to fix): which, and the system's reason. */
function backupFileError(
  code: 'BACKUP_UNWRITABLE' | 'BACKUP_UNREADABLE',
  file: string,
  error: unknown,
  hint: string,
): Tier1Error {
  const action = code === 'BACKUP_UNWRITABLE' ? 'write' : 'read';
  return new Tier1Error(code, `cannot ${action} the backup ${file}: ${(error as Error).message}`, {
    hint,
    cause: error,
    userMistake: true,
  });
}

/**
 * Writes every row of both tables to `file`, in one snapshot (a REPEATABLE READ transaction,
 * so an archive() running meanwhile moves no row out of the backup or into it twice). Written
 * to `<file>.partial`, flushed and renamed: `file` is a whole backup or is not there.
 */
export async function backupStore(
  connection: StoreConnection,
  migrations: MigrationStatus,
  file: string,
): Promise<BackupCounts> {
  const migration = migrations.applied.at(-1);
  if (migration === undefined) {
    throw new Tier1Error(
      'STORE_NOT_MIGRATED',
      `the event store, ${connection.store}, has no tables to back up`,
      {
        hint: 'run tier1 db migrate',
      },
    );
  }
  const partial = `${file}.partial`;
  const fd = openOrExplain(partial, file);
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream('', { fd, autoClose: false }));
  try {
    const counts = await connection.transaction(async (execute) => {
      await execute('set transaction isolation level repeatable read');
      const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, migration };
      await writeLine(gzip, JSON.stringify(header));
      const live = await writeTable(execute, 'automation_events', gzip);
      const archived = await writeTable(execute, 'automation_events_archive', gzip);
      await writeLine(gzip, JSON.stringify({ end: true, rows: live + archived }));
      return { live, archived };
    });
    gzip.end();
    await written;
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, file);
    return counts;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
}

function openOrExplain(partial: string, file: string): number {
  try {
    return openSync(partial, 'w');
  } catch (error) {
    throw backupFileError(
      'BACKUP_UNWRITABLE',
      file,
      error,
      'name a file in a folder that exists and that you can write to',
    );
  }
}

async function writeLine(output: Writable, line: string): Promise<void> {
  if (!output.write(`${line}\n`)) await once(output, 'drain');
}

/** Pages through `table` by uid (unique in both tables), each row one line. */
async function writeTable(execute: ExecuteSql, table: TableName, output: Writable): Promise<number> {
  let written = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await execute<{ uid: string; line: string }>(
      `select t.uid::text as uid, row_to_json(t)::text as line from ${table} t
       where t.uid > $1::uuid order by t.uid limit ${PAGE_ROWS}`,
      [after],
    );
    for (const { line } of rows) await writeLine(output, `{"table":"${table}","row":${line}}`);
    written += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < PAGE_ROWS) return written;
    after = last.uid;
  }
}

/**
 * Loads a backup into the store in one transaction: a damaged, truncated or foreign file
 * restores nothing. Refuses a store that holds events unless `force` (then rows whose uid or id
 * is there already are kept as they are and counted as duplicates).
 */
export async function restoreStore(
  connection: StoreConnection,
  migrations: MigrationStatus,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreCounts> {
  return connection.transaction(async (execute) => {
    if (!options.force) await refuseNonEmpty(execute, connection.store);
    return await loadLines(execute, readBackupLines(file), migrations, file);
  });
}

async function refuseNonEmpty(execute: ExecuteSql, store: string): Promise<void> {
  const {
    rows: [row],
  } = await execute<{ live: number; archived: number }>(
    `select (select count(*)::int from automation_events) as live,
            (select count(*)::int from automation_events_archive) as archived`,
  );
  const live = Number(row?.live ?? 0);
  const archived = Number(row?.archived ?? 0);
  if (live + archived === 0) return;
  throw new Tier1Error(
    'STORE_NOT_EMPTY',
    `the event store, ${store}, holds ${live} events (${archived} archived); restore loads into an empty store`,
    {
      hint: 'restore into a new store (another TIER1_HOME or database), or pass --force to add the backup to these events',
      userMistake: true,
    },
  );
}

/**
 * The file's lines, validated; a gzip or JSON failure becomes BACKUP_DAMAGED naming the file.
 * The streams open on the first read, so the reader listens before any of their errors.
 */
async function* readBackupLines(file: string): AsyncGenerator<BackupLine> {
  const input = createGunzip();
  pipeline(createReadStream(file), input).catch(() => {}); // its errors reach the reader through `input`
  try {
    yield* readJsonLines(input, parseBackupLine);
  } catch (error) {
    if (Tier1Error.isInstance(error) && !ValidationError.isInstance(error)) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw backupFileError('BACKUP_UNREADABLE', file, error, 'name the file tier1 db backup wrote');
    }
    throw backupDamaged(file, (error as Error).message, error);
  } finally {
    input.destroy();
  }
}

function parseBackupLine(value: unknown): BackupLine {
  const line = value as Record<string, unknown> | null;
  if (line !== null && typeof line === 'object' && !Array.isArray(line)) {
    if (line.format !== undefined) return { kind: 'header', header: line as unknown as BackupHeader };
    if (line.end === true && typeof line.rows === 'number') return { kind: 'end', rows: line.rows };
    const row = line.row as Record<string, unknown> | null;
    if (
      TABLES.includes(line.table as TableName) &&
      row !== null &&
      typeof row === 'object' &&
      !Array.isArray(row)
    ) {
      return { kind: 'row', table: line.table as TableName, row };
    }
  }
  throw new ValidationError(
    'line',
    'is not a line of a tier1 db backup',
    'name a file tier1 db backup wrote',
  );
}

function checkHeader(line: BackupLine | undefined, migrations: MigrationStatus, file: string): void {
  if (line?.kind !== 'header' || line.header.format !== BACKUP_FORMAT) {
    throw backupDamaged(file, `it does not start with a ${BACKUP_FORMAT} header (is it a tier1 db backup?)`);
  }
  const { version, migration } = line.header;
  if (version !== BACKUP_VERSION) {
    throw new Tier1Error(
      'BACKUP_UNSUPPORTED',
      `the backup ${file} is format version ${version}; this tier1 reads ${BACKUP_VERSION}`,
      {
        hint: 'restore it with the tier1 version that wrote it',
        userMistake: true,
      },
    );
  }
  if (!migrations.applied.includes(migration)) {
    throw new Tier1Error(
      'BACKUP_UNSUPPORTED',
      `the backup ${file} has schema ${migration}, which this store does not have (latest: ${migrations.applied.at(-1) ?? 'none'})`,
      { hint: 'upgrade tier1 and run tier1 db migrate, then restore again', userMistake: true },
    );
  }
}

async function loadLines(
  execute: ExecuteSql,
  lines: AsyncGenerator<BackupLine>,
  migrations: MigrationStatus,
  file: string,
): Promise<RestoreCounts> {
  const first = await lines.next();
  checkHeader(first.done ? undefined : first.value, migrations, file);
  const batches: Record<TableName, Record<string, unknown>[]> = {
    automation_events: [],
    automation_events_archive: [],
  };
  const stored: Record<TableName, number> = { automation_events: 0, automation_events_archive: 0 };
  let read = 0;
  const flush = async (table: TableName) => {
    stored[table] += await insertRows(execute, table, batches[table]);
    batches[table] = [];
  };
  for await (const line of lines) {
    if (line.kind === 'end') {
      if (line.rows !== read) throw backupDamaged(file, `it closes with ${line.rows} rows but holds ${read}`);
      for (const table of TABLES) await flush(table);
      await resetIdentity(execute);
      const live = stored.automation_events;
      const archived = stored.automation_events_archive;
      return { live, archived, duplicates: read - live - archived };
    }
    if (line.kind !== 'row') throw backupDamaged(file, 'a second header in the middle of the file');
    read += 1;
    batches[line.table].push(line.row);
    if (batches[line.table].length === PAGE_ROWS) await flush(line.table);
  }
  throw backupDamaged(file, `it ends after ${read} rows without its closing line (truncated?)`);
}

/** Rows as row_to_json wrote them, back through json_populate_recordset: every column as it was. */
async function insertRows(
  execute: ExecuteSql,
  table: TableName,
  rows: Record<string, unknown>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await execute(
    `insert into ${table} select * from json_populate_recordset(null::${table}, $1::json) on conflict do nothing`,
    [JSON.stringify(rows)],
  );
  return result.affectedRows;
}

/** Events stored after a restore get ids past the restored ones (which were inserted explicitly). */
async function resetIdentity(execute: ExecuteSql): Promise<void> {
  await execute(
    `with top as (select greatest((select max(id) from automation_events), (select max(id) from automation_events_archive)) as id)
     select setval(pg_get_serial_sequence('automation_events', 'id'), coalesce(top.id, 1), top.id is not null) from top`,
  );
}
