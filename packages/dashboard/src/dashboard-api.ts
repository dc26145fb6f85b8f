import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@tier1/core';
import type { AutomationHub, StoredAutomationEvent } from '@tier1/events';
import { type CheckDifference, compareProductionChecks } from './check-changes';
import { DashboardRequestError } from './dashboard-request-error';
import { parseEventFilters } from './event-filters';
import { type N8nSummary, summarizeN8nEvents } from './n8n-summary';

/** The hub's read side: all the dashboard asks of the store. */
export type DashboardStore = Pick<
  AutomationHub,
  | 'getEvents'
  | 'getEvent'
  | 'correlateEvents'
  | 'getSessions'
  | 'getHourlyEventCounts'
  | 'getEventsStoredAfter'
  | 'getLatestEventId'
>;

export interface ApiContext {
  hub: DashboardStore;
  projectId?: string;
}

/** A session timeline page: this many events, the latest first read, shown oldest first. */
export const TIMELINE_PAGE_SIZE = 500;
/** The n8n summary reads at most this many events of its window (newest first) and says so when there were more. */
export const N8N_SUMMARY_MAX_EVENTS = 5000;
const N8N_TYPES = ['n8n_failure_detected', 'n8n_recovery_attempted'];

function optionalText(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value.trim() === '' ? undefined : value.trim();
}

function wholeNumber(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const value = optionalText(params, name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) {
    throw new DashboardRequestError(
      400,
      `${name}: "${value}" is not a whole number from 1 to ${max}`,
      `use for example ${fallback}`,
    );
  }
  return number;
}

/** GET /api/events: the events page, newest first, keyset-paged, with the live stream's start. */
export async function listEvents(context: ApiContext, params: URLSearchParams) {
  const filters = parseEventFilters(params, context.projectId);
  const [page, position] = await Promise.all([
    context.hub.getEvents({
      ...filters,
      limit: wholeNumber(params, 'limit', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
      cursor: optionalText(params, 'cursor'),
    }),
    context.hub.getLatestEventId(),
  ]);
  return { ...page, position };
}

/** GET /api/events/:id: one event and its correlated events. */
export async function showEvent(context: ApiContext, id: string) {
  // Side by side: correlateEvents fails with EVENT_NOT_FOUND (a 404) for an unknown event.
  const [event, correlated] = await Promise.all([context.hub.getEvent(id), context.hub.correlateEvents(id)]);
  if (!event)
    throw new DashboardRequestError(404, `no event ${id} in the store`, 'open an event from the events page');
  return { event, correlated };
}

/** GET /api/sessions: sessions newest first, each summed up, keyset-paged. */
export async function listSessions(context: ApiContext, params: URLSearchParams) {
  const [page, position] = await Promise.all([
    context.hub.getSessions({
      projectId: optionalText(params, 'project') ?? context.projectId,
      limit: wholeNumber(params, 'limit', 50, 200),
      cursor: optionalText(params, 'cursor'),
    }),
    context.hub.getLatestEventId(),
  ]);
  return { ...page, position };
}

/**
 * GET /api/sessions/:id/events: one session's events, oldest first. The first page is the
 * latest TIMELINE_PAGE_SIZE events; `nextCursor` reads the ones before them.
 */
export async function sessionTimeline(context: ApiContext, sessionId: string, params: URLSearchParams) {
  const [page, position] = await Promise.all([
    context.hub.getEvents({ sessionId, limit: TIMELINE_PAGE_SIZE, cursor: optionalText(params, 'cursor') }),
    context.hub.getLatestEventId(),
  ]);
  return { sessionId, events: page.events.reverse(), nextCursor: page.nextCursor, position };
}

/**
 * GET /api/checks: production checks newest first, each with what changed since the previous
 * check of its project (on the page, or read for the page's oldest check of each project).
 */
export async function listProductionChecks(context: ApiContext, params: URLSearchParams) {
  const projectId = optionalText(params, 'project') ?? context.projectId;
  const [page, position] = await Promise.all([
    context.hub.getEvents({
      eventType: 'production_check',
      projectId,
      limit: wholeNumber(params, 'limit', 30, 200),
      cursor: optionalText(params, 'cursor'),
    }),
    context.hub.getLatestEventId(),
  ]);
  const previous = new Map<string, StoredAutomationEvent | undefined>();
  const oldestOfProject = new Map<string, StoredAutomationEvent>();
  for (const check of page.events) oldestOfProject.set(check.projectId, check);
  await Promise.all(
    [...oldestOfProject].map(async ([project, oldest]) => {
      const { events } = await context.hub.getEvents({
        eventType: 'production_check',
        projectId: project,
        until: oldest.createdAt,
        limit: 1,
      });
      previous.set(project, events[0]);
    }),
  );
  const checks: (StoredAutomationEvent & CheckDifference)[] = [];
  for (let index = page.events.length - 1; index >= 0; index -= 1) {
    const check = page.events[index] as StoredAutomationEvent;
    checks.unshift({ ...check, ...compareProductionChecks(check, previous.get(check.projectId)) });
    previous.set(check.projectId, check);
  }
  return { checks, nextCursor: page.nextCursor, position };
}

/** GET /api/n8n: failures and recoveries of the last `hours` (default 24, at most 720). */
export async function n8nReliability(context: ApiContext, params: URLSearchParams) {
  const hours = wholeNumber(params, 'hours', 24, 720);
  const projectId = optionalText(params, 'project') ?? context.projectId;
  const since = new Date(Date.now() - hours * 3_600_000);
  const position = await context.hub.getLatestEventId();
  const events: StoredAutomationEvent[] = [];
  let cursor: string | undefined;
  let truncated = false;
  for (;;) {
    const page = await context.hub.getEvents({
      eventType: N8N_TYPES,
      projectId,
      since,
      limit: MAX_PAGE_SIZE,
      cursor,
    });
    events.push(...page.events);
    if (page.nextCursor === null) break;
    if (events.length >= N8N_SUMMARY_MAX_EVENTS) {
      truncated = true;
      break;
    }
    cursor = page.nextCursor;
  }
  const summary: N8nSummary = summarizeN8nEvents(events);
  const recent = events.filter((event) => event.eventType === 'n8n_failure_detected').slice(0, 20);
  return { hours, since, truncated, events: events.length, ...summary, recent, position };
}

/** GET /api/hourly: events per hour of the last `hours` (default 24, at most a week). */
export async function hourlyCounts(context: ApiContext, params: URLSearchParams) {
  const hours = wholeNumber(params, 'hours', 24, 168);
  const projectId = optionalText(params, 'project') ?? context.projectId;
  return { hours, counts: await context.hub.getHourlyEventCounts({ hours, projectId }) };
}
