import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliForTest } from '../test-cli';

const cwd = mkdtempSync(join(tmpdir(), 'tier1-cli-db-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function tier1(argv: string[], env: Record<string, string>) {
  return runCliForTest(argv, { cwd, env });
}

describe('tier1 db on a fresh embedded store', () => {
  const env = { TIER1_HOME: join(cwd, 'home') };

  it('shows pending migrations, applies them, then reports the store up to date', async () => {
    const before = JSON.parse((await tier1(['db', 'status', '--json'], env)).stdout);
    expect(before.backend).toBe('pglite');
    expect(before.migrations.applied).toEqual([]);
    expect(before.migrations.pending.length).toBeGreaterThan(0);

    const migrate = JSON.parse((await tier1(['db', 'migrate', '--json'], env)).stdout);
    expect(migrate.applied).toEqual(before.migrations.pending);

    const after = await tier1(['db', 'status'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/pending: +none/);
    expect(after.stdout).toMatch(/events: +0 \(archived: 0\)/);
    const counted = JSON.parse((await tier1(['db', 'status', '--json'], env)).stdout);
    expect(counted.rows).toEqual({ automationEvents: 0, automationEventsArchive: 0 });
  }, 120_000); // a fresh PGlite data directory is initialised on first open: seconds on a busy machine

  it('refuses an unknown subcommand with exit 2 and the usage', async () => {
    const result = await tier1(['db', 'drop'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown subcommand "drop"');
    expect(result.stderr).toContain('Usage: tier1 db');
  });
});

describe('tier1 db backup and restore on the embedded store', () => {
  const from = { TIER1_HOME: join(cwd, 'backup-from') };
  const to = { TIER1_HOME: join(cwd, 'backup-to') };

  it('backs up a store and restores it into a new one, then refuses to restore over it', async () => {
    const event = {
      eventType: 'production_check',
      projectId: 'cli-backup ✓',
      status: 'success',
      evidence: { checks: { tests: { passed: true, details: 'ok' } }, decision: 'go', confidence: 95 },
      detectedFrom: 'skill',
    };
    writeFileSync(join(cwd, 'one.jsonl'), `${JSON.stringify(event)}\n`);
    const imported = await tier1(['events', 'import', 'one.jsonl'], from);
    expect(imported.code, imported.stderr).toBe(0);
    const backup = await tier1(['db', 'backup', 'events.backup.gz', '--json'], from);
    expect(backup.code, backup.stderr).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({
      live: 1,
      archived: 0,
      file: join(cwd, 'events.backup.gz'),
    });
    expect(existsSync(join(cwd, 'events.backup.gz'))).toBe(true);

    const restore = await tier1(['db', 'restore', 'events.backup.gz'], to);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/restored 1 events \(archived: 0\), 0 already there/);
    const status = JSON.parse((await tier1(['db', 'status', '--json'], to)).stdout);
    expect(status.rows).toEqual({ automationEvents: 1, automationEventsArchive: 0 });

    const again = await tier1(['db', 'restore', 'events.backup.gz'], to);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('holds 1 events');
    expect(again.stderr).toContain('--force');
    expect(again.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 180_000);

  it('refuses a file that is not a backup, a missing one and an unwritable one with exit 2', async () => {
    const env = { TIER1_HOME: join(cwd, 'backup-bad') };
    writeFileSync(join(cwd, 'not-a-backup.gz'), 'hello\n');
    const result = await tier1(['db', 'restore', 'not-a-backup.gz'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is damaged');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const missing = await tier1(['db', 'restore', 'nowhere.gz'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the backup');
    const unwritable = await tier1(['db', 'backup', join(cwd, 'no-such-folder', 'x.gz')], env);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('cannot write the backup');
    const status = JSON.parse((await tier1(['db', 'status', '--json'], env)).stdout);
    expect(status.rows).toEqual({ automationEvents: 0, automationEventsArchive: 0 });
  }, 120_000);
});
