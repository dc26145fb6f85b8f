import { findServer, requestServer, type ServerInfo, Tier1Error } from '@tier1/core';
import type { EventQuery, StoredAutomationEvent } from '@tier1/events';
import type { EventListing } from '@tier1/server';
import type { CommandContext } from './command';
import { withStore } from './open-store';

/**
 * A page of events and how many still wait in the spool. With a `tier1 serve` of this home
 * running (and no DATABASE_URL: the order openStore follows), it is the server's GET /events,
 * so the process loads neither the store nor its drivers, which is most of what a short read
 * costs (docs/server.md, "CLI reads"). Otherwise it is read from the store.
 */
export async function listEvents(context: CommandContext, query: EventQuery): Promise<EventListing> {
  const config = context.config();
  const server = config.databaseUrl ? undefined : findServer(config.home);
  const listing = server && (await listThroughServer(server, query));
  return listing ?? listFromStore(context, query);
}

function queryString(query: EventQuery): string {
  const params = new URLSearchParams();
  const add = (name: string, value: string | string[] | Date | number | undefined) => {
    for (const item of [value].flat()) {
      if (item !== undefined) params.append(name, item instanceof Date ? item.toISOString() : String(item));
    }
  };
  add('type', query.eventType);
  add('status', query.status);
  add('project', query.projectId);
  add('session', query.sessionId);
  add('since', query.since);
  add('until', query.until);
  add('limit', query.limit);
  add('cursor', query.cursor);
  return params.toString();
}

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string; userMistake?: boolean };
}

/** undefined when the server went away between finding it and asking it: the store is then free to open. */
async function listThroughServer(server: ServerInfo, query: EventQuery): Promise<EventListing | undefined> {
  let answer: { status: number; body: string };
  try {
    answer = await requestServer(server, `/events?${queryString(query)}`);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ECONNREFUSED') return undefined;
    throw new Tier1Error(
      'SERVER_UNAVAILABLE',
      `tier1 serve at ${server.url} did not answer: ${(error as Error).message}`,
      {
        hint: 'see tier1 serve status; tier1 serve stop and start it again if it hangs',
        cause: error,
      },
    );
  }
  const body = parseJson(answer.body);
  if (answer.status === 200 && Array.isArray((body as Partial<EventListing> | undefined)?.events)) {
    const listing = body as EventListing;
    return { ...listing, events: listing.events.map(reviveDates) };
  }
  const error = (body as Partial<ErrorAnswer> | undefined)?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string')
    throw new Tier1Error(error.code, error.message, { hint: error.hint, userMistake: error.userMistake });
  // Not tier1 serve's answer (another program on its port, a proxy): said, never a stack trace.
  throw new Tier1Error(
    'SERVER_UNAVAILABLE',
    `${server.url} answered GET /events with HTTP ${answer.status}, not as tier1 serve does`,
    { hint: 'see tier1 serve status; stop it with tier1 serve stop and start it again' },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** JSON carries the event's times as ISO strings; the store's events carry Dates. */
function reviveDates(event: StoredAutomationEvent): StoredAutomationEvent {
  return {
    ...event,
    createdAt: new Date(event.createdAt),
    resolvedAt: event.resolvedAt === null ? null : new Date(event.resolvedAt),
  };
}

async function listFromStore(context: CommandContext, query: EventQuery): Promise<EventListing> {
  const page = await withStore(context, 'tier1 events list', (hub) => hub.getEvents(query), {
    drainSpool: true,
  });
  const { EventSpool, spoolDirectory } = await import('@tier1/events');
  // Events a server is still to drain, or that a drain could not take: not in the store yet.
  const spooled = new EventSpool(spoolDirectory(context.config())).pendingEvents();
  return { ...page, spooled };
}
