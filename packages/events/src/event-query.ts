import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ValidationError } from '@tier1/core';
import { asc, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { StoredAutomationEvent } from './automation-event';
import { automationEvents as table } from './db/schema';

export interface EventQuery {
  eventType?: string | string[];
  status?: string | string[];
  projectId?: string;
  sessionId?: string;
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
  /** 1 to 1000, default 50. */
  limit?: number;
  /** The nextCursor of the previous page. */
  cursor?: string;
}

export interface EventPage {
  events: StoredAutomationEvent[];
  /** null on the last page. */
  nextCursor: string | null;
}

/** getEventTimeline and correlateEvents return at most this many events. */
export const MAX_TIMELINE_EVENTS = 1000;
/** correlateEvents also returns events of the same session up to this long before or after. */
export const CORRELATION_WINDOW_MS = 60 * 60 * 1000;
/** Default window of getStats: the deployment guide's 7 days. */
export const DEFAULT_STATS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The two orders events are read in, each as the query builder's terms and as selectEventRows'
 * order over its `page` alias (an aggregate keeps no input order, so it is stated again there).
 */
export const NEWEST_FIRST = {
  terms: [desc(table.createdAt), desc(table.id)],
  page: 'page.created_at desc, page.id desc',
};
export const OLDEST_FIRST = {
  terms: [asc(table.createdAt), asc(table.id)],
  page: 'page.created_at, page.id',
};

function oneOrMany(column: typeof table.eventType | typeof table.status, value: string | string[]): SQL {
  return Array.isArray(value) ? inArray(column, value) : eq(column, value);
}

export function queryConditions(query: EventQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.eventType !== undefined) conditions.push(oneOrMany(table.eventType, query.eventType));
  if (query.status !== undefined) conditions.push(oneOrMany(table.status, query.status));
  if (query.projectId !== undefined) conditions.push(eq(table.projectId, query.projectId));
  if (query.sessionId !== undefined) conditions.push(eq(table.sessionId, query.sessionId));
  if (query.since !== undefined) conditions.push(gte(table.createdAt, validDate(query.since, 'since')));
  if (query.until !== undefined) conditions.push(lt(table.createdAt, validDate(query.until, 'until')));
  return conditions;
}

export function validDate(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ValidationError(
      field,
      'is not a valid date',
      'pass a Date, such as new Date("2026-01-20T00:00:00Z")',
    );
  }
  return value;
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(
      'limit',
      `${limit} is not a page size from 1 to ${MAX_PAGE_SIZE}`,
      'page through more events with nextCursor',
    );
  }
  return limit;
}
