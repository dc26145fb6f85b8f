import { ValidationError } from '@tier1/core';
import type { ExecuteSql } from './db/connection';

/** Events stored in one hour (UTC), and how many of them failed. */
export interface HourlyEventCount {
  /** The hour's start. */
  hour: Date;
  events: number;
  failed: number;
}

/** A week of hours: enough for the dashboard's chart, and a bounded read of idx_created_at. */
export const MAX_HOURLY_COUNT_HOURS = 7 * 24;

/**
 * The events of the last `hours` per hour, oldest first; hours without events are left out.
 * One range scan of idx_created_at (or idx_project_created_at for a project).
 */
export async function readHourlyEventCounts(
  execute: ExecuteSql,
  query: { hours: number; projectId?: string; now?: Date },
): Promise<HourlyEventCount[]> {
  const { hours, projectId } = query;
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURLY_COUNT_HOURS) {
    throw new ValidationError(
      'hours',
      `${hours} is not a whole number of hours from 1 to ${MAX_HOURLY_COUNT_HOURS}`,
      'use for example 24',
    );
  }
  const now = query.now ?? new Date();
  const since = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000);
  const params: unknown[] = [since.toISOString()];
  if (projectId !== undefined) params.push(projectId);
  const { rows } = await execute<{ hour: string; events: number; failed: number }>(
    `select to_char(date_trunc('hour', created_at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24":00:00Z"') as hour,
       count(*)::int as events, count(*) filter (where status = 'failed')::int as failed
     from automation_events
     where created_at >= $1::timestamptz${projectId === undefined ? '' : ' and project_id = $2'}
     group by 1 order by 1`,
    params,
  );
  return rows.map((row) => ({
    hour: new Date(row.hour),
    events: Number(row.events),
    failed: Number(row.failed),
  }));
}
