import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { isEventUid, type Tier1Config, Tier1Error, ValidationError } from '@tier1/core';
import { and, arrayContains, asc, desc, eq, gte, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import {
  type AutomationEvent,
  type AutomationEventInput,
  type EventTypeRegistry,
  type JsonObject,
  parseAutomationEvent,
  type StoredAutomationEvent,
} from './automation-event';
import {
  connectPglite,
  connectPostgres,
  type ExecuteSql,
  type StoreBackend,
  type StoreConnection,
  type StoreDatabase,
} from './db/connection';
import { eventInsert } from './db/event-insert';
import { type MigrationStatus, readMigrationStatus } from './db/migration-status';
import { findMigrationsFolder } from './db/migrations-folder';
import { automationEvents } from './db/schema';
import { selectEventRows } from './db/select-event-rows';
import { toStoreError } from './db/store-errors';
import { decodeEventCursor, encodeEventCursor } from './event-cursor';
import { eventToJsonLine, locateValidationError, readJsonLines } from './event-jsonl';
import { type EventCount, type EventStats, summarizeEventCounts } from './event-stats';
import type { DetectedFrom } from './event-types';
import { prepareTier1Home } from './tier1-home';

export interface OpenAutomationHubOptions {
  /** PostgreSQL (postgres.js) when set; the embedded PGlite otherwise. */
  databaseUrl?: string;
  /** PGlite data directory (default `<cwd>/.tier1/db`), or `'memory://'` for a throw-away store. */
  dataDir?: string;
  /** How long to wait for another process that has the PGlite directory open (default 5000). */
  lockTimeoutMs?: number;
  registry?: EventTypeRegistry;
  /** Values redacted from evidence and metadata wherever they appear (API keys, passwords). */
  secrets?: string[];
  /**
   * Apply pending migrations on open. Default: yes for PGlite (the store is private to this
   * project), no for PostgreSQL (a shared server is migrated on purpose, by `tier1 db migrate`).
   */
  migrate?: boolean;
  /** Who holds the PGlite lock, shown to a process that waits for it, e.g. "tier1 events list". */
  purpose?: string;
}

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

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/** getEventTimeline and correlateEvents return at most this many events. */
export const MAX_TIMELINE_EVENTS = 1000;
/** correlateEvents also returns events of the same session up to this long before or after. */
export const CORRELATION_WINDOW_MS = 60 * 60 * 1000;
/** Default window of getStats: the deployment guide's 7 days. */
export const DEFAULT_STATS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
// 11 bound values a row; 1000 rows stay far below PostgreSQL's 65,535 parameters a statement.
const INSERT_CHUNK_ROWS = 1000;

const table = automationEvents;

/**
 * The two orders events are read in, each as the query builder's terms and as selectEventRows'
 * order over its `page` alias (an aggregate keeps no input order, so it is stated again there).
 */
const NEWEST_FIRST = {
  terms: [desc(table.createdAt), desc(table.id)],
  page: 'page.created_at desc, page.id desc',
};
const OLDEST_FIRST = { terms: [asc(table.createdAt), asc(table.id)], page: 'page.created_at, page.id' };

type EventRow = typeof table.$inferSelect;

function toStoredEvent(row: EventRow): StoredAutomationEvent {
  return {
    ...row,
    evidence: row.evidence as JsonObject,
    detectedFrom: row.detectedFrom as DetectedFrom,
    metadata: row.metadata as JsonObject | null,
  };
}

function oneOrMany(column: typeof table.eventType | typeof table.status, value: string | string[]): SQL {
  return Array.isArray(value) ? inArray(column, value) : eq(column, value);
}

function queryConditions(query: EventQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.eventType !== undefined) conditions.push(oneOrMany(table.eventType, query.eventType));
  if (query.status !== undefined) conditions.push(oneOrMany(table.status, query.status));
  if (query.projectId !== undefined) conditions.push(eq(table.projectId, query.projectId));
  if (query.sessionId !== undefined) conditions.push(eq(table.sessionId, query.sessionId));
  if (query.since !== undefined) conditions.push(gte(table.createdAt, validDate(query.since, 'since')));
  if (query.until !== undefined) conditions.push(lt(table.createdAt, validDate(query.until, 'until')));
  return conditions;
}

