import { getTableColumns } from 'drizzle-orm';
import type { StoredAutomationEvent } from '../automation-event';
import { automationEvents } from './schema';

/** One column of automation_events as the hand-written SQL needs it. */
export interface EventColumn {
  /** The StoredAutomationEvent key it is read into and written from: `eventType`. */
  key: keyof StoredAutomationEvent;
  /** Its SQL name: `event_type`. */
  name: string;
  /** The type a text parameter is cast to on insert: `varchar`, `jsonb`, `uuid[]`. */
  cast: string;
  /** How a value is bound as text. */
  kind: 'text' | 'json' | 'array' | 'date' | 'number';
}

const KINDS: Record<string, EventColumn['kind']> = {
  string: 'text',
  json: 'json',
  array: 'array',
  date: 'date',
  number: 'number',
};

/*
 * The columns of automation_events, in the schema's order, read from the drizzle schema
 * (db/schema.ts), which is where they are spelled: the reads that bypass drizzle's builder
 * (select-event-rows.ts), the hand-built INSERT (event-insert.ts) and the archive's SQL
 * (archive-events.ts) take their column lists from here. A length is dropped from the cast:
 * casting to varchar(n) would cut a longer value silently, where the column refuses it.
 */
export const EVENT_COLUMNS: readonly EventColumn[] = Object.entries(getTableColumns(automationEvents)).map(
  ([key, column]) => {
    const kind = KINDS[column.dataType];
    if (kind === undefined)
      throw new Error(`automation_events.${column.name}: no binding for ${column.dataType}`);
    return {
      key: key as keyof StoredAutomationEvent,
      name: column.name,
      cast: column
        .getSQLType()
        .replace(/\(\d+\)/, '')
        .replace('timestamp with time zone', 'timestamptz'),
      kind,
    };
  },
);

/** The columns an insert writes: all but the identity `id`, which the store assigns. */
export const INSERTED_EVENT_COLUMNS = EVENT_COLUMNS.filter((column) => column.key !== 'id');

/** `id, uid, event_type, …`: every column, for a statement that copies whole rows. */
export const EVENT_COLUMN_LIST = EVENT_COLUMNS.map((column) => column.name).join(', ');
