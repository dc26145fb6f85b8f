import { ValidationError } from '@tier1/core';

/**
 * Where a page of events ended: the last row's created_at (PostgreSQL's own text for it, which
 * keeps microseconds and the offset, so rows inserted with now() page exactly) and its id, the
 * tie-breaker for rows with the same created_at.
 */
export interface EventCursor {
  createdAt: string;
  id: number;
}

/** Opaque to callers: they pass back the nextCursor they were given. */
export function encodeEventCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeEventCursor(cursor: string): EventCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && Number.isSafeInteger(id)) {
      return { createdAt, id: id as number };
    }
  } catch {
    // Falls through to the error below: a cursor that is not ours is a caller's mistake.
  }
  throw new ValidationError(
    'cursor',
    `"${cursor}" is not a cursor from getEvents`,
    'pass the nextCursor of the previous page unchanged',
  );
}
