import type { Tier1Config } from '@tier1/core';
import type { AutomationHub } from '@tier1/events';
import type { CommandContext } from './command';

/**
 * Opens the store for one command (`openStore`: DATABASE_URL, else a running `tier1 serve`, else
 * the embedded store itself), runs `work`, and always closes it (which also releases the
 * embedded store's lock for the next process).
 *
 * `drainSpool` (the read commands): without a server, processes that record events spool them
 * and nothing drains them as they come, so a command that holds the embedded store itself moves
 * the spool in first and reads what a running server would show.
 */
export async function withStore<T>(
  context: CommandContext,
  purpose: string,
  work: (hub: AutomationHub) => Promise<T>,
  options: { migrate?: boolean; drainSpool?: boolean } = {},
): Promise<T> {
  const config = context.config();
  // Loaded when a store is opened, not with the command: `tier1 events list` through a running
  // server never opens one and must not pay for loading the drivers (docs/server.md).
  const { openStore } = await import('@tier1/server');
  const hub = await openStore(config, { purpose, migrate: options.migrate });
  try {
    if (options.drainSpool && hub.embedded) await drainSpoolInto(config, hub);
    return await work(hub);
  } finally {
    await hub.close();
  }
}

/** Drains what is sealed; a drain already running elsewhere (`tier1 events drain`) is left to finish it. */
async function drainSpoolInto(config: Tier1Config, hub: AutomationHub): Promise<void> {
  const { EventSpool, spoolDirectory } = await import('@tier1/events');
  try {
    await new EventSpool(spoolDirectory(config), { secrets: config.secrets }).drain(hub, {
      lockTimeoutMs: 0,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'STORE_LOCKED') throw error;
  }
}
