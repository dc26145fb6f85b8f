import { findServer, requestServer, type ServerInfo, type Tier1Config } from '@tier1/core';
import {
  createEventRecorder,
  createSpoolRecorder,
  type EventRecorder,
  type EventTypeRegistry,
  parseAutomationEvent,
} from '@tier1/events';
import { openStore } from './open-store';

export interface RecorderOptions {
  registry?: EventTypeRegistry;
  /** Told why an event was spooled instead of stored. Default: a line on stderr. */
  onWarning?: (message: string) => void;
  /** Shown to a process waiting for the embedded store's lock (PostgreSQL never waits). */
  purpose?: string;
}

/** Why the server did not take the event, or undefined when it stored it. */
async function sendToServer(server: ServerInfo, body: string): Promise<string | undefined> {
  try {
    const response = await requestServer(server, '/events', { method: 'POST', body });
    if (response.status === 200) return undefined;
    return `tier1 serve at ${server.url} answered ${response.status}: ${response.body.slice(0, 300)}`;
  } catch (error) {
    return `tier1 serve at ${server.url} did not take it: ${(error as Error).message}`;
  }
}

/**
 * How a process that only records events writes them, never opening the embedded store for it
 * (that costs a short command seconds and hundreds of MiB):
 * - `DATABASE_URL` set: stored in PostgreSQL (spooled, with a warning, while it is down);
 * - a `tier1 serve` running: sent to it (spooled, with a warning, if it does not take them);
 * - otherwise spooled, silently: the next `tier1 serve`, `tier1 events drain` or store-opening
 *   command moves them into the store.
 */
export function createRecorder(config: Tier1Config, options: RecorderOptions = {}): EventRecorder {
  if (config.databaseUrl) {
    return createEventRecorder(config, {
      registry: options.registry,
      onWarning: options.onWarning,
      openHub: (current) => openStore(current, { registry: options.registry, purpose: options.purpose }),
    });
  }
  const spool = createSpoolRecorder(config, { registry: options.registry });
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`tier1: ${message}\n`));
  return {
    async record(input) {
      const server = findServer(config.home);
      if (!server) return spool.record(input);
      const event = parseAutomationEvent(input, { registry: options.registry, secrets: config.secrets });
      const problem = await sendToServer(server, JSON.stringify({ events: [event] }));
      if (problem === undefined) return { event, destination: 'store' };
      await spool.record(event);
      const warning = `event ${event.uid} (${event.eventType}) was spooled, not stored: ${problem}`;
      warn(warning);
      return { event, destination: 'spool', warning };
    },
    close: () => spool.close(),
  };
}
