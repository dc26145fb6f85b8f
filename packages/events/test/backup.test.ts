// tier1 db backup / restore on both backends (issue 10): every row of both tables comes back
// exactly (ids, uids, microseconds, archived_at, marked NULs, unicode); a damaged file or a
// non-empty store restores nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { useTempDirectories } from '@tier1/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationHub } from '../src/automation-hub';
import type { StoreConnection } from '../src/db/connection';
import { POSTGRES_REQUIRED, STORE_BACKENDS, storeBackend } from './store-backends';

const tempDirectory = useTempDirectories('tier1-backup-');

/** Every row of both tables as PostgreSQL renders it, in uid order. */
async function allRows(connection: StoreConnection): Promise<string[]> {
  const rows: string[] = [];
  for (const table of ['automation_events', 'automation_events_archive']) {
    const result = await connection.execute<{ row: string }>(
      `select '${table}:' || row_to_json(t)::text as row from ${table} t order by uid`,
    );
    rows.push(...result.rows.map((row) => row.row));
  }
  return rows;
}

function event(n: number, createdAt: string) {
  const odd = `nul\u0000 ✓ 日本語 \ud83d\ude80 ${n}`;
  return {
    eventType: 'no_action_taken',
    projectId: `backup-${n % 2}`,
    status: 'skipped',
    evidence: { tool_name: 'Bash', context_snippet: odd, nested: { list: [odd, n] } },
    detectedFrom: 'hook' as const,
    sessionId: `session ${odd}`,
    metadata: { note: odd },
    createdAt,
  };
}

describe.each(STORE_BACKENDS)('backup and restore [%s]', (name) => {
  const backend = storeBackend(name);
  const skip = backend.unavailable !== undefined && !POSTGRES_REQUIRED;
  let source: { hub: AutomationHub; connection: StoreConnection };
  let file: string;
  beforeAll(async () => {
    if (skip) return;
    source = await backend.openFreshConnection();
    const events = Array.from({ length: 30 }, (_, n) =>
      event(n, `2026-0${1 + (n % 9)}-1${n % 10}T10:20:30.${String(123456 + n).padStart(6, '0')}Z`),
    );
    await source.hub.storeEvents(events);
    await source.hub.archive(new Date('2026-05-01T00:00:00Z'));
    // A JS Date has milliseconds only; the store keeps microseconds, and so must a backup.
    for (const table of ['automation_events', 'automation_events_archive']) {
      await source.connection.execute(
        `update ${table} set created_at = created_at + make_interval(secs => (id % 997) / 1e6)`,
      );
    }
    file = join(tempDirectory(), 'events.backup.gz');
  }, 120_000);
  afterAll(() => backend.cleanup());

  it.skipIf(skip)('restores every row of both tables exactly into a fresh store', async () => {
    const counts = await source.hub.backup(file);
    expect(counts.live).toBeGreaterThan(0);
    expect(counts.archived).toBeGreaterThan(0);
    expect(counts.live + counts.archived).toBe(30);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const header = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0] ?? '');
    expect(header).toMatchObject({ format: 'tier1-events-backup', version: 1 });
    expect((await source.hub.migrationStatus()).applied.at(-1)).toBe(header.migration);

    const target = await backend.openFreshConnection();
    expect(await target.hub.restore(file)).toEqual({ ...counts, duplicates: 0 });
    const before = await allRows(source.connection);
    expect(before.join('\n')).toMatch(/"created_at":"[^"]*\.\d{6}\+/); // microseconds
    expect(before.join('\n')).toContain('\u2400 ✓ 日本語 \ud83d\ude80');
    expect(await allRows(target.connection)).toEqual(before);

    // New events get ids past the restored ones; restoring again with --force adds nothing.
    const next = await target.hub.storeEvent(event(99, new Date().toISOString()));
    const maxId = Math.max(...before.map((row) => JSON.parse(row.slice(row.indexOf(':') + 1)).id));
    expect(next.id).toBeGreaterThan(maxId);
    expect(await target.hub.restore(file, { force: true })).toEqual({ live: 0, archived: 0, duplicates: 30 });
  });

  it.skipIf(skip)('refuses a truncated or foreign file and leaves the store empty', async () => {
    await source.hub.backup(file);
    const whole = readFileSync(file);
    const target = await backend.openFreshConnection();
    const truncated = join(tempDirectory(), 'truncated.gz');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expect(target.hub.restore(truncated)).rejects.toMatchObject({
      code: 'BACKUP_DAMAGED',
      message: expect.stringContaining('nothing was restored'),
      hint: expect.stringContaining('tier1 db restore'),
    });
    const foreign = join(tempDirectory(), 'foreign.gz');
    writeFileSync(foreign, '{"uid":"not a backup"}\n');
    await expect(target.hub.restore(foreign)).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
    expect(await target.hub.countEvents()).toEqual({ live: 0, archived: 0 });
  });

  it.skipIf(skip)('refuses a store that holds events, naming the count and --force', async () => {
    await source.hub.backup(file);
    const error = await source.hub.restore(file).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'STORE_NOT_EMPTY',
      message: expect.stringMatching(/holds \d+ events \(\d+ archived\)/),
      hint: expect.stringContaining('--force'),
    });
  });
});
