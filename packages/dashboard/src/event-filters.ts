import type { EventQuery, StoredAutomationEvent } from '@tier1/events';
import { DashboardRequestError } from './dashboard-request-error';

/** The filters of the events page and the live stream, as a query string carries them. */
export type EventFilters = Pick<
  EventQuery,
  'projectId' | 'eventType' | 'status' | 'sessionId' | 'since' | 'until'
>;

function list(value: string | null): string | string[] | undefined {
  if (value === null || value.trim() === '') return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length === 1 ? items[0] : items;
}

function text(value: string | null): string | undefined {
  return value === null || value.trim() === '' ? undefined : value.trim();
}

function time(params: URLSearchParams, name: 'since' | 'until'): Date | undefined {
  const value = text(params.get(name));
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new DashboardRequestError(
      400,
      `${name}: "${value}" is not a time`,
      'pass an ISO 8601 time such as 2026-01-20T09:00:00Z',
    );
  }
  return date;
}

/** project, type and status (comma-separated lists), session, since and until (ISO 8601). */
export function parseEventFilters(params: URLSearchParams, defaultProjectId?: string): EventFilters {
  return {
    projectId: text(params.get('project')) ?? defaultProjectId,
    eventType: list(params.get('type')),
    status: list(params.get('status')),
    sessionId: text(params.get('session')),
    since: time(params, 'since'),
    until: time(params, 'until'),
  };
}

function matchesOne(value: string | null, wanted: string | string[] | undefined): boolean {
  if (wanted === undefined) return true;
  return Array.isArray(wanted) ? wanted.includes(value ?? '') : wanted === value;
}

/** The same filters, applied to an event the live stream is about to send. */
export function matchesEventFilters(event: StoredAutomationEvent, filters: EventFilters): boolean {
  const at = event.createdAt.getTime();
  return (
    matchesOne(event.projectId, filters.projectId) &&
    matchesOne(event.eventType, filters.eventType) &&
    matchesOne(event.status, filters.status) &&
    matchesOne(event.sessionId, filters.sessionId) &&
    (filters.since === undefined || at >= filters.since.getTime()) &&
    (filters.until === undefined || at < filters.until.getTime())
  );
}
