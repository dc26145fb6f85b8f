import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireFileLock } from '@tier1/core';
import { type AutomationEventInput, EventSpool, openAutomationHub } from '@tier1/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, runCliForTest } from '../test-cli';

function tier1(argv: string[], env: Record<string, string>, cwd: string) {
  return runCliForTest(argv, { cwd, env });
}

const HOUR = 3_600_000;

function event(overrides: Partial<AutomationEventInput> = {}): AutomationEventInput {
  return {
    eventType: 'production_check',
    projectId: 'shop',
    status: 'success',
    evidence: { checks: { tests: { passed: true, details: 'ok' } }, decision: 'go', confidence: 95 },
    detectedFrom: 'skill',
    ...overrides,
  };
}

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tier1-cli-events-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

describe('tier1 events and tier1 db on the embedded PGlite store', () => {
  const cwd = tempDirectory();
  const home = join(cwd, 'home');
  const env = { TIER1_HOME: home };
  const uids: string[] = [];

  beforeAll(async () => {
    const hub = await openAutomationHub({ dataDir: join(home, 'db') });
    const now = Date.now();
    const seeded = [
      event({ createdAt: new Date(now - 200 * 24 * HOUR), sessionId: 'old' }),
      event({ status: 'failed', createdAt: new Date(now - 3 * HOUR), sessionId: 's1' }),
      event({
        eventType: 'no_action_taken',
        status: 'skipped',
        evidence: { tool_name: 'Read' },
        detectedFrom: 'hook',
        createdAt: new Date(now - 2 * HOUR),
        sessionId: 's1',
      }),
      event({ createdAt: new Date(now - HOUR), sessionId: 's1' }),
      event({ projectId: 'blog', createdAt: new Date(now - HOUR), sessionId: 's2' }),
    ];
    for (const input of seeded) uids.push((await hub.storeEvent(input)).uid);
    await hub.close();
  });

  it('db status shows the backend, where it is, the migrations and the row count', async () => {
    const result = await tier1(['db', 'status', '--json'], env, cwd);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.backend).toBe('pglite');
    expect(status.store).toContain(join(home, 'db'));
    expect(status.migrations.applied.length).toBeGreaterThan(0);
    expect(status.migrations.pending).toEqual([]);
    expect(status.rows.automationEvents).toBe(5);
    const text = await tier1(['db', 'status'], env, cwd);
    expect(text.stdout).toMatch(/backend: +pglite/);
    expect(text.stdout).toMatch(/events: +5/);
  });

  it('db migrate says the store is up to date when it is', async () => {
    const result = await tier1(['db', 'migrate'], env, cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('already up to date');
  });

  it('events list filters, pages with a cursor, and prints a table or JSON', async () => {
    const filtered = await tier1(
      ['events', 'list', '--project', 'shop', '--status', 'success', '--since', '7d', '--json'],
      env,
      cwd,
    );
    expect(filtered.code).toBe(0);
    const page = JSON.parse(filtered.stdout);
    expect(page.events.map((stored: { uid: string }) => stored.uid)).toEqual([uids[3]]);

    const first = JSON.parse((await tier1(['events', 'list', '--limit', '2', '--json'], env, cwd)).stdout);
    expect(first.events).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = JSON.parse(
      (await tier1(['events', 'list', '--limit', '2', '--cursor', first.nextCursor, '--json'], env, cwd))
        .stdout,
    );
    expect(second.events).toHaveLength(2);
    expect(second.events[0].uid).not.toBe(first.events[1].uid);

    const table = await tier1(['events', 'list', '--type', 'no_action_taken'], env, cwd);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +CREATED +TYPE +STATUS +PROJECT +SESSION +FROM$/);
    expect(table.stdout).toContain('no_action_taken');
    expect(table.stdout).not.toContain('production_check');
  });

  it('a bad duration is a usage error naming the flag, with an example', async () => {
    const result = await tier1(['events', 'list', '--since', 'last week'], env, cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--since "last week" is neither a duration nor a date');
    expect(result.stderr).toContain('--since 7d');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('events timeline and correlate show related events oldest first', async () => {
    const timeline = JSON.parse(
      (await tier1(['events', 'timeline', 'shop', '--hours', '24', '--json'], env, cwd)).stdout,
    );
    expect(timeline.events.map((stored: { uid: string }) => stored.uid)).toEqual([uids[1], uids[2], uids[3]]);
    const related = JSON.parse(
      (await tier1(['events', 'correlate', uids[2] as string, '--json'], env, cwd)).stdout,
    );
    expect(related.related.map((stored: { uid: string }) => stored.uid)).toEqual([uids[1], uids[3]]);
    const missing = await tier1(['events', 'correlate', '999999'], env, cwd);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no event 999999');
  });

  it('events stats counts by type and success rate by component', async () => {
    const result = await tier1(['events', 'stats', '--since', '30d', '--project', 'shop'], env, cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 events since');
    expect(result.stdout).toMatch(/production_check +2 +1 +1/);
    const json = JSON.parse((await tier1(['events', 'stats', '--json'], env, cwd)).stdout);
    expect(json.total).toBe(4);
  });

  it('events export writes JSONL to stdout or a file, and import restores it idempotently', async () => {
    const stdout = await tier1(['events', 'export', '--project', 'blog'], env, cwd);
    expect(stdout.code).toBe(0);
    expect(
      stdout.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).uid),
    ).toEqual([uids[4]]);
    expect(stdout.stderr).toContain('exported 1 events');

    const out = join(cwd, 'backup.jsonl');
    const toFile = await tier1(['events', 'export', '--out', 'backup.jsonl'], env, cwd);
    expect(toFile.stdout).toContain(`exported 5 events to ${out}`);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(5);

    const otherEnv = { TIER1_HOME: join(cwd, 'restored') };
    const restored = JSON.parse((await tier1(['events', 'import', out, '--json'], otherEnv, cwd)).stdout);
    expect(restored).toEqual({ imported: 5, duplicates: 0 });
    const again = await tier1(['events', 'import', out], otherEnv, cwd);
    expect(again.stdout).toContain('imported 0 events, 5 already in the store');

    const absent = await tier1(['events', 'import', 'nope.jsonl'], env, cwd);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('nope.jsonl does not exist');
  });

  it('events list drains the spool before it reads, and says what a drain elsewhere still holds', async () => {
    const spool = join(home, 'spool');
    const held = await EventSpool.appendOnce(spool, event({ projectId: 'spooled', sessionId: 'held' }));
    // Another process draining (tier1 events drain, a server) holds the drain lock: the read
    // leaves the spool to it, and shows what waits.
    const drainElsewhere = await acquireFileLock(join(spool, 'drain.lock'), {
      timeoutMs: 1_000,
      purpose: 'a test standing in for another drain',
    });
    try {
      const waiting = await tier1(['events', 'list', '--project', 'spooled'], env, cwd);
      expect(waiting.stdout).toContain(
        'no events match\n\n1 spooled event is waiting to be drained into the store: run tier1 events drain',
      );
      expect(JSON.parse((await tier1(['events', 'list', '--json'], env, cwd)).stdout).spooled).toBe(1);
    } finally {
      drainElsewhere.release();
    }
    // With no server running, the next read drains the spool first.
    const listed = JSON.parse(
      (await tier1(['events', 'list', '--project', 'spooled', '--json'], env, cwd)).stdout,
    );
    expect(listed.events.map((stored: { uid: string }) => stored.uid)).toEqual([held.uid]);
    expect(listed.spooled).toBe(0);
    expect(readdirSync(spool).filter((name) => name.includes('.jsonl'))).toEqual([]);

    const later = await EventSpool.appendOnce(spool, event({ projectId: 'spooled', sessionId: 'later' }));
    const result = await tier1(['events', 'drain'], env, cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('drained 1 spool segments: 1 events stored');
    const both = JSON.parse(
      (await tier1(['events', 'list', '--project', 'spooled', '--json'], env, cwd)).stdout,
    );
    expect(both.events.map((stored: { uid: string }) => stored.uid).sort()).toEqual(
      [held.uid, later.uid].sort(),
    );
  });

  it('events archive moves events older than the cut-off', async () => {
    const missing = await tier1(['events', 'archive'], env, cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--older-than is missing');
    const result = JSON.parse(
      (await tier1(['events', 'archive', '--older-than', '90d', '--json'], env, cwd)).stdout,
    );
    expect(result.archived).toBe(1);
    const status = JSON.parse((await tier1(['db', 'status', '--json'], env, cwd)).stdout);
    // The four seeded events of this month and the two the spool test drained stay.
    expect(status.rows.automationEvents).toBe(6);
  });

  it('unknown subcommands and a bad DATABASE_URL exit 2 with the fix and no stack', async () => {
    const unknown = await tier1(['events', 'frobnicate'], env, cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown subcommand "frobnicate"');
    const bad = await tier1(
      ['events', 'list'],
      { ...env, DATABASE_URL: 'mysql://root@localhost/tier1' },
      cwd,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('DATABASE_URL');
    expect(bad.stderr).toContain('DATABASE_URL=postgres://');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tier1 db and tier1 events [postgres]', () => {
  let database: ReturnType<typeof createScratchDatabase>;
  let env: Record<string, string>;
  const cwd = tempDirectory();

  beforeAll(() => {
    database = createScratchDatabase();
    env = { TIER1_HOME: join(cwd, 'home'), DATABASE_URL: database.url };
  });
  afterAll(() => database.drop());

  it('migrates a fresh database, then lists, exports and drains into it', async () => {
    const before = JSON.parse((await tier1(['db', 'status', '--json'], env, cwd)).stdout);
    expect(before.backend).toBe('postgres');
    expect(before.migrations.applied).toEqual([]);
    expect(before.migrations.pending.length).toBeGreaterThan(0);
    expect(before.rows.automationEvents).toBeNull();

    const migrated = await tier1(['db', 'migrate'], env, cwd);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`PostgreSQL at 127.0.0.1:5432/${database.name}: applied`);

    const spool = join(cwd, 'home', 'spool');
    const spooled = await EventSpool.appendOnce(spool, event({ projectId: 'pg-project' }));
    writeFileSync(join(spool, 'not-a-segment.txt'), 'left alone');
    const drained = JSON.parse((await tier1(['events', 'drain', '--json'], env, cwd)).stdout);
    expect(drained).toMatchObject({ segments: 1, stored: 1, duplicates: 0, rejected: 0 });

    const listed = JSON.parse((await tier1(['events', 'list', '--json'], env, cwd)).stdout);
    expect(listed.events.map((stored: { uid: string }) => stored.uid)).toEqual([spooled.uid]);
    const after = JSON.parse((await tier1(['db', 'status', '--json'], env, cwd)).stdout);
    expect(after.rows.automationEvents).toBe(1);
    expect(after.migrations.pending).toEqual([]);
  });
});
