import type { MigrationStatus } from '@tier1/events';
import {
  type Command,
  parseCommandArgs,
  routeSubcommands,
  type Subcommand,
  writeJson,
  writeLine,
} from '../command';
import { withStore } from '../open-store';

const usage = `Usage: tier1 db <subcommand> [--json]

Subcommands:
  migrate    apply the pending migrations to the store (PGlite under TIER1_HOME, or DATABASE_URL)
  status     the backend, where it is, applied and pending migrations, and row counts

Options:
  --json     machine-readable output

Exit codes: 0 success, 1 the store failed, 2 usage or configuration error.`;

function migrationLines(status: MigrationStatus): string[] {
  return [
    `applied:  ${status.applied.length === 0 ? 'none' : status.applied.join(', ')}`,
    `pending:  ${status.pending.length === 0 ? 'none' : status.pending.join(', ')}`,
  ];
}

const json = { json: { type: 'boolean' } } as const;

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

const db: Command = { usage, run: routeSubcommands('db', { migrate, status }) };

export default db;
