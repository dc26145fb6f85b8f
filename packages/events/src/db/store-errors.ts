import { Tier1Error } from '@tier1/core';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

// Tier1Error codes that mean "the store is not there right now", not "this event is wrong".
const STORE_DOWN_CODES = new Set([
  'STORE_UNAVAILABLE',
  'STORE_LOCKED',
  'STORE_NOT_MIGRATED',
  ...CONNECTION_ERROR_CODES,
]);

/** Whether an error means the store cannot take events right now (so they go to the spool), not that they are wrong. */
export function isStoreDownError(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && STORE_DOWN_CODES.has(code);
}

// SQLSTATE classes 08 (connection exception), 28 (authorisation), 3D (no such database),
// 53 (insufficient resources) and 57P (server shutting down / starting up).
const UNAVAILABLE_SQLSTATE = /^(08|28|3D|53|57P)/;

/** drizzle wraps a driver's error in "Failed query: <sql> params: <every value>"; the driver's own error says what went wrong. */
function driverError(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && 'query' in current && current.cause !== undefined)
    current = current.cause;
  return current;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Names a store for people: "PostgreSQL at db.example:5432/tier1" (never the password) or "PGlite at <dir>". */
export function describePostgres(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a valid URL)';
  }
}

export function storeUnavailable(store: string, cause: unknown): Tier1Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Tier1Error('STORE_UNAVAILABLE', `cannot reach the event store, ${store}: ${reason}`, {
    hint: store.startsWith('PostgreSQL')
      ? 'start PostgreSQL or fix DATABASE_URL (unset it to use the embedded PGlite store); events are spooled meanwhile'
      : 'check that the data directory is readable and writable',
    cause,
  });
}

export function storeNotMigrated(store: string, cause?: unknown): Tier1Error {
  return new Tier1Error(
    'STORE_NOT_MIGRATED',
    `the event store, ${store}, has no automation_events table yet`,
    {
      hint: 'run tier1 db migrate',
      cause,
    },
  );
}

// SQLSTATE classes 22 (data exception: 22P05 untranslatable character, 22021 bad UTF-8),
// 23 (integrity constraint) and 54 (program limit, such as a row too large): this data, not the store.
const REJECTED_DATA_SQLSTATE = /^(22|23|54)/;

/** The store refused the data of an event: the event is at fault, and later events still store. */
export const STORE_REJECTED_EVENT = 'STORE_REJECTED_EVENT';

function reasonOf(cause: unknown, code: string | undefined): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return code === undefined ? message : `${message} (SQLSTATE ${code})`;
}

/**
 * Turns a driver's error into the Tier1Error a user can act on: unreachable, not migrated, an
 * event's data refused, or any other failure of the store, named with the store and its reason.
 * A caller never sees a raw driver error.
 */
export function toStoreError(error: unknown, store: string): Tier1Error {
  if (Tier1Error.isInstance(error)) return error;
  const cause = driverError(error);
  const code = codeOf(cause);
  if (code === '42P01') return storeNotMigrated(store, cause);
  if (code !== undefined && (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) {
    return storeUnavailable(store, cause);
  }
  if (code !== undefined && REJECTED_DATA_SQLSTATE.test(code)) {
    return new Tier1Error(
      STORE_REJECTED_EVENT,
      `the event store, ${store}, refused an event: ${reasonOf(cause, code)}`,
      {
        hint: 'tier1 events drain keeps such an event in spool/rejected/ with this reason and stores the rest; please report it',
        cause,
      },
    );
  }
  // XX001/XX002: a data or index file is damaged (a truncated heap file, a torn write).
  const damaged = code === 'XX001' || code === 'XX002';
  return new Tier1Error(
    damaged ? 'STORE_DAMAGED' : 'STORE_FAILED',
    `the event store, ${store}, ${damaged ? 'is damaged' : 'failed'}: ${reasonOf(cause, code)}`,
    { hint: 'run tier1 doctor; a damaged store: docs/events.md, "A damaged store"', cause },
  );
}

/** How to get the events back from a damaged embedded store (docs/events.md, "A damaged store"). */
export function wayBack(dataDir: string): string {
  return `keep the directory: move it aside (mv ${dataDir} ${dataDir}.damaged), then tier1 db restore <your last tier1 db backup> (or tier1 events import <your last tier1 events export>) into the new store`;
}

/** A PGlite data directory that is there but is not a database PGlite can open. */
export function storeDamaged(store: string, dataDir: string, problem: string, cause?: unknown): Tier1Error {
  return new Tier1Error('STORE_DAMAGED', `the event store, ${store}, is damaged: ${problem}`, {
    hint: wayBack(dataDir),
    cause,
  });
}
