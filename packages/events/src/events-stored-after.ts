import { ValidationError } from '@tier1/core';
import type { StoredAutomationEvent } from './automation-event';
import type { StoreConnection } from './db/connection';
import { selectEventRows } from './db/select-event-rows';

/** The most events one call returns; a follower calls again for more. */
export const MAX_FOLLOW_EVENTS = 1000;

export interface StoredAfterQuery {
  /** Events with a row id above this one. */
  afterId: number;
  /**
   * Row ids at or below `afterId` to look for again. Ids are taken when a row is inserted but
   * become visible when its transaction commits, so a follower that saw id 12 may see id 11 a
   * moment later: it retries the gaps below its position for a while.
   */
  retryIds?: readonly number[];
  /** 1 to 1000, default 1000. */
  limit?: number;
}

function rowId(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(
      field,
      `${value} is not an event row id`,
      'pass the id of a stored event, or 0',
    );
  }
  return value;
}

/**
 * Events in the order they were stored (by row id, over the primary key), after a position: what
 * a live view follows. Unlike created_at, which the writer chooses (a drained hook event keeps
 * the time the hook ran), row ids grow as rows are inserted, so nothing stored later is missed.
 */
export async function readEventsStoredAfter(
  connection: Pick<StoreConnection, 'backend' | 'execute'>,
  query: StoredAfterQuery,
): Promise<StoredAutomationEvent[]> {
  const afterId = rowId(query.afterId, 'afterId');
  const retry = (query.retryIds ?? []).map((id) => rowId(id, 'retryIds'));
  const limit = query.limit ?? MAX_FOLLOW_EVENTS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FOLLOW_EVENTS) {
    throw new ValidationError(
      'limit',
      `${limit} is not a count from 1 to ${MAX_FOLLOW_EVENTS}`,
      'call again for more',
    );
  }
  const rows = await selectEventRows(
    connection,
    {
      sql: `select * from automation_events where id > $1::int or id = any($2::int[]) order by id limit $3::int`,
      params: [afterId, `{${retry.join(',')}}`, limit],
    },
    'page.id',
  );
  return rows.map((row) => row.event);
}

/** The highest row id stored, 0 for an empty store: where a new follower starts. */
export async function readLatestEventId(connection: Pick<StoreConnection, 'execute'>): Promise<number> {
  const { rows } = await connection.execute<{ id: number | null }>(
    'select max(id)::int as id from automation_events',
  );
  return Number(rows[0]?.id ?? 0);
}
