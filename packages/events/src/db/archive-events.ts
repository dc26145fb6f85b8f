import type { ExecuteSql } from './connection';
import { EVENT_COLUMN_LIST } from './event-columns';

/** How many events the store holds, in the live table and in the archive (`tier1 db status`). */
export async function countStoredEvents(execute: ExecuteSql): Promise<{ live: number; archived: number }> {
  const {
    rows: [row],
  } = await execute<{ live: number; archived: number }>(
    `select (select count(*)::int from automation_events) as live,
            (select count(*)::int from automation_events_archive) as archived`,
  );
  return { live: Number(row?.live ?? 0), archived: Number(row?.archived ?? 0) };
}

/**
 * Moves the events created before `olderThan` to automation_events_archive. One statement
 * (DELETE … RETURNING feeding the INSERT), so it is one transaction, and a row inserted
 * meanwhile can never be deleted without being archived. An event whose uid the archive
 * already has (it was archived, restored and archived again) is kept once, in the archive.
 */
export async function archiveEventsBefore(
  execute: ExecuteSql,
  olderThan: Date,
): Promise<{ archived: number }> {
  const {
    rows: [row],
  } = await execute<{ archived: number }>(
    `with moved as (
       delete from automation_events where created_at < $1::timestamptz returning ${EVENT_COLUMN_LIST}
     ), archived as (
       insert into automation_events_archive (${EVENT_COLUMN_LIST}) select ${EVENT_COLUMN_LIST} from moved
       on conflict (uid) do nothing
     )
     select count(*)::int as archived from moved`,
    [olderThan.toISOString()],
  );
  return { archived: Number(row?.archived ?? 0) };
}
