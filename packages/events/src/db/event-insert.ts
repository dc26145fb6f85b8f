import type { AutomationEvent } from '../automation-event';

const COLUMNS =
  'uid, event_type, project_id, status, evidence, detected_from, metadata, session_id, correlated_with, created_at, resolved_at';
const CASTS = [
  'uuid',
  'varchar',
  'varchar',
  'varchar',
  'jsonb',
  'varchar',
  'jsonb',
  'varchar',
  'uuid[]',
  'timestamptz',
  'timestamptz',
];
const statements = new Map<number, string>();

function insertText(rows: number): string {
  let text = statements.get(rows);
  if (text === undefined) {
    const tuples = Array.from(
      { length: rows },
      (_, row) =>
        `(${CASTS.map((cast, column) => `$${row * CASTS.length + column + 1}::${cast}`).join(', ')})`,
    );
    text = `insert into automation_events (${COLUMNS}) values ${tuples.join(', ')} on conflict (uid) do nothing`;
    statements.set(rows, text);
  }
  return text;
}

/**
 * One multi-row INSERT … ON CONFLICT (uid) DO NOTHING of validated events, every value bound as
 * text. Built by hand because drizzle's builder spends longer assembling a 1000-row INSERT than
 * the server spends running it (bench/ingest.mjs).
 */
export function eventInsert(events: readonly AutomationEvent[]): { text: string; params: (string | null)[] } {
  const params: (string | null)[] = [];
  for (const event of events) {
    params.push(
      event.uid,
      event.eventType,
      event.projectId,
      event.status,
      JSON.stringify(event.evidence),
      event.detectedFrom,
      event.metadata === null ? null : JSON.stringify(event.metadata),
      event.sessionId,
      `{${event.correlatedWith.join(',')}}`,
      event.createdAt.toISOString(),
      event.resolvedAt === null ? null : event.resolvedAt.toISOString(),
    );
  }
  return { text: insertText(events.length), params };
}
