import { findServer, type Tier1Config } from '@tier1/core';
import {
  type AutomationHub,
  type EventTypeRegistry,
  isStoreDownError,
  openAutomationHub,
  openAutomationHubFromConfig,
} from '@tier1/events';

export interface OpenStoreOptions {
  registry?: EventTypeRegistry;
  /** Apply pending migrations (PostgreSQL only on purpose; PGlite always when opened here). */
  migrate?: boolean;
  /** Shown to a process that waits for the embedded store's lock, e.g. "tier1 events list". */
  purpose?: string;
}

/**
 * The one way a Tier 1 process opens the event store:
 * 1. `DATABASE_URL` set: that PostgreSQL (many processes share it anyway);
 * 2. a `tier1 serve` of this home running: the embedded store it holds, through its socket
 *    (PostgreSQL's wire protocol), so any number of processes use it at once;
 * 3. otherwise the embedded PGlite store itself, under its lock (one process at a time).
 * Messages name the same store either way ("PGlite at <dir>"), so output does not depend on it.
 */
export async function openStore(config: Tier1Config, options: OpenStoreOptions = {}): Promise<AutomationHub> {
  if (config.databaseUrl) return openAutomationHubFromConfig(config, options);
  const server = findServer(config.home);
  if (server?.storeUrl) {
    try {
      return await openAutomationHub({
        served: { url: server.storeUrl, store: server.store },
        registry: options.registry,
        secrets: config.secrets,
        // The server migrated the store when it opened it; `tier1 db migrate` still asks.
        migrate: options.migrate ?? false,
      });
    } catch (error) {
      // A server stopping as we connect has released the store: open it here instead.
      if (!isStoreDownError(error)) throw error;
    }
  }
  return openAutomationHubFromConfig(config, options);
}
