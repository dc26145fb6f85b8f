import type { AutomationEvent } from '../automation-event';
import { type EventColumn, INSERTED_EVENT_COLUMNS } from './event-columns';

const COLUMN_NAMES = INSERTED_EVENT_COLUMNS.map((column) => column.name).join(', ');
const statements = new Map<number, string>();

function insertText(rows: number): string {
  let text = statements.get(rows);
  if (text === undefined) {
    const width = INSERTED_EVENT_COLUMNS.length;
    const tuples = Array.from(
      { length: rows },
      (_, row) =>
        `(${INSERTED_EVENT_COLUMNS.map(({ cast }, column) => `$${row * width + column + 1}::${cast}`).join(', ')})`,
    );
    text = `insert into automation_events (${COLUMN_NAMES}) values ${tuples.join(', ')} on conflict (uid) do nothing`;
    statements.set(rows, text);
  }
  return text;
}

/** A value as the text its column's cast reads: JSON, a `{…}` array literal or ISO 8601. */
function asText(value: unknown, kind: EventColumn['kind']): string | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'json':
      return JSON.stringify(value);
    case 'array':
      return `{${(value as readonly string[]).join(',')}}`;
    case 'date':
      return (value as Date).toISOString();
    default:
      return String(value);
  }
}

/**
 * One multi-row INSERT … ON CONFLICT (uid) DO NOTHING of validated events, every value bound as
 * text. Built by hand because drizzle's builder spends longer assembling a 1000-row INSERT than
 * the server spends running it (bench/ingest.mjs).
 */
export function eventInsert(events: readonly AutomationEvent[]): { text: string; params: (string | null)[] } {
  const params: (string | null)[] = [];
  for (const event of events) {
    for (const { key, kind } of INSERTED_EVENT_COLUMNS) {
      params.push(asText(event[key as keyof AutomationEvent], kind));
    }
  }
  return { text: insertText(events.length), params };
}
