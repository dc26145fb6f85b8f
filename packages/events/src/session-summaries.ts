import { ValidationError } from '@tier1/core';
import type { ExecuteSql } from './db/connection';
import { decodeEventCursor, encodeEventCursor } from './event-cursor';

/** One Claude Code session as the dashboard lists it: what happened in it, and when. */
export interface SessionSummary {
  sessionId: string;
  projectId: string;
  events: number;
  /** Distinct `prompt_id`s (Claude Code sends one with every payload after SessionStart). */
  prompts: number;
  /** Events of a tool call (they carry the call's `tool_use_id`). */
  toolCalls: number;
  /** Events with status `failed`, or recorded from a PostToolUseFailure hook. */
  failures: number;
  /** action_item_completed, action_item_pending_review and action_item_synced events. */
  actionItemsMoved: number;
  startedAt: Date;
  endedAt: Date;
}

export interface SessionQuery {
  projectId?: string;
  /** 1 to 200, default 50. */
  limit?: number;
  /** The nextCursor of the previous page. */
  cursor?: string;
}

export interface SessionPage {
  sessions: SessionSummary[];
  /** null when no older session is left. */
  nextCursor: string | null;
}

export const DEFAULT_SESSION_PAGE_SIZE = 50;
export const MAX_SESSION_PAGE_SIZE = 200;
/**
 * How many of the newest session events one page reads to find its sessions. A page never reads
 * more, however big the trail: when these rows hold fewer sessions than asked for (one very long
 * session), the page is short and its cursor continues from the last row read.
 */
export const SESSION_SCAN_ROWS = 4000;

const ACTION_ITEM_TYPES = "('action_item_completed', 'action_item_pending_review', 'action_item_synced')";

/**
 * Sessions are ordered by their latest event, newest first, and paged by that event's
 * (created_at, id): a session belongs to the page whose slice of the trail holds its latest
 * event. A page walks the newest SESSION_SCAN_ROWS session events before the cursor (an index
 * scan of idx_created_at or idx_project_created_at), keeps each session's latest event in that
 * slice, and sums up each of the page's sessions over idx_session_id. A session whose latest
 * event is newer than the slice was on an earlier page and is left out.
 */
function sessionPageSql(query: { projectId?: string; cursor?: { createdAt: string; id: number } }) {
  const params: unknown[] = [];
  const conditions = ['session_id is not null'];
  if (query.projectId !== undefined) {
    params.push(query.projectId);
    conditions.push(`project_id = $${params.length}`);
  }
  if (query.cursor !== undefined) {
    params.push(query.cursor.createdAt, query.cursor.id);
    conditions.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::int)`);
  }
  params.push(SESSION_SCAN_ROWS);
  const scanLimit = `$${params.length}::int`;
  const text = `
    with scanned as (
      select session_id, created_at, id from automation_events
      where ${conditions.join(' and ')}
      order by created_at desc, id desc limit ${scanLimit}
    ), latest as (
      select distinct on (session_id) session_id, created_at, id from scanned
      order by session_id, created_at desc, id desc
    ), page as (
      select session_id, created_at, id from latest order by created_at desc, id desc limit $${params.length + 1}::int
    ), tail as (
      select count(*) over ()::int as scanned, created_at::text as tail_at, id as tail_id
      from scanned order by created_at, id limit 1
    )
    select tail.scanned, tail.tail_at as "tailAt", tail.tail_id as "tailId",
      summary.session_id as "sessionId", summary.last_at as "lastAt", summary.last_id as "lastId",
      summary.project_id as "projectId", summary.events, summary.prompts, summary.tool_calls as "toolCalls",
      summary.failures, summary.action_items as "actionItemsMoved", summary.started_at as "startedAt",
      summary.ended_at as "endedAt", summary.shown_before as "shownBefore"
    from tail left join (
      select page.session_id, page.created_at::text as last_at, page.created_at as last_time, page.id as last_id, totals.*
      from page cross join lateral (
        select min(e.project_id) as project_id, count(*)::int as events,
          count(distinct coalesce(e.metadata->>'prompt_id', e.evidence->>'prompt_id'))::int as prompts,
          count(*) filter (where e.metadata->>'tool_use_id' is not null)::int as tool_calls,
          count(*) filter (where e.status = 'failed' or e.metadata->>'hook_type' = 'PostToolUseFailure')::int as failures,
          count(*) filter (where e.event_type in ${ACTION_ITEM_TYPES})::int as action_items,
          min(e.created_at)::text as started_at, max(e.created_at)::text as ended_at,
          bool_or((e.created_at, e.id) > (page.created_at, page.id)) as shown_before
        from automation_events e where e.session_id = page.session_id
      ) as totals
    ) as summary on true
    order by summary.last_time desc, summary.last_id desc`;
  return { text, params };
}

/**
 * A row of sessionPageSql: the slice's size and end, then one session (all null when the slice
 * held no session), its times as PostgreSQL's text.
 */
type SessionPageRow = Omit<SessionSummary, 'sessionId' | 'startedAt' | 'endedAt'> & {
  scanned: number;
  tailAt: string;
  tailId: number;
  sessionId: string | null;
  lastAt: string;
  lastId: number;
  startedAt: string;
  endedAt: string;
  shownBefore: boolean;
};

function sessionPageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_SESSION_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SESSION_PAGE_SIZE) {
    throw new ValidationError(
      'limit',
      `${limit} is not a page size from 1 to ${MAX_SESSION_PAGE_SIZE}`,
      'page through more sessions with nextCursor',
    );
  }
  return limit;
}

/** A page of sessions, newest first (see sessionPageSql); `execute` runs on either backend. */
export async function readSessionPage(execute: ExecuteSql, query: SessionQuery): Promise<SessionPage> {
  const limit = sessionPageSize(query.limit);
  const cursor = query.cursor === undefined ? undefined : decodeEventCursor(query.cursor);
  const { text, params } = sessionPageSql({ projectId: query.projectId, cursor });
  const { rows } = await execute<SessionPageRow>(text, [...params, limit + 1]);
  const found = rows.filter((row) => row.sessionId !== null);
  const page = found.slice(0, limit);
  const first = rows[0];
  let nextCursor: string | null = null;
  const last = page.at(-1);
  if (found.length > limit && last) {
    nextCursor = encodeEventCursor({ createdAt: last.lastAt, id: Number(last.lastId) });
  } else if (first && Number(first.scanned) >= SESSION_SCAN_ROWS) {
    nextCursor = encodeEventCursor({ createdAt: first.tailAt, id: Number(first.tailId) });
  }
  return {
    sessions: page
      .filter((row) => !row.shownBefore)
      .map((row) => ({
        sessionId: row.sessionId as string,
        projectId: row.projectId,
        events: Number(row.events),
        prompts: Number(row.prompts),
        toolCalls: Number(row.toolCalls),
        failures: Number(row.failures),
        actionItemsMoved: Number(row.actionItemsMoved),
        startedAt: new Date(row.startedAt),
        endedAt: new Date(row.endedAt),
      })),
    nextCursor,
  };
}
