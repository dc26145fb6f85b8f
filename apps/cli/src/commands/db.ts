import type { MigrationStatus } from '@tier1/events';
import { type Command, parseCommandArgs, UsageError, writeJson, writeLine } from '../command';
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

const db: Command = {
  usage,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const [subcommand, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const json = values.json === true;

    if (subcommand === 'migrate') {
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
      if (json) writeJson(context.stdout, result);
      else {
        writeLine(
          context.stdout,
          result.applied.length === 0
            ? `${result.store}: already up to date`
            : `${result.store}: applied ${result.applied.join(', ')}`,
        );
      }
      return 0;
    }

    if (subcommand === 'status') {
      const status = await withStore(
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
      if (json) writeJson(context.stdout, status);
      else {
        writeLine(context.stdout, `backend:  ${status.backend}`);
        writeLine(context.stdout, `store:    ${status.store}`);
        for (const line of migrationLines(status.migrations)) writeLine(context.stdout, line);
        writeLine(
          context.stdout,
          status.rows.automationEvents === null
            ? 'events:   n/a (run tier1 db migrate)'
            : `events:   ${status.rows.automationEvents} (archived: ${status.rows.automationEventsArchive})`,
        );
      }
      return 0;
    }

    throw new UsageError(
      subcommand === undefined ? 'a subcommand is missing' : `unknown subcommand "${subcommand}"`,
      'use tier1 db migrate or tier1 db status',
    );
  },
};

export default db;
