import type { Readable, Writable } from 'node:stream';
import { isEventUid, MAX_PAGE_SIZE, Tier1Error, ValidationError } from '@tier1/core';
import { and, arrayContains, eq, gte, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import {
  type AutomationEvent,
  type AutomationEventInput,
  type EventTypeRegistry,
  type JsonObject,
  parseAutomationEvent,
  type StoredAutomationEvent,
} from './automation-event';
import { type BackupCounts, backupStore, type RestoreCounts, restoreStore } from './backup';
import { archiveEventsBefore, countStoredEvents } from './db/archive-events';
import type { ExecuteSql, StoreBackend, StoreConnection, StoreDatabase } from './db/connection';
import { eventInsert } from './db/event-insert';
import { type MigrationStatus, readMigrationStatus } from './db/migration-status';
import { automationEvents } from './db/schema';
import { selectEventRows } from './db/select-event-rows';
import { toStoreError } from './db/store-errors';
import { decodeEventCursor, encodeEventCursor } from './event-cursor';
import { locateValidationError, readJsonLines, writeEventPagesAsJsonl } from './event-jsonl';
import {
  CORRELATION_WINDOW_MS,
  DEFAULT_STATS_WINDOW_MS,
  type EventPage,
  type EventQuery,
  MAX_TIMELINE_EVENTS,
  NEWEST_FIRST,
  OLDEST_FIRST,
  pageSize,
  queryConditions,
  validDate,
} from './event-query';
import { type EventCount, type EventStats, summarizeEventCounts } from './event-stats';
import type { DetectedFrom } from './event-types';
import { readEventsStoredAfter, readLatestEventId, type StoredAfterQuery } from './events-stored-after';
import { type HourlyEventCount, readHourlyEventCounts } from './hourly-event-counts';
import { readSessionPage, type SessionPage, type SessionQuery } from './session-summaries';

// 11 bound values a row; 1000 rows stay far below PostgreSQL's 65,535 parameters a statement.
const INSERT_CHUNK_ROWS = 1000;

const table = automationEvents;

type EventRow = typeof table.$inferSelect;

function toStoredEvent(row: EventRow): StoredAutomationEvent {
  return {
    ...row,
    evidence: row.evidence as JsonObject,
    detectedFrom: row.detectedFrom as DetectedFrom,
    metadata: row.metadata as JsonObject | null,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * The one store of automation events (the architecture's AutomationHub): every component
 * writes here and reads its history from here, on PGlite or PostgreSQL alike.
 */
export class AutomationHub {
  readonly #connection: StoreConnection;
  readonly #db: StoreDatabase;
  readonly #migrationsFolder: string;
  readonly #registry: EventTypeRegistry | undefined;
  readonly #secrets: string[];

  /**
   * Made by openAutomationHub. Internal, and left out of the published types (`stripInternal`):
   * its drizzle-typed connection would hand a consumer's type check drizzle's declaration
   * files, which fail under `skipLibCheck: false` (docs/release.md).
   * @internal
   */
  constructor(
    connection: StoreConnection,
    options: { migrationsFolder: string; registry?: EventTypeRegistry; secrets?: string[] },
  ) {
    this.#connection = connection;
    this.#db = connection.db;
    this.#migrationsFolder = options.migrationsFolder;
    this.#registry = options.registry;
    this.#secrets = options.secrets ?? [];
  }

  /** 'pglite' or 'postgres'. */
  get backend(): StoreBackend {
    return this.#connection.backend;
  }

  /**
   * The PGlite instance when this process holds the embedded store itself: what `tier1 serve`
   * shares. Internal: left out of the published types, which would otherwise carry PGlite's and
   * drizzle's declarations into a consumer's strict check (docs/release.md).
   * @internal
   */
  get embedded(): StoreConnection['embedded'] {
    return this.#connection.embedded;
  }

  /** Where the events are, for people: "PGlite at <dir>" or "PostgreSQL at host:port/db". */
  get store(): string {
    return this.#connection.store;
  }

  /** Applies the pending migrations (each in its own transaction, as drizzle's migrator does). */
  async migrate(): Promise<MigrationStatus> {
    return this.#run(async () => {
      await this.#connection.applyMigrations(this.#migrationsFolder);
      return readMigrationStatus(this.#connection.execute, this.#migrationsFolder);
    });
  }

  async migrationStatus(): Promise<MigrationStatus> {
    return this.#run(() => readMigrationStatus(this.#connection.execute, this.#migrationsFolder));
  }

  /**
   * Validates, sanitises and stores one event. Idempotent on uid: storing an event whose uid is
   * already stored changes nothing and returns the stored row (the first write wins).
   */
  async storeEvent(input: AutomationEventInput): Promise<StoredAutomationEvent> {
    const event = this.#parse(input);
    return this.#run(async () => {
      const [inserted] = await this.#db
        .insert(table)
        .values(event)
        .onConflictDoNothing({ target: table.uid })
        .returning();
      if (inserted) return toStoredEvent(inserted);
      const [existing] = await this.#db.select().from(table).where(eq(table.uid, event.uid));
      if (!existing) throw new Error(`event ${event.uid} conflicted on insert but is not stored`);
      return toStoredEvent(existing);
    });
  }

  /**
   * Validates every event first (a bad one stores none and names its index), then stores them
   * with one multi-row INSERT per 1000 events. Events whose uid is stored already are counted
   * as duplicates.
   */
  async storeEvents(
    inputs: readonly AutomationEventInput[],
  ): Promise<{ stored: number; duplicates: number }> {
    const events = inputs.map((input, index) => {
      try {
        return this.#parse(input);
      } catch (error) {
        throw locateValidationError(error, `events[${index}]`);
      }
    });
    const stored = await this.#run(() => this.#insertMany(this.#connection.execute, events));
    return { stored, duplicates: events.length - stored };
  }

  async getEvent(idOrUid: number | string): Promise<StoredAutomationEvent | undefined> {
    const where = this.#idOrUid(idOrUid);
    return this.#run(async () => {
      const [row] = await this.#db.select().from(table).where(where);
      return row ? toStoredEvent(row) : undefined;
    });
  }

  /** Newest first, keyset-paged over (created_at, id): each page costs the same however deep. */
  async getEvents(query: EventQuery = {}): Promise<EventPage> {
    const limit = pageSize(query.limit);
    const conditions = queryConditions(query);
    if (query.cursor !== undefined) {
      const cursor = decodeEventCursor(query.cursor);
      conditions.push(
        sql`(${table.createdAt}, ${table.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id})`,
      );
    }
    const select = this.#db
      .select()
      .from(table)
      .where(and(...conditions))
      .orderBy(...NEWEST_FIRST.terms)
      .limit(limit + 1)
      .toSQL();
    return this.#run(async () => {
      const rows = await selectEventRows(this.#connection, select, NEWEST_FIRST.page);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        events: page.map((row) => row.event),
        nextCursor:
          rows.length > limit && last
            ? encodeEventCursor({ createdAt: last.createdAtText, id: last.event.id })
            : null,
      };
    });
  }

  /** The project's events of the last `hours`, oldest first: the latest 1000 if there are more. */
  async getEventTimeline(projectId: string, hours = 24): Promise<StoredAutomationEvent[]> {
    if (!Number.isFinite(hours) || hours <= 0) {
      throw new ValidationError('hours', `${hours} is not a positive number of hours`, 'use for example 24');
    }
    const since = new Date(Date.now() - hours * 60 * 60 * 1000);
    const { events } = await this.getEvents({ projectId, since, limit: MAX_TIMELINE_EVENTS });
    return events.reverse();
  }

  /**
   * The events related to one event, oldest first (at most 1000): the events it names in
   * correlatedWith, the events that name it in theirs, and the other events of its session
   * from an hour before it to an hour after it.
   */
  async correlateEvents(idOrUid: number | string): Promise<StoredAutomationEvent[]> {
    const event = await this.getEvent(idOrUid);
    if (!event) {
      throw new Tier1Error('EVENT_NOT_FOUND', `no event ${idOrUid} in the store`, {
        hint: 'pass an id or uid that getEvents or tier1 events list shows',
      });
    }
    const related: SQL[] = [arrayContains(table.correlatedWith, [event.uid])];
    if (event.correlatedWith.length > 0) related.push(inArray(table.uid, event.correlatedWith));
    if (event.sessionId !== null) {
      const at = event.createdAt.getTime();
      related.push(
        and(
          eq(table.sessionId, event.sessionId),
          gte(table.createdAt, new Date(at - CORRELATION_WINDOW_MS)),
          lt(table.createdAt, new Date(at + CORRELATION_WINDOW_MS + 1)),
        ) as SQL,
      );
    }
    const select = this.#db
      .select()
      .from(table)
      .where(and(ne(table.id, event.id), or(...related)))
      .orderBy(...OLDEST_FIRST.terms)
      .limit(MAX_TIMELINE_EVENTS)
      .toSQL();
    return this.#run(async () => {
      const rows = await selectEventRows(this.#connection, select, OLDEST_FIRST.page);
      return rows.map((row) => row.event);
    });
  }

  /** Counts by type and status, and success rate by component, since `since` (default 7 days). */
  async getStats(options: { since?: Date; projectId?: string } = {}): Promise<EventStats> {
    const since = validDate(options.since ?? new Date(Date.now() - DEFAULT_STATS_WINDOW_MS), 'since');
    const conditions = queryConditions({ since, projectId: options.projectId });
    return this.#run(async () => {
      const counts: EventCount[] = await this.#db
        .select({ eventType: table.eventType, status: table.status, count: sql<number>`count(*)::int` })
        .from(table)
        .where(and(...conditions))
        .groupBy(table.eventType, table.status);
      return summarizeEventCounts(counts, since, options.projectId ?? null);
    });
  }

  /** Claude Code sessions, newest first, each summed up (see session-summaries.ts); keyset-paged. */
  async getSessions(query: SessionQuery = {}): Promise<SessionPage> {
    return this.#run(() => readSessionPage(this.#connection.execute, query));
  }

  /** Events per hour (UTC) of the last `hours` (1 to 168), oldest first, with the failed ones. */
  async getHourlyEventCounts(query: { hours: number; projectId?: string }): Promise<HourlyEventCount[]> {
    return this.#run(() => readHourlyEventCounts(this.#connection.execute, query));
  }

  /** Events in the order they were stored, after a row id: what a live view follows (events-stored-after.ts). */
  async getEventsStoredAfter(query: StoredAfterQuery): Promise<StoredAutomationEvent[]> {
    return this.#run(() => readEventsStoredAfter(this.#connection, query));
  }

  /** The highest row id stored (0 when empty): where a live view starts following. */
  async getLatestEventId(): Promise<number> {
    return this.#run(() => readLatestEventId(this.#connection));
  }

  /** How many events the store holds, in the live table and in the archive (`tier1 db status`). */
  async countEvents(): Promise<{ live: number; archived: number }> {
    return this.#run(() => countStoredEvents(this.#connection.execute));
  }

  /**
   * Moves the events created before `olderThan` to automation_events_archive, in one
   * transaction (db/archive-events.ts).
   */
  async archive(olderThan: Date): Promise<{ archived: number }> {
    validDate(olderThan, 'olderThan');
    return this.#run(() => archiveEventsBefore(this.#connection.execute, olderThan));
  }

  /**
   * Writes the matching events to `output` as JSONL, oldest first (so a restore keeps the
   * order), and leaves the stream open. Keyset-paged, so the store is never read whole.
   */
  async exportJsonl(
    output: Writable,
    filters: Omit<EventQuery, 'limit' | 'cursor'> = {},
  ): Promise<{ exported: number }> {
    const conditions = queryConditions(filters);
    const exported = await writeEventPagesAsJsonl(output, MAX_PAGE_SIZE, (after) => {
      const position = after
        ? sql`(${table.createdAt}, ${table.id}) > (${after.createdAt}::timestamptz, ${after.id})`
        : undefined;
      const select = this.#db
        .select()
        .from(table)
        .where(and(...conditions, position))
        .orderBy(...OLDEST_FIRST.terms)
        .limit(MAX_PAGE_SIZE)
        .toSQL();
      return this.#run(() => selectEventRows(this.#connection, select, OLDEST_FIRST.page));
    });
    return { exported };
  }

  /**
   * Restores events from JSONL (as exportJsonl writes it). All or nothing: a line that is not a
   * valid event rolls the whole import back and the error names the line. Idempotent: events
   * whose uid is stored already are counted as duplicates, so importing twice adds nothing.
   */
  async importJsonl(input: Readable): Promise<{ imported: number; duplicates: number }> {
    return this.#run(() =>
      this.#connection.transaction(async (execute) => {
        let imported = 0;
        let read = 0;
        let batch: AutomationEvent[] = [];
        const flush = async () => {
          imported += await this.#insertMany(execute, batch);
          batch = [];
        };
        for await (const event of readJsonLines(input, (value) =>
          this.#parse(value as AutomationEventInput),
        )) {
          batch.push(event);
          read += 1;
          if (batch.length === INSERT_CHUNK_ROWS) await flush();
        }
        await flush();
        return { imported, duplicates: read - imported };
      }),
    );
  }

  /** Writes every row of both tables to `file` (gzip'd JSONL, atomically): backup.ts. */
  async backup(file: string): Promise<BackupCounts> {
    return this.#run(async () => backupStore(this.#connection, await this.migrationStatus(), file));
  }

  /** Loads a backup into this (empty, unless `force`) store in one transaction: backup.ts. */
  async restore(file: string, options: { force?: boolean } = {}): Promise<RestoreCounts> {
    return this.#run(async () => restoreStore(this.#connection, await this.migrationStatus(), file, options));
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  #parse(input: AutomationEventInput): AutomationEvent {
    return parseAutomationEvent(input, { registry: this.#registry, secrets: this.#secrets });
  }

  async #insertMany(execute: ExecuteSql, events: readonly AutomationEvent[]): Promise<number> {
    let stored = 0;
    for (const chunk of chunks(events, INSERT_CHUNK_ROWS)) {
      const { text, params } = eventInsert(chunk);
      stored += (await execute(text, params)).affectedRows;
    }
    return stored;
  }

  #idOrUid(idOrUid: number | string): SQL {
    if (typeof idOrUid === 'number' && Number.isSafeInteger(idOrUid)) return eq(table.id, idOrUid);
    if (typeof idOrUid === 'string' && isEventUid(idOrUid)) return eq(table.uid, idOrUid);
    if (typeof idOrUid === 'string' && /^\d{1,15}$/.test(idOrUid)) return eq(table.id, Number(idOrUid));
    throw new ValidationError(
      'id',
      `"${idOrUid}" is neither an event id nor a uid`,
      'pass the id (a number) or the uid (a UUID) of an event',
    );
  }

  /** Runs a query, turning a driver's connection and missing-table errors into Tier1Errors. */
  async #run<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      throw toStoreError(error, this.#connection.store);
    }
  }
}
