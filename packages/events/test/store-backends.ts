import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { AutomationHub } from '../src/automation-hub';
import { connectPglite, connectPostgres, type StoreConnection } from '../src/db/connection';
import { findMigrationsFolder } from '../src/db/migrations-folder';
import { type OpenAutomationHubOptions, openAutomationHub } from '../src/open-automation-hub';

/**
 * The backends the store suite runs on. PostgreSQL: each store is a fresh database
 * tier1_t_<random> made through TIER1_TEST_DATABASE_URL and dropped after the suite. When the
 * server is unreachable the [postgres] suite is skipped with a message, unless
 * TIER1_REQUIRE_POSTGRES=1, where it fails.
 */
export const ADMIN_DATABASE_URL =
  process.env.TIER1_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const POSTGRES_REQUIRED = process.env.TIER1_REQUIRE_POSTGRES === '1';

export type BackendName = 'pglite' | 'postgres';

export interface StoreBackend {
  name: BackendName;
  /** Why the backend cannot run here, or undefined when it can. */
  unavailable: string | undefined;
  /** A new, empty store (migrated unless `migrate: false`). */
  openFreshStore(options?: Omit<OpenAutomationHubOptions, 'databaseUrl' | 'dataDir'>): Promise<AutomationHub>;
  /** A new, migrated store and the raw connection under it, for tests that must reach past the hub. */
  openFreshConnection(options?: {
    secrets?: string[];
  }): Promise<{ hub: AutomationHub; connection: StoreConnection }>;
  /** Closes the stores and drops the databases this backend made. */
  cleanup(): Promise<void>;
}

async function probePostgres(): Promise<string | undefined> {
  const admin = postgres(ADMIN_DATABASE_URL, { connect_timeout: 3, max: 1, onnotice: () => {} });
  try {
    await admin`select 1`;
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${ADMIN_DATABASE_URL} is unreachable (${(error as Error).message})`;
  } finally {
    await admin.end({ timeout: 1 });
  }
}

const postgresUnavailable = await probePostgres();
if (postgresUnavailable && !POSTGRES_REQUIRED) {
  console.warn(
    `[postgres] store tests SKIPPED: ${postgresUnavailable}. Set TIER1_REQUIRE_POSTGRES=1 to make this a failure.`,
  );
}

export function databaseUrlFor(database: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

// PGlite's first start runs initdb, which takes 10-15 s on a busy 2-core machine, while reopening
// an existing directory takes under a second. So each test process initialises one directory
// and every fresh PGlite store is a copy of it.
let pgliteTemplate: Promise<string> | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'tier1-store-test-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));

export function freshPgliteDirectory(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const template = join(scratch, 'template');
    await (await openAutomationHub({ dataDir: template, migrate: false })).close();
    return template;
  })();
  return pgliteTemplate.then((template) => {
    const directory = join(scratch, randomBytes(6).toString('hex'));
    cpSync(template, directory, { recursive: true });
    return directory;
  });
}

function createBackend(name: BackendName): StoreBackend {
  const hubs: AutomationHub[] = [];
  const databases: string[] = [];
  const createDatabase = async () => {
    const database = `tier1_t_${randomBytes(6).toString('hex')}`;
    const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${database}`);
    } finally {
      await admin.end();
    }
    databases.push(database);
    return databaseUrlFor(database);
  };
  const track = (hub: AutomationHub) => {
    hubs.push(hub);
    return hub;
  };
  return {
    name,
    unavailable: name === 'postgres' ? postgresUnavailable : undefined,
    async openFreshStore(options = {}) {
      if (name === 'pglite')
        return track(await openAutomationHub({ ...options, dataDir: await freshPgliteDirectory() }));
      return track(
        await openAutomationHub({ migrate: true, ...options, databaseUrl: await createDatabase() }),
      );
    },
    async openFreshConnection({ secrets } = {}) {
      const connection =
        name === 'pglite'
          ? await connectPglite(await freshPgliteDirectory(), { lockTimeoutMs: 5000 })
          : await connectPostgres(await createDatabase());
      const hub = track(new AutomationHub(connection, { migrationsFolder: findMigrationsFolder(), secrets }));
      await hub.migrate();
      return { hub, connection };
    },
    async cleanup() {
      await Promise.all(hubs.splice(0).map((hub) => hub.close()));
      if (databases.length === 0) return;
      const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        for (const database of databases.splice(0))
          await admin.unsafe(`drop database if exists ${database} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export const STORE_BACKENDS: BackendName[] = ['pglite', 'postgres'];

export function storeBackend(name: BackendName): StoreBackend {
  return createBackend(name);
}