function validDate(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ValidationError(
      field,
      'is not a valid date',
      'pass a Date, such as new Date("2026-01-20T00:00:00Z")',
    );
  }
  return value;
}

function pageSize(limit: number | undefined): number {
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

  /** How many events the store holds, in the live table and in the archive (`tier1 db status`). */
  async countEvents(): Promise<{ live: number; archived: number }> {
    return this.#run(async () => {
      const {
        rows: [row],
      } = await this.#connection.execute<{ live: number; archived: number }>(
        `select (select count(*)::int from automation_events) as live,
                (select count(*)::int from automation_events_archive) as archived`,
      );
      return { live: Number(row?.live ?? 0), archived: Number(row?.archived ?? 0) };
    });
  }

  /**
   * Moves the events created before `olderThan` to automation_events_archive. One statement
   * (DELETE … RETURNING feeding the INSERT), so it is one transaction, and a row inserted
   * meanwhile can never be deleted without being archived. An event whose uid the archive
   * already has (it was archived, restored and archived again) is kept once, in the archive.
   */
  async archive(olderThan: Date): Promise<{ archived: number }> {
    validDate(olderThan, 'olderThan');
    const columns =
      'id, uid, event_type, project_id, status, evidence, detected_from, metadata, session_id, correlated_with, created_at, resolved_at';
    return this.#run(async () => {
      const {
        rows: [row],
      } = await this.#connection.execute<{ archived: number }>(
        `with moved as (
           delete from automation_events where created_at < $1::timestamptz returning ${columns}
         ), archived as (
           insert into automation_events_archive (${columns}) select ${columns} from moved
           on conflict (uid) do nothing
         )
         select count(*)::int as archived from moved`,
        [olderThan.toISOString()],
      );
      return { archived: Number(row?.archived ?? 0) };
    });
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
    let exported = 0;
    let after: { createdAt: string; id: number } | undefined;
    for (;;) {
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
      const rows = await this.#run(() => selectEventRows(this.#connection, select, OLDEST_FIRST.page));
      for (const row of rows) {
        if (!output.write(eventToJsonLine(row.event))) await once(output, 'drain');
      }
      exported += rows.length;
      const last = rows.at(-1);
      if (!last || rows.length < MAX_PAGE_SIZE) return { exported };
      after = { createdAt: last.createdAtText, id: last.event.id };
    }
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

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set, else PGlite in `dataDir`. PGlite is
 * migrated on open; PostgreSQL only when `migrate: true` (otherwise a missing table surfaces as
 * STORE_NOT_MIGRATED on the first query, with the fix `tier1 db migrate`).
 */
export async function openAutomationHub(options: OpenAutomationHubOptions = {}): Promise<AutomationHub> {
  const migrationsFolder = findMigrationsFolder();
  const connection = options.databaseUrl
    ? await connectPostgres(options.databaseUrl)
    : await connectPglite(options.dataDir ?? join(process.cwd(), '.tier1', 'db'), {
        lockTimeoutMs: options.lockTimeoutMs ?? 5000,
        purpose: options.purpose,
      });
  const hub = new AutomationHub(connection, {
    migrationsFolder,
    registry: options.registry,
    secrets: options.secrets,
  });
  if (options.migrate ?? connection.backend === 'pglite') {
    try {
      await hub.migrate();
    } catch (error) {
      await hub.close();
      throw error;
    }
  }
  return hub;
}

/** The store the configuration names: DATABASE_URL, else PGlite at `<home>/db`. */
export async function openAutomationHubFromConfig(
  config: Tier1Config,
  options: Pick<OpenAutomationHubOptions, 'registry' | 'migrate' | 'purpose'> = {},
): Promise<AutomationHub> {
  if (config.databaseUrl === undefined) prepareTier1Home(config.home);
  return openAutomationHub({
    ...options,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.home, 'db'),
    lockTimeoutMs: config.lockTimeoutMs,
    secrets: config.secrets,
  });
}
