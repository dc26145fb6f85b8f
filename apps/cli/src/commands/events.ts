import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { MAX_PAGE_SIZE } from '@tier1/core';
import type { EventQuery, StoredAutomationEvent } from '@tier1/events';
import { type Command, type CommandContext, routeSubcommands, type Subcommand, UsageError } from '../command';
import { FLAG, noMorePositionals, parseCommandArgs, VALUE } from '../command-args';
import { formatTable } from '../format-table';
import { listEvents } from '../list-events';
import { withStore } from '../open-store';
import { parseCountOption, parseTimeOption } from '../time-option';
import { writeJson, writeLine } from '../write-output';

const usage = `Usage: tier1 events <subcommand> [options]

Subcommands:
  list [filters] [--limit 50] [--cursor <c>]   events, newest first, a page at a time
  timeline <projectId> [--hours 24]            a project's events, oldest first
  stats [--since 7d] [--project <id>]          counts by type and status, success rate by component
  correlate <id|uid>                           the events related to one event
  export [filters] [--out <file.jsonl>]        every matching event as JSONL (stdout by default)
  import <file.jsonl>                          restore an export (idempotent: duplicates are skipped)
  archive --older-than <90d|date>              move old events to automation_events_archive
  drain                                        move spooled events (<home>/spool) into the store

Filters:
  --type <type>  --status <status>  (each may repeat)  --project <id>  --session <id>
  --since <when>  --until <when>    when: a duration back from now (90m, 24h, 7d, 2w) or an ISO date

Options:
  --json                                       machine-readable output

Exit codes: 0 success, 1 the store failed, 2 usage or configuration error.`;

const json = { json: FLAG } as const;
/** The read commands show the spooled events too (see withStore). */
const READ = { drainSpool: true } as const;
const filterOptions = {
  type: { ...VALUE, multiple: true },
  status: { ...VALUE, multiple: true },
  project: VALUE,
  session: VALUE,
  since: VALUE,
  until: VALUE,
} as const;

interface FilterValues {
  type?: string[];
  status?: string[];
  project?: string;
  session?: string;
  since?: string;
  until?: string;
}

function filtersOf(values: FilterValues): Omit<EventQuery, 'limit' | 'cursor'> {
  return {
    eventType: values.type,
    status: values.status,
    projectId: values.project,
    sessionId: values.session,
    since: values.since === undefined ? undefined : parseTimeOption('since', values.since),
    until: values.until === undefined ? undefined : parseTimeOption('until', values.until),
  };
}

function eventTable(events: readonly StoredAutomationEvent[]): string {
  return formatTable(
    ['ID', 'CREATED', 'TYPE', 'STATUS', 'PROJECT', 'SESSION', 'FROM'],
    events.map((event) => [
      String(event.id),
      event.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      event.eventType,
      event.status,
      event.projectId,
      event.sessionId ?? '-',
      event.detectedFrom,
    ]),
  );
}

function writeEvents(context: CommandContext, events: readonly StoredAutomationEvent[], empty: string): void {
  writeLine(context.stdout, events.length === 0 ? empty : eventTable(events));
}

const list: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, {
    ...filterOptions,
    ...json,
    limit: VALUE,
    cursor: VALUE,
  });
  noMorePositionals(positionals, 0);
  const query: EventQuery = {
    ...filtersOf(values),
    limit: values.limit === undefined ? undefined : parseCountOption('limit', values.limit, MAX_PAGE_SIZE),
    cursor: values.cursor,
  };
  const { spooled, ...page } = await listEvents(context, query);
  if (values.json) {
    writeJson(context.stdout, { ...page, spooled });
    return 0;
  }
  writeEvents(context, page.events, 'no events match');
  if (page.nextCursor) writeLine(context.stdout, `\nmore: tier1 events list --cursor ${page.nextCursor}`);
  if (spooled > 0)
    writeLine(
      context.stdout,
      `\n${spooled} spooled event${spooled === 1 ? ' is' : 's are'} waiting to be drained into the store: run tier1 events drain`,
    );
  return 0;
};

const timeline: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, { ...json, hours: VALUE });
  const [projectId] = positionals;
  if (projectId === undefined)
    throw new UsageError('the project id is missing', 'use tier1 events timeline <projectId> [--hours 24]');
  noMorePositionals(positionals, 1);
  const hours = values.hours === undefined ? 24 : Number(values.hours);
  if (values.hours !== undefined && !(/^\d+(\.\d+)?$/.test(values.hours) && hours > 0)) {
    throw new UsageError(
      `--hours "${values.hours}" is not a positive number of hours`,
      'use e.g. --hours 24',
    );
  }
  const events = await withStore(
    context,
    'tier1 events timeline',
    (hub) => hub.getEventTimeline(projectId, hours),
    READ,
  );
  if (values.json) writeJson(context.stdout, { projectId, hours, events });
  else writeEvents(context, events, `no events for ${projectId} in the last ${hours} hours`);
  return 0;
};

