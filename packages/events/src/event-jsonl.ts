import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ValidationError } from '@tier1/core';
import type { AutomationEvent, StoredAutomationEvent } from './automation-event';
import type { EventRow } from './db/select-event-rows';

/**
 * One event as a line of a JSONL backup: the AutomationEvent fields (camelCase, ISO times),
 * without the row id, which belongs to the store that exported it.
 */
export function eventToJsonLine(event: AutomationEvent | StoredAutomationEvent): string {
  const line: Partial<StoredAutomationEvent> = { ...event };
  delete line.id;
  return `${JSON.stringify(line)}\n`;
}

/** The same problem, with where it was found in front of the field ("line 7: status: …"). */
export function locateValidationError(error: unknown, where: string): unknown {
  if (!ValidationError.isInstance(error)) return error;
  return new ValidationError(
    `${where}: ${error.field}`,
    error.message.slice(error.field.length + 2),
    error.hint,
  );
}

/**
 * Reads a JSONL stream one event per line (blank lines are skipped), validating each with
 * `parse`. A line that is not JSON or not a valid event throws a ValidationError naming its
 * line number; the caller decides what that means for the lines before it.
 */
export async function* readJsonLines<T>(input: Readable, parse: (value: unknown) => T): AsyncGenerator<T> {
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ValidationError(
        `line ${lineNumber}`,
        `is not JSON (${(error as Error).message})`,
        'each line must be one event as written by exportJsonl',
      );
    }
    try {
      yield parse(value);
    } catch (error) {
      throw locateValidationError(error, `line ${lineNumber}`);
    }
  }
}

/** Where a keyset-paged read goes on: after this row (its created_at exact to the microsecond). */
export interface PagePosition {
  createdAt: string;
  id: number;
}

/**
 * Writes the pages `nextPage` reads as JSONL lines to `output`, waiting for the stream to drain,
 * until a page comes back shorter than `pageSize`; leaves the stream open. Returns the count.
 */
export async function writeEventPagesAsJsonl(
  output: Writable,
  pageSize: number,
  nextPage: (after: PagePosition | undefined) => Promise<EventRow[]>,
): Promise<number> {
  let written = 0;
  let after: PagePosition | undefined;
  for (;;) {
    const rows = await nextPage(after);
    for (const row of rows) {
      if (!output.write(eventToJsonLine(row.event))) await once(output, 'drain');
    }
    written += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return written;
    after = { createdAt: last.createdAtText, id: last.event.id };
  }
}
