import { type Tier1Config, Tier1Error } from '@tier1/core';
import { useProjectSecretRules } from '@tier1/secrets';
import {
  type AutomationEvent,
  type AutomationEventInput,
  type EventTypeRegistry,
  parseAutomationEvent,
} from './automation-event';
import type { AutomationHub } from './automation-hub';
import { isStoreDownError } from './db/store-errors';
import { EventSpool, spoolDirectory } from './spool';
import { prepareTier1Home } from './tier1-home';

export interface RecordResult {
  event: AutomationEvent;
  /** Where the event went: the store, or the spool because the store could not be reached. */
  destination: 'store' | 'spool';
  /** Why the event was spooled instead of stored. */
  warning?: string;
}

/** Writes events somewhere durable; never loses one that it accepted. */
export interface EventRecorder {
  /** Validates (a bad event throws a ValidationError) and stores or spools the event. */
  record(input: AutomationEventInput): Promise<RecordResult>;
  close(): Promise<void>;
}

export interface EventRecorderOptions {
  registry?: EventTypeRegistry;
  /** Told why an event was spooled. Default: a line on stderr. */
  onWarning?: (message: string) => void;
  /** Opens the store on first use: `@tier1/server`'s openStore, the one way Tier 1 opens it. */
  openHub: (config: Tier1Config) => Promise<AutomationHub>;
}

/** After the store failed, events go straight to the spool for this long before it is tried again. */
const RETRY_STORE_AFTER_MS = 30_000;

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return Tier1Error.isInstance(error) ? `${error.code}: ${message}` : message;
}

function spoolFor(config: Tier1Config, registry: EventTypeRegistry | undefined): EventSpool {
  return new EventSpool(spoolDirectory(config), { registry, secrets: config.secrets });
}

/**
 * Records events in the store (opened on first use) and, when the store is unreachable or
 * locked by another process, in the spool instead, with a warning: `tier1 events drain`
 * moves them into the store later. The event keeps its uid either way, so it is stored once.
 * Either way it is redacted with the project's `.gitleaks.toml` rules too (useProjectSecretRules).
 */
export function createEventRecorder(config: Tier1Config, options: EventRecorderOptions): EventRecorder {
  const spool = spoolFor(config, options.registry);
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`tier1: ${message}\n`));
  useProjectSecretRules(config.projectDir, warn);
  let hub: Promise<AutomationHub> | undefined;
  let storeDownUntil = 0;

  async function forgetHub(): Promise<void> {
    const previous = hub;
    hub = undefined;
    await previous?.then((opened) => opened.close()).catch(() => {});
  }

  return {
    async record(input) {
      const event = parseAutomationEvent(input, { registry: options.registry, secrets: config.secrets });
      let reason: string;
      if (Date.now() < storeDownUntil) {
        reason = 'the store was unreachable moments ago';
      } else {
        try {
          hub ??= options.openHub(config);
          await (await hub).storeEvent(event);
          return { event, destination: 'store' };
        } catch (error) {
          if (!isStoreDownError(error)) throw error;
          await forgetHub();
          storeDownUntil = Date.now() + RETRY_STORE_AFTER_MS;
          reason = describe(error);
        }
      }
      await spool.append(event);
      const warning = `event ${event.uid} (${event.eventType}) was spooled, not stored: ${reason}; run tier1 events drain once the store is back`;
      warn(warning);
      return { event, destination: 'spool', warning };
    },
    async close() {
      spool.close();
      await forgetHub();
    },
  };
}

/**
 * Records events in the spool only, never opening the store: for short-lived processes such
 * as the hook runner, which run hundreds of times a session. It leaves the project's
 * `.gitleaks.toml` rules to its caller (useProjectSecretRules): reading them costs the hook a
 * TOML parser, which it loads only for a project that has the file (docs/hook-runner.md).
 */
export function createSpoolRecorder(
  config: Tier1Config,
  options: Pick<EventRecorderOptions, 'registry'> = {},
): EventRecorder {
  const spool = spoolFor(config, options.registry);
  let homeReady = false;
  return {
    async record(input) {
      if (!homeReady) prepareTier1Home(config.home);
      homeReady = true;
      return { event: await spool.append(input), destination: 'spool' };
    },
    async close() {
      spool.close();
    },
  };
}
