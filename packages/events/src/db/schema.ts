import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** The columns both tables share: the architecture's `automation_events`, plus uid and correlation. */
function eventColumns() {
  return {
    // Client-made UUIDv7: storing the same event twice keeps one row (ON CONFLICT (uid) DO NOTHING).
    uid: uuid('uid').notNull().unique(),
    eventType: varchar('event_type', { length: 255 }).notNull(),
    projectId: varchar('project_id', { length: 255 }).notNull(),
    status: varchar('status', { length: 50 }).notNull(),
    evidence: jsonb('evidence').notNull(),
    detectedFrom: varchar('detected_from', { length: 50 }),
    metadata: jsonb('metadata'),
    sessionId: varchar('session_id', { length: 255 }),
    correlatedWith: uuid('correlated_with').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
  };
}

export const automationEvents = pgTable(
  'automation_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    ...eventColumns(),
  },
  // getEvents pages newest first by (created_at, id): id breaks ties in created_at so the keyset
  // cursor never skips or repeats a row. The architecture's time-ordered indexes carry id as a
  // trailing column so that order comes straight from the index: without it PostgreSQL sorted
  // every matching row (100k rows: getEvents by project + type p95 46 ms, by status 200 ms;
  // bench/query.mjs). The leading columns are the architecture's, so its queries use them as before.
  // nullsFirst(): `ORDER BY created_at DESC` means DESC NULLS FIRST, and drizzle's bare .desc()
  // writes DESC NULLS LAST, an order no DESC query can read from the index.
  (table) => [
    index('idx_event_type').on(table.eventType),
    index('idx_created_at').on(table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index('idx_project_id').on(table.projectId),
    index('idx_status').on(table.status),
    index('idx_composite').on(
      table.projectId,
      table.eventType,
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    // correlateEvents asks "which events name uid X?" (correlated_with @> '{X}'); without GIN that
    // is a sequential scan of every row.
    index('idx_correlated_with').using('gin', table.correlatedWith),
    // getEvents({ projectId }) and getEventTimeline(projectId) read one project's rows by time;
    // idx_composite has event_type between project_id and created_at, so it cannot give that order.
    index('idx_project_created_at').on(
      table.projectId,
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    // correlateEvents reads the rest of a session within a time window and getEvents filters by
    // session; without it both are sequential scans.
    index('idx_session_id').on(table.sessionId, table.createdAt),
  ],
);

/** Rows archive() moved out of automation_events, with the time they were moved. */
export const automationEventsArchive = pgTable(
  'automation_events_archive',
  {
    // The id the row had in automation_events, kept so an archived event stays traceable.
    id: integer('id').primaryKey(),
    ...eventColumns(),
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('idx_archive_created_at').on(table.createdAt.desc().nullsFirst())],
);

export type AutomationEventRow = typeof automationEvents.$inferSelect;
export type NewAutomationEventRow = typeof automationEvents.$inferInsert;
