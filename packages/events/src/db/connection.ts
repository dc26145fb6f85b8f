import { mkdirSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { acquireFileLock } from '@tier1/core';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { describePostgres, storeDamaged, storeUnavailable } from './store-errors';

export const IN_MEMORY = 'memory://';

/** Both drivers behind one drizzle type: the hub builds its queries once for either. */
export type StoreDatabase = PgDatabase<PgQueryResultHKT>;

/** Which database the store runs on. */
export type StoreBackend = 'pglite' | 'postgres';

export interface StoreConnection {
  /** What holds the events, for people: PGlite even when it is reached through `tier1 serve`. */
  readonly backend: StoreBackend;
  /** How this process talks to it: PGlite in-process, or postgres.js over the wire (PostgreSQL or `tier1 serve`). */
  readonly driver: StoreBackend;
  /** The PGlite instance when this process holds the embedded store itself (tier1 serve shares it). */
  readonly embedded?: PGlite;
  /** For messages: "PGlite at <dir>" or "PostgreSQL at host:port/db" (never a password). */
  readonly store: string;
  readonly db: StoreDatabase;
  /**
   * Raw statements, for what drizzle's query builder makes slow (building a 1000-row INSERT
   * costs more than running it) or cannot say. The only place the two drivers differ.
   */
  readonly execute: ExecuteSql;
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (execute: ExecuteSql) => Promise<T>): Promise<T>;
  applyMigrations(migrationsFolder: string): Promise<void>;
  close(): Promise<void>;
}

/** Rows of a raw statement and how many rows it inserted, updated or deleted. */
export interface SqlResult<Row> {
  rows: Row[];
  affectedRows: number;
}

/** Runs one raw statement with $1… parameters (bound as text, cast by the server). */
export type ExecuteSql = <Row = Record<string, unknown>>(
  text: string,
  params?: unknown[],
) => Promise<SqlResult<Row>>;

// Seconds postgres.js waits for a connection: an unreachable server fails fast, never hangs.
const CONNECT_TIMEOUT_SECONDS = 5;
/** The advisory lock key that serialises migrations of one database: "tier1mig" in ASCII, as an int8. */
const MIGRATION_LOCK_KEY = '8388347322084190567';

/** The embedded store as `tier1 serve` shares it over PostgreSQL's wire protocol. */
export interface ServedPglite {
  /** postgres://…@127.0.0.1:<port>/… of the server's socket. */
  url: string;
  /** The store the server holds, "PGlite at <dir>", so messages read as they do without the server. */
  store: string;
}

export async function connectPostgres(
  databaseUrl: string,
  served?: Omit<ServedPglite, 'url'>,
): Promise<StoreConnection> {
  const store = served?.store ?? describePostgres(databaseUrl);
  let client: postgres.Sql | undefined;
  try {
    client = postgres(databaseUrl, {
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      max: 4,
      idle_timeout: 30,
      onnotice: () => {},
      // Every client of tier1 serve shares PGlite's one session, where named prepared statements
      // from two processes would collide ("prepared statement p1 already exists"): use unnamed ones.
      prepare: served === undefined,
    });
    await client`select 1`;
  } catch (error) {
    await client?.end({ timeout: 0 }).catch(() => {});
    throw storeUnavailable(store, error);
  }
  const db = drizzlePostgres({ client });
  const connected = client;
  const executeOn =
    (sql: postgres.Sql | postgres.TransactionSql): ExecuteSql =>
    async <Row>(text: string, params: unknown[] = []) => {
      const result = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return { rows: [...result] as Row[], affectedRows: result.count };
    };
  return {
    backend: served ? 'pglite' : 'postgres',
    driver: 'postgres',
    store,
    db,
    execute: executeOn(client),
    transaction: async (work) =>
      (await connected.begin((transaction) => work(executeOn(transaction)))) as never,
    applyMigrations: async (migrationsFolder) => {
      // Two `tier1 db migrate` at once (parallel deploy jobs) would both find the same migration
      // pending and the second would fail on what the first created ("CREATE SCHEMA IF NOT EXISTS"
      // included). A session-level advisory lock, held on one reserved connection for the whole
      // run, makes the others wait; each then finds nothing left to apply.
      const session = await connected.reserve();
      try {
        await session.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
        try {
          await migratePostgres(db, { migrationsFolder });
        } finally {
          await session.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
        }
      } finally {
        session.release();
      }
    },
    close: () => connected.end({ timeout: 5 }),
  };
}

export interface PgliteOptions {
  /** How long a second opener waits for the first to close before STORE_LOCKED. */
  lockTimeoutMs: number;
  /** Shown to a process that waits for this one, e.g. "tier1 events list". */
  purpose?: string;
}

/**
 * Opens the embedded store. PGlite corrupts a data directory two processes open at once, so
 * `<dataDir>.lock` is held for as long as the store is open (see file-lock.ts).
 */
export async function connectPglite(dataDir: string, options: PgliteOptions): Promise<StoreConnection> {
  if (dataDir === IN_MEMORY)
    return await pgliteConnection('PGlite in memory', await createPglite('PGlite in memory'));
  const store = `PGlite at ${dataDir}`;
  mkdirSync(dirname(dataDir), { recursive: true });
  const lock = await acquireFileLock(`${dataDir}.lock`, {
    timeoutMs: options.lockTimeoutMs,
    purpose: options.purpose ?? 'the Tier 1 event store',
    resource: `the event store (${store})`,
  });
  try {
    assertDatabaseDirectory(store, dataDir);
    const connection = await pgliteConnection(store, await createPglite(store, dataDir));
    return {
      ...connection,
      close: async () => {
        try {
          await connection.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * PGlite initialises a new, empty database in a directory without PG_VERSION, even one full of
 * another database's files: the events would be gone without a word. A directory that is not
 * empty and has no PG_VERSION is refused instead.
 */
function assertDatabaseDirectory(store: string, dataDir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw storeUnavailable(store, error);
  }
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw storeDamaged(
      store,
      dataDir,
      `the directory is not empty but holds no database (PG_VERSION is missing); it is not initialised over`,
    );
  }
}

// PGlite and its drizzle driver are loaded only by the process that opens the embedded store:
// one that reaches it through tier1 serve, or uses PostgreSQL, never pays for loading them.
async function createPglite(store: string, dataDir?: string): Promise<PGlite> {
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    return await PGlite.create(dataDir);
  } catch (error) {
    if (dataDir === undefined) throw storeUnavailable(store, error);
    // A directory that exists but does not open: damaged files (truncated, overwritten), not a store that is down.
    throw storeDamaged(store, dataDir, `PGlite cannot open it (${(error as Error).message})`, error);
  }
}

async function pgliteConnection(store: string, client: PGlite): Promise<StoreConnection> {
  const [{ drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const db = drizzlePglite({ client });
  const executeOn =
    (pglite: PGlite | Transaction): ExecuteSql =>
    async <Row>(text: string, params: unknown[] = []) => {
      const result = await pglite.query<Row>(text, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    };
  return {
    backend: 'pglite',
    driver: 'pglite',
    embedded: client,
    store,
    db,
    execute: executeOn(client),
    transaction: (work) => client.transaction((transaction) => work(executeOn(transaction))),
    applyMigrations: (migrationsFolder) => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
