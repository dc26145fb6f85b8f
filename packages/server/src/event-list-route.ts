import { ValidationError } from '@tier1/core';
import type { EventPage, EventQuery } from '@tier1/events';

/** What GET /events answers: a page of events and how many still wait in the spool, as `tier1 events list --json` prints it. */
export interface EventListing extends EventPage {
  spooled: number;
}

function optionalText(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

function oneOrMany(params: URLSearchParams, name: string): string | string[] | undefined {
  const values = params.getAll(name);
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

function time(params: URLSearchParams, name: 'since' | 'until'): Date | undefined {
  const value = optionalText(params, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ValidationError(
      name,
      `"${value}" is not a time`,
      'pass an ISO 8601 time such as 2026-01-20T09:00:00Z',
    );
  return date;
}

function limit(params: URLSearchParams): number | undefined {
  const value = optionalText(params, 'limit');
  // The store judges the number (a whole page size within bounds) and names the bounds.
  return value === undefined ? undefined : Number(value);
}

/**
 * GET /events' query string as an EventQuery: `type` and `status` may repeat, `since` and
 * `until` are ISO 8601 times, `limit` and `cursor` as getEvents takes them. Unlike the
 * dashboard's API it has no default project: it answers what the store itself would.
 */
export function eventQueryFromParams(params: URLSearchParams): EventQuery {
  return {
    eventType: oneOrMany(params, 'type'),
    status: oneOrMany(params, 'status'),
    projectId: optionalText(params, 'project'),
    sessionId: optionalText(params, 'session'),
    since: time(params, 'since'),
    until: time(params, 'until'),
    limit: limit(params),
    cursor: optionalText(params, 'cursor'),
  };
}
