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

/** Turns a driver's error into the Tier1Error a user can act on; other errors pass through unchanged. */
export function toStoreError(error: unknown, store: string): unknown {
  if (Tier1Error.isInstance(error)) return error;
  const cause = driverError(error);
  const code = codeOf(cause);
  if (code === '42P01') return storeNotMigrated(store, cause);
  if (code !== undefined && (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) {
    return storeUnavailable(store, cause);
  }
  return error;
}
