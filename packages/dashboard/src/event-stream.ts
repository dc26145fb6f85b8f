import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AutomationHub, StoredAutomationEvent } from '@tier1/events';
import { DashboardRequestError } from './dashboard-request-error';
import { type EventFilters, matchesEventFilters, parseEventFilters } from './event-filters';
import type { EventPoller } from './event-poller';

/** A comment line this often keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

function resumeFrom(request: IncomingMessage, params: URLSearchParams): number | undefined {
  const value = params.get('after') ?? request.headers['last-event-id'];
  if (value === undefined || value === null || value === '') return undefined;
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new DashboardRequestError(
      400,
      `after: "${value}" is not an event row id`,
      'pass the position an API answer gave',
    );
  }
  return id;
}

/**
 * GET /api/stream: server-sent events. Each batch of newly stored events that match the
 * stream's filters (the events page's: project, type, status, session, since, until) is one
 * `events` message, its `id` the highest row id in it, so a reconnecting EventSource resumes
 * with Last-Event-ID. `after` (or Last-Event-ID) first replays what was stored after that row.
 */
export async function openEventStream(
  request: IncomingMessage,
  response: ServerResponse,
  params: URLSearchParams,
  context: { hub: Pick<AutomationHub, 'getEventsStoredAfter'>; poller: EventPoller; projectId?: string },
  streams: Set<ServerResponse>,
): Promise<void> {
  const filters: EventFilters = parseEventFilters(params, context.projectId);
  const after = resumeFrom(request, params);
  const replayed = new Set<number>();
  const send = (events: StoredAutomationEvent[]) => {
    const matching = events.filter((event) => matchesEventFilters(event, filters) && !replayed.has(event.id));
    if (matching.length === 0) return;
    const last = Math.max(...matching.map((event) => event.id));
    response.write(`id: ${last}\nevent: events\ndata: ${JSON.stringify(matching)}\n\n`);
  };
  // Subscribed before the replay is read, so an event stored in between comes one way or the
  // other (the browser drops one it has by id); batches wait until the headers are out.
  const waiting: StoredAutomationEvent[][] = [];
  let open = false;
  const unsubscribe = context.poller.subscribe(
    (events) => (open ? send(events) : waiting.push(events)),
    after,
  );
  let missed: StoredAutomationEvent[];
  try {
    missed = after === undefined ? [] : await context.hub.getEventsStoredAfter({ afterId: after });
  } catch (error) {
    unsubscribe();
    throw error;
  }
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();
  response.write('retry: 1000\n: connected\n\n');
  send(missed);
  // A poller that started at `after` delivers the replayed events again: each goes out once.
  for (const event of missed) replayed.add(event.id);
  for (const events of waiting.splice(0)) send(events);
  open = true;
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  streams.add(response);
  const closed = () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(response);
  };
  response.once('close', closed);
}
