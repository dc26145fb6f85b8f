import type { StoredAutomationEvent } from '../automation-event';
import type { StoreConnection } from './connection';
import { EVENT_COLUMNS } from './event-columns';

// Each column named by the event's key, so a row needs no second copy.
const AS_ROW = EVENT_COLUMNS.map(({ name, key }) => `page.${name} as "${key}"`).join(', ');
const AS_JSON = `json_build_object(${EVENT_COLUMNS.map(({ name, key }) => `'${key}', page.${name}`).join(', ')})`;

/**
 * A stored event as either query gives it: its own keys, but its timestamps still as
 * PostgreSQL's text (ISO 8601 from JSON), exact to the microsecond.
 */
type EventRowText = Omit<StoredAutomationEvent, 'createdAt' | 'resolvedAt'> & {
  createdAt: string;
  resolvedAt: string | null;
};

/** A stored event, and its created_at as PostgreSQL wrote it (exact to the microsecond). */
export interface EventRow {
  event: StoredAutomationEvent;
  createdAtText: string;
}

/** Turns the timestamps into Dates in place: a read of 1000 rows makes no second copy of them. */
function toEventRow(row: EventRowText): EventRow {
  const createdAtText = row.createdAt;
  const event = row as unknown as StoredAutomationEvent;
  event.createdAt = new Date(createdAtText);
  event.resolvedAt = row.resolvedAt === null ? null : new Date(row.resolvedAt);
  return { event, createdAtText };
}

/**
 * Runs a select of whole automation_events rows; `orderBy` is its order over the alias `page`.
 *
 * PGlite hands its rows out of WASM field by field, and decoding them was most of a read: the
 * 1000 rows of a 24 h timeline at 1,000,000 rows took p95 29 ms. So on PGlite the rows come
 * back as one JSON document (json_agg, which keeps no input order unless told), parsed once.
 * On PostgreSQL building that JSON costs the server 5 ms more than the rows, so there the
 * driver's rows are used. Both name the columns by the event's keys, so the rows need no
 * second copy, and give timestamps as PostgreSQL's text (drizzle's postgres-js driver makes
 * postgres.js pass them through), exact to the microsecond for cursors.
 */
export async function selectEventRows(
  connection: Pick<StoreConnection, 'backend' | 'execute'>,
  select: { sql: string; params: unknown[] },
  orderBy: string,
): Promise<EventRow[]> {
  if (connection.backend === 'postgres') {
    const { rows } = await connection.execute<EventRowText>(
      `select ${AS_ROW} from (${select.sql}) as page order by ${orderBy}`,
      select.params,
    );
    return rows.map(toEventRow);
  }
  const { rows } = await connection.execute<{ events: string }>(
    `select coalesce(json_agg(${AS_JSON} order by ${orderBy}), '[]')::text as events from (${select.sql}) as page`,
    select.params,
  );
  return (JSON.parse(rows[0]?.events ?? '[]') as EventRowText[]).map(toEventRow);
}
