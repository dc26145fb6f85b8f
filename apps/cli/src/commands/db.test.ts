import { mkdtempSync, rmSync } from 'node:fs';
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
