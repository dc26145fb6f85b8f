import { join } from 'node:path';
import type { Tier1Config } from '@tier1/core';
import { useProjectSecretRules } from '@tier1/secrets';
import type { EventTypeRegistry } from './automation-event';
import { AutomationHub } from './automation-hub';
import { connectPglite, connectPostgres, type ServedPglite } from './db/connection';
import { findMigrationsFolder } from './db/migrations-folder';
import { prepareTier1Home } from './tier1-home';

export interface OpenAutomationHubOptions {
  /** PostgreSQL (postgres.js) when set; the embedded PGlite otherwise. */
  databaseUrl?: string;
  /** The embedded store held by `tier1 serve`, reached through its PostgreSQL socket (wins over the rest). */
  served?: ServedPglite;
  /** PGlite data directory (default `<cwd>/.tier1/db`), or `'memory://'` for a throw-away store. */
  dataDir?: string;
  /** How long to wait for another process that has the PGlite directory open (default 5000). */
  lockTimeoutMs?: number;
  registry?: EventTypeRegistry;
  /** Values redacted from evidence and metadata wherever they appear (API keys, passwords). */
  secrets?: string[];
  /**
   * Apply pending migrations on open. Default: yes for PGlite (the store is private to this
   * project), no for PostgreSQL (a shared server is migrated on purpose, by `tier1 db migrate`).
   */
  migrate?: boolean;
  /** Who holds the PGlite lock, shown to a process that waits for it, e.g. "tier1 events list". */
  purpose?: string;
}

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set, else PGlite in `dataDir`. PGlite is
 * migrated on open; PostgreSQL only when `migrate: true` (otherwise a missing table surfaces as
 * STORE_NOT_MIGRATED on the first query, with the fix `tier1 db migrate`).
 */
export async function openAutomationHub(options: OpenAutomationHubOptions = {}): Promise<AutomationHub> {
  const migrationsFolder = findMigrationsFolder();
  const connection = options.served
    ? await connectPostgres(options.served.url, { store: options.served.store })
    : options.databaseUrl
      ? await connectPostgres(options.databaseUrl)
      : await connectPglite(options.dataDir ?? join(process.cwd(), '.tier1', 'db'), {
          lockTimeoutMs: options.lockTimeoutMs ?? 5000,
          purpose: options.purpose,
        });
  const hub = new AutomationHub(connection, {
    migrationsFolder,
    registry: options.registry,
    secrets: options.secrets,
  });
  // The server migrated the store it shares when it opened it.
  if (options.migrate ?? connection.driver === 'pglite') {
    try {
      await hub.migrate();
    } catch (error) {
      await hub.close();
      throw error;
    }
  }
  return hub;
}

/**
 * The store the configuration names: DATABASE_URL, else PGlite at `<home>/db`. Events stored
 * through it are redacted with the project's `.gitleaks.toml` rules too (useProjectSecretRules).
 */
export async function openAutomationHubFromConfig(
  config: Tier1Config,
  options: Pick<OpenAutomationHubOptions, 'registry' | 'migrate' | 'purpose'> = {},
): Promise<AutomationHub> {
  useProjectSecretRules(config.projectDir);
  if (config.databaseUrl === undefined) prepareTier1Home(config.home);
  return openAutomationHub({
    ...options,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.home, 'db'),
    lockTimeoutMs: config.lockTimeoutMs,
    secrets: config.secrets,
  });
}
