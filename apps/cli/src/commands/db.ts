import { resolve } from 'node:path';
import type { AutomationHub, MigrationStatus } from '@tier1/events';
import { type Command, routeSubcommands, type Subcommand, UsageError } from '../command';
import { FLAG, noMorePositionals, parseCommandArgs } from '../command-args';
import { withStore } from '../open-store';
import { writeJson, writeLine } from '../write-output';

const usage = `Usage: tier1 db <subcommand> [--json]

Subcommands:
  migrate         apply the pending migrations to the store (PGlite under TIER1_HOME, or DATABASE_URL)
  status          the backend, where it is, applied and pending migrations, and row counts
  backup <file>   write every event, live and archived, to <file> (gzip'd JSONL, written atomically)
  restore <file>  load a backup into an empty store, in one transaction

Options:
  --force    restore: add the backup to a store that holds events (rows it has already are kept)
  --json     machine-readable output

Exit codes: 0 success, 1 the store failed, 2 usage or configuration error.`;

function migrationLines(status: MigrationStatus): string[] {
  return [
    `applied:  ${status.applied.length === 0 ? 'none' : status.applied.join(', ')}`,
    `pending:  ${status.pending.length === 0 ? 'none' : status.pending.join(', ')}`,
  ];
}

const json = { json: FLAG } as const;

const migrate: Subcommand = async (argv, context) => {
  const { values } = parseCommandArgs(argv, json, false);
  const result = await withStore(
    context,
    'tier1 db migrate',
    async (hub) => {
      const before = await hub.migrationStatus();
      const after = await hub.migrate();
      const applied = after.applied.filter((tag) => !before.applied.includes(tag));
      return { backend: hub.backend, store: hub.store, applied, status: after };
    },
    { migrate: false },
  );
  if (values.json) writeJson(context.stdout, result);
  else {
    writeLine(
      context.stdout,
      result.applied.length === 0
        ? `${result.store}: already up to date`
        : `${result.store}: applied ${result.applied.join(', ')}`,
    );
  }
  return 0;
};

const status: Subcommand = async (argv, context) => {
  const { values } = parseCommandArgs(argv, json, false);
  const report = await withStore(
    context,
    'tier1 db status',
    async (hub) => {
      const migrations = await hub.migrationStatus();
      // Without the tables there is nothing to count (PostgreSQL before `tier1 db migrate`).
      const counts = migrations.applied.length > 0 ? await hub.countEvents() : null;
      return {
        backend: hub.backend,
        store: hub.store,
        migrations,
        rows: {
          automationEvents: counts?.live ?? null,
          automationEventsArchive: counts?.archived ?? null,
        },
      };
    },
    { migrate: false },
  );
  if (values.json) writeJson(context.stdout, report);
  else {
    writeLine(context.stdout, `backend:  ${report.backend}`);
    writeLine(context.stdout, `store:    ${report.store}`);
    for (const line of migrationLines(report.migrations)) writeLine(context.stdout, line);
    writeLine(
      context.stdout,
      report.rows.automationEvents === null
        ? 'events:   n/a (run tier1 db migrate)'
        : `events:   ${report.rows.automationEvents} (archived: ${report.rows.automationEventsArchive})`,
    );
  }
  return 0;
};

const fileOptions = { ...json, force: FLAG } as const;

/**
 * backup and restore: parse `<file>` (resolved against the working directory), run `work` on
 * the store, print the result as JSON or as `summary` says.
 */
function fileSubcommand<T extends object>(
  name: 'backup' | 'restore',
  work: (hub: AutomationHub, file: string, force: boolean) => Promise<T>,
  summary: (result: T & { store: string; file: string }) => string,
): Subcommand {
  return async (argv, context) => {
    const { values, positionals } = parseCommandArgs(argv, name === 'restore' ? fileOptions : json);
    const [path] = positionals;
    if (path === undefined) throw new UsageError('the backup file is missing', `use tier1 db ${name} <file>`);
    noMorePositionals(positionals, 1);
    const file = resolve(context.cwd, path);
    const force = 'force' in values && values.force === true;
    const result = await withStore(context, `tier1 db ${name}`, async (hub) => ({
      store: hub.store,
      file,
      ...(await work(hub, file, force)),
    }));
    if (values.json) writeJson(context.stdout, result);
    else writeLine(context.stdout, summary(result));
    return 0;
  };
}

const backup = fileSubcommand(
  'backup',
  (hub, file) => hub.backup(file),
  (result) => `${result.file}: ${result.live} events (archived: ${result.archived}) from ${result.store}`,
);

const restore = fileSubcommand(
  'restore',
  (hub, file, force) => hub.restore(file, { force }),
  (result) =>
    `${result.store}: restored ${result.live} events (archived: ${result.archived}), ${result.duplicates} already there`,
);

const db: Command = { usage, run: routeSubcommands('db', { migrate, status, backup, restore }) };

export default db;
