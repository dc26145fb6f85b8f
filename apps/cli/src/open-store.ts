import { type AutomationHub, openAutomationHubFromConfig } from '@tier1/events';
import type { CommandContext } from './command';

/**
 * Opens the store the configuration names for one command, runs `work`, and always closes it
 * (which also releases the embedded store's lock for the next process).
 */
export async function withStore<T>(
  context: CommandContext,
  purpose: string,
  work: (hub: AutomationHub) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const hub = await openAutomationHubFromConfig(context.config(), { purpose, ...options });
  try {
    return await work(hub);
  } finally {
    await hub.close();
  }
}