const stats: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, {
    ...json,
    since: VALUE,
    project: VALUE,
  });
  noMorePositionals(positionals, 0);
  const since = parseTimeOption('since', values.since ?? '7d');
  const result = await withStore(
    context,
    'tier1 events stats',
    (hub) => hub.getStats({ since, projectId: values.project }),
    READ,
  );
  if (values.json) {
    writeJson(context.stdout, result);
    return 0;
  }
  const scope = result.projectId ? ` for ${result.projectId}` : '';
  writeLine(context.stdout, `${result.total} events since ${result.since.toISOString()}${scope}`);
  if (result.total === 0) return 0;
  const byType = result.byType.map((row) => [row.eventType, row.count, row.successes, row.failures]);
  const byComponent = result.byComponent.map((row) => [
    row.component,
    row.total,
    row.successes,
    `${row.successRate}%`,
  ]);
  writeSection(context, ['TYPE', 'COUNT', 'SUCCESSES', 'FAILURES'], byType);
  writeSection(context, ['COMPONENT', 'TOTAL', 'SUCCESSES', 'SUCCESS RATE'], byComponent);
  return 0;
};

/** A blank line, then a table: one section of tier1 events stats. */
function writeSection(context: CommandContext, headers: string[], rows: (string | number)[][]): void {
  writeLine(context.stdout);
  writeLine(
    context.stdout,
    formatTable(
      headers,
      rows.map((row) => row.map(String)),
    ),
  );
}

const correlate: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, json);
  const [reference] = positionals;
  if (reference === undefined)
    throw new UsageError('the event id or uid is missing', 'use tier1 events correlate <id|uid>');
  noMorePositionals(positionals, 1);
  const idOrUid = /^\d+$/.test(reference) ? Number(reference) : reference;
  const events = await withStore(
    context,
    'tier1 events correlate',
    (hub) => hub.correlateEvents(idOrUid),
    READ,
  );
  if (values.json) writeJson(context.stdout, { event: idOrUid, related: events });
  else writeEvents(context, events, `no events are related to ${reference}`);
  return 0;
};

const exportEvents: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, {
    ...filterOptions,
    ...json,
    out: VALUE,
  });
  noMorePositionals(positionals, 0);
  const filters = filtersOf(values);
  const out = values.out === undefined ? undefined : resolve(context.cwd, values.out);
  const { exported } = await withStore(
    context,
    'tier1 events export',
    async (hub) => {
      if (!out) return hub.exportJsonl(context.stdout as Writable, filters);
      const file = createWriteStream(out);
      try {
        return await hub.exportJsonl(file, filters);
      } finally {
        file.end();
        await once(file, 'close');
      }
    },
    READ,
  );
  // Without --out, stdout is the JSONL itself: the summary goes to stderr.
  const summary = out ? context.stdout : context.stderr;
  if (values.json && out) writeJson(summary, { exported, out });
  else writeLine(summary, `exported ${exported} events${out ? ` to ${out}` : ''}`);
  return 0;
};

const importEvents: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, json);
  const [file] = positionals;
  if (file === undefined)
    throw new UsageError('the file to import is missing', 'use tier1 events import <file.jsonl>');
  noMorePositionals(positionals, 1);
  const path = resolve(context.cwd, file);
  if (!existsSync(path))
    throw new UsageError(`${path} does not exist`, 'pass a file written by tier1 events export');
  const result = await withStore(context, 'tier1 events import', (hub) =>
    hub.importJsonl(createReadStream(path)),
  );
  if (values.json) writeJson(context.stdout, result);
  else
    writeLine(
      context.stdout,
      `imported ${result.imported} events, ${result.duplicates} already in the store`,
    );
  return 0;
};

const archive: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, { ...json, 'older-than': VALUE });
  noMorePositionals(positionals, 0);
  const olderThan = values['older-than'];
  if (olderThan === undefined)
    throw new UsageError('--older-than is missing', 'use e.g. tier1 events archive --older-than 90d');
  const before = parseTimeOption('older-than', olderThan);
  const { archived } = await withStore(context, 'tier1 events archive', (hub) => hub.archive(before));
  if (values.json) writeJson(context.stdout, { archived, olderThan: before });
  else writeLine(context.stdout, `archived ${archived} events created before ${before.toISOString()}`);
  return 0;
};

const drain: Subcommand = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, json);
  noMorePositionals(positionals, 0);
  const config = context.config();
  const { EventSpool, spoolDirectory } = await import('@tier1/events');
  const spool = new EventSpool(spoolDirectory(config), { secrets: config.secrets });
  const report = await withStore(context, 'tier1 events drain', (hub) => spool.drain(hub));
  if (values.json) {
    writeJson(context.stdout, report);
    return 0;
  }
  writeLine(
    context.stdout,
    `drained ${report.segments} spool segments: ${report.stored} events stored, ${report.duplicates} already stored, ${report.rejected} rejected`,
  );
  for (const warning of report.warnings) writeLine(context.stdout, `  warning: ${warning}`);
  if (report.rejected > 0) {
    writeLine(
      context.stdout,
      `rejected lines are kept, with the reason, in ${join(spool.directory, 'rejected')}`,
    );
  }
  return 0;
};

const SUBCOMMANDS: Record<string, Subcommand> = {
  list,
  timeline,
  stats,
  correlate,
  export: exportEvents,
  import: importEvents,
  archive,
  drain,
};

const events: Command = { usage, run: routeSubcommands('events', SUBCOMMANDS) };

export default events;
