import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createEventUid } from '@tier1/core';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AutomationEventInput } from '../src/automation-event';
import { EventTypeRegistry } from '../src/automation-event';
import type { AutomationHub } from '../src/automation-hub';
import { findMigrationsFolder } from '../src/db/migrations-folder';
import { defineEventType, KNOWN_EVENT_TYPES } from '../src/event-types';
import { openAutomationHub } from '../src/open-automation-hub';
import {
  ADMIN_DATABASE_URL,
  databaseUrlFor,
  freshPgliteDirectory,
  POSTGRES_REQUIRED,
  STORE_BACKENDS,
  storeBackend,
} from './store-backends';

/** Every migration tag in the journal, oldest first. */
const MIGRATIONS = (
  JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  }
).entries.map((entry) => entry.tag);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function newProject(): string {
  return `project-${randomBytes(4).toString('hex')}`;
}

function productionCheck(
  projectId: string,
  overrides: Partial<AutomationEventInput> = {},
): AutomationEventInput {
  return {
    eventType: 'production_check',
    projectId,
    status: 'success',
    evidence: {
      checks: { tests: { passed: true, details: '269 tests passed' } },
      decision: 'go',
      confidence: 100,
    },
    detectedFrom: 'skill',
    ...overrides,
  };
}

function n8nFailure(projectId: string, overrides: Partial<AutomationEventInput> = {}): AutomationEventInput {
  return {
    eventType: 'n8n_failure_detected',
    projectId,
    status: 'failed',
    evidence: {
      task_id: 'video-assembly',
      workflow_name: 'video-assembly',
      failure_type: '504_gateway_timeout',
      status_code: 504,
      duration_seconds: 15.2,
      response_snippet: 'Service Unavailable',
      timestamp: '2026-01-20T18:45:32Z',
    },
    detectedFrom: 'monitor',
    ...overrides,
  };
}

function actionItem(projectId: string, overrides: Partial<AutomationEventInput> = {}): AutomationEventInput {
  return {
    eventType: 'action_item_completed',
    projectId,
    status: 'success',
    evidence: {
      tool_name: 'bash',
      detected_keyword: 'commit',
      confidence: 95,
      context_snippet: "git commit -m 'fix: auth'",
    },
    detectedFrom: 'hook',
    ...overrides,
  };
}

/** Exports through a stream that is read while it is written, as a file or stdout would be. */
async function exportText(
  hub: AutomationHub,
  filters: Parameters<AutomationHub['exportJsonl']>[1],
): Promise<{ exported: number; text: string }> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => {
    text += chunk;
  });
  const { exported } = await hub.exportJsonl(output, filters);
  return { exported, text };
}

describe.each(STORE_BACKENDS)('AutomationHub [%s]', (name) => {
  const backend = storeBackend(name);
  const skip = backend.unavailable !== undefined && !POSTGRES_REQUIRED;
  afterAll(() => backend.cleanup());

  if (backend.unavailable !== undefined && POSTGRES_REQUIRED) {
    it('needs a reachable PostgreSQL (TIER1_REQUIRE_POSTGRES=1)', () => {
      throw new Error(`${backend.unavailable}: the [postgres] store suite cannot run`);
    });
  }

  describe.skipIf(skip)('migrations', () => {
    it('reports the pending migration of a new store, applies it and reports it applied', async () => {
      const hub = await backend.openFreshStore({ migrate: false });
      const before = await hub.migrationStatus();
      expect(before.applied).toEqual([]);
      expect(before.pending).toEqual(MIGRATIONS);
      expect(MIGRATIONS[0]).toBe('0000_automation_events');
      await expect(hub.storeEvent(productionCheck(newProject()))).rejects.toMatchObject({
        code: 'STORE_NOT_MIGRATED',
        hint: 'run tier1 db migrate',
      });
      expect(await hub.migrate()).toEqual({ applied: MIGRATIONS, pending: [] });
      await hub.storeEvent(productionCheck(newProject()));
      expect(await hub.migrate()).toEqual({ applied: MIGRATIONS, pending: [] });
    }, 120_000);
  });

  describe.skipIf(skip)('store', () => {
    let hub: AutomationHub;
    beforeAll(async () => {
      const registry = new EventTypeRegistry([
        ...KNOWN_EVENT_TYPES,
        defineEventType({
          type: 'deploy_verified',
          statuses: ['success'],
          evidence: z.looseObject({ url: z.string() }),
        }),
      ]);
      hub = await backend.openFreshStore({ registry, secrets: ['n8n-key-0123456789'] });
    }, 120_000);

    it('stores an event and reads it back by id and by uid', async () => {
      const projectId = newProject();
      const createdAt = new Date('2026-01-20T18:45:32.123Z');
      const stored = await hub.storeEvent(
        n8nFailure(projectId, {
          sessionId: 's-1',
          metadata: { host: 'vps-1' },
          createdAt,
          resolvedAt: createdAt,
        }),
      );
      expect(stored.id).toBeGreaterThan(0);
      expect(stored).toMatchObject({
        projectId,
        eventType: 'n8n_failure_detected',
        status: 'failed',
        detectedFrom: 'monitor',
      });
      expect(stored.createdAt).toEqual(createdAt);
      expect(await hub.getEvent(stored.id)).toEqual(stored);
      expect(await hub.getEvent(stored.uid)).toEqual(stored);
      expect(await hub.getEvent(String(stored.id))).toEqual(stored);
      expect(await hub.getEvent(999_999_999)).toBeUndefined();
      await expect(hub.getEvent('not-an-id')).rejects.toThrow(
        /id: "not-an-id" is neither an event id nor a uid/,
      );
    });

    it('keeps one row when the same uid is stored twice (the first write wins)', async () => {
      const projectId = newProject();
      const uid = createEventUid();
      const first = await hub.storeEvent(productionCheck(projectId, { uid }));
      const second = await hub.storeEvent(productionCheck(projectId, { uid, status: 'failed' }));
      expect(second).toEqual(first);
      const { events } = await hub.getEvents({ projectId });
      expect(events).toHaveLength(1);
      expect(events[0]?.status).toBe('success');
    });

    it('stores a batch, counting the uids it already had as duplicates', async () => {
      const projectId = newProject();
      const inputs = Array.from({ length: 2500 }, (_, index) =>
        productionCheck(projectId, { uid: createEventUid(), metadata: { index } }),
      );
      expect(await hub.storeEvents(inputs.slice(0, 10))).toEqual({ stored: 10, duplicates: 0 });
      expect(await hub.storeEvents([...inputs, inputs[0] as AutomationEventInput])).toEqual({
        stored: 2490,
        duplicates: 11,
      });
      const stats = await hub.getStats({ projectId });
      expect(stats.total).toBe(2500);
    });

    it('stores nothing of a batch with an invalid event, naming its index and field', async () => {
      const projectId = newProject();
      await expect(
        hub.storeEvents([productionCheck(projectId), productionCheck(projectId, { status: 'exploded' })]),
      ).rejects.toThrow(/^events\[1\]: status: "exploded" is not a status of production_check/);
      expect((await hub.getEvents({ projectId })).events).toEqual([]);
    });

    it('rejects invalid events with an error naming the field', async () => {
      const projectId = newProject();
      await expect(
        hub.storeEvent(productionCheck(projectId, { eventType: 'made_up' })),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        field: 'eventType',
      });
      await expect(
        hub.storeEvent(n8nFailure(projectId, { evidence: { task_id: 'x' } })),
      ).rejects.toMatchObject({
        field: 'evidence.workflow_name',
      });
      await expect(
        hub.storeEvent(productionCheck(projectId, { detectedFrom: 'cron' as 'skill' })),
      ).rejects.toMatchObject({
        field: 'detectedFrom',
      });
    });

    it('accepts a type the user registered', async () => {
      const stored = await hub.storeEvent({
        eventType: 'deploy_verified',
        projectId: newProject(),
        status: 'success',
        evidence: { url: 'https://example.com' },
        detectedFrom: 'manual',
      });
      expect(stored.evidence).toEqual({ url: 'https://example.com' });
    });

    it('never lets a secret in evidence or metadata reach the table', async () => {
      const stored = await hub.storeEvent(
        n8nFailure(newProject(), {
          evidence: {
            task_id: 't',
            workflow_name: 'w',
            failure_type: 'auth',
            status_code: 401,
            duration_seconds: 1,
            response_snippet: 'login failed: password=hunter2 with key n8n-key-0123456789',
            timestamp: '2026-01-20T18:45:32Z',
          },
          metadata: { header: 'Authorization: Bearer abcdefghijklmnop123456' },
        }),
      );
      const row = JSON.stringify(await hub.getEvent(stored.id));
      expect(row).not.toContain('hunter2');
      expect(row).not.toContain('n8n-key-0123456789');
      expect(row).not.toContain('abcdefghijklmnop123456');
      expect(row).toContain('login failed');
    });

    it('filters by type, status, project, session and time range, newest first', async () => {
      const projectId = newProject();
      const other = newProject();
      const base = Date.now() - 10 * MINUTE;
      const at = (minutes: number) => new Date(base + minutes * MINUTE);
      const a = await hub.storeEvent(productionCheck(projectId, { createdAt: at(0), sessionId: 'sess-a' }));
      const b = await hub.storeEvent(
        productionCheck(projectId, { createdAt: at(1), status: 'failed', sessionId: 'sess-a' }),
      );
      const c = await hub.storeEvent(n8nFailure(projectId, { createdAt: at(2), sessionId: 'sess-b' }));
      const d = await hub.storeEvent(actionItem(projectId, { createdAt: at(3) }));
      await hub.storeEvent(productionCheck(other, { createdAt: at(4) }));
      const ids = async (query: Parameters<AutomationHub['getEvents']>[0]) =>
        (await hub.getEvents({ projectId, ...query })).events.map((event) => event.id);

      expect(await ids({})).toEqual([d.id, c.id, b.id, a.id]);
      expect(await ids({ eventType: 'production_check' })).toEqual([b.id, a.id]);
      expect(await ids({ eventType: ['n8n_failure_detected', 'action_item_completed'] })).toEqual([
        d.id,
        c.id,
      ]);
      expect(await ids({ status: 'failed' })).toEqual([c.id, b.id]);
      expect(await ids({ status: ['success'], eventType: 'production_check' })).toEqual([a.id]);
      expect(await ids({ sessionId: 'sess-a' })).toEqual([b.id, a.id]);
      expect(await ids({ since: at(1), until: at(3) })).toEqual([c.id, b.id]);
      expect((await hub.getEvents({ projectId: other })).events).toHaveLength(1);
      await expect(hub.getEvents({ limit: 1001 })).rejects.toMatchObject({ field: 'limit' });
      await expect(hub.getEvents({ limit: 0 })).rejects.toMatchObject({ field: 'limit' });
      await expect(hub.getEvents({ cursor: 'garbage' })).rejects.toMatchObject({ field: 'cursor' });
    });

    it('pages with the cursor across ties in created_at without losing or repeating an event', async () => {
      const projectId = newProject();
      const tie = new Date(Date.now() - 5 * MINUTE);
      const inputs = [
        ...Array.from({ length: 7 }, () => productionCheck(projectId, { createdAt: tie })),
        productionCheck(projectId, { createdAt: new Date(tie.getTime() + 1) }),
        productionCheck(projectId, { createdAt: new Date(tie.getTime() - 1) }),
        productionCheck(projectId, { createdAt: new Date(tie.getTime() - 1) }),
      ];
      await hub.storeEvents(inputs);
      const seen: { id: number; createdAt: Date }[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await hub.getEvents({ projectId, limit: 3, cursor });
        seen.push(...page.events);
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toHaveLength(10);
      expect(new Set(seen.map((event) => event.id)).size).toBe(10);
      const expected = [...seen].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || y.id - x.id);
      expect(seen.map((event) => event.id)).toEqual(expected.map((event) => event.id));
    });

    it('returns the timeline of the last hours, oldest first', async () => {
      const projectId = newProject();
      const now = Date.now();
      const old = await hub.storeEvent(productionCheck(projectId, { createdAt: new Date(now - 30 * HOUR) }));
      const morning = await hub.storeEvent(
        productionCheck(projectId, { createdAt: new Date(now - 20 * HOUR) }),
      );
      const recent = await hub.storeEvent(n8nFailure(projectId, { createdAt: new Date(now - 1 * HOUR) }));
      await hub.storeEvent(productionCheck(newProject(), { createdAt: new Date(now - 2 * HOUR) }));
      expect((await hub.getEventTimeline(projectId)).map((event) => event.id)).toEqual([
        morning.id,
        recent.id,
      ]);
      expect((await hub.getEventTimeline(projectId, 2)).map((event) => event.id)).toEqual([recent.id]);
      expect((await hub.getEventTimeline(projectId, 48)).map((event) => event.id)).toEqual([
        old.id,
        morning.id,
        recent.id,
      ]);
      await expect(hub.getEventTimeline(projectId, 0)).rejects.toMatchObject({ field: 'hours' });
    });

    it('correlates the events an event names, the events naming it and its session within an hour', async () => {
      const projectId = newProject();
      const at = Date.now() - 3 * HOUR;
      const check = await hub.storeEvent(
        productionCheck(projectId, { createdAt: new Date(at), sessionId: 'other-session' }),
      );
      const action = await hub.storeEvent(
        actionItem(projectId, {
          createdAt: new Date(at + MINUTE),
          sessionId: 'sess-x',
          correlatedWith: [check.uid],
        }),
      );
      const failure = await hub.storeEvent(
        n8nFailure(projectId, { createdAt: new Date(at + 2 * MINUTE), correlatedWith: [action.uid] }),
      );
      const sameSession = await hub.storeEvent(
        productionCheck(projectId, { createdAt: new Date(at + 30 * MINUTE), sessionId: 'sess-x' }),
      );
      await hub.storeEvent(
        productionCheck(projectId, { createdAt: new Date(at + 2 * HOUR), sessionId: 'sess-x' }),
      );
      await hub.storeEvent(
        productionCheck(projectId, { createdAt: new Date(at + MINUTE), sessionId: 'sess-y' }),
      );

      const related = await hub.correlateEvents(action.uid);
      expect(related.map((event) => event.id)).toEqual([check.id, failure.id, sameSession.id]);
      expect((await hub.correlateEvents(check.id)).map((event) => event.id)).toEqual([action.id]);
      await expect(hub.correlateEvents(createEventUid())).rejects.toMatchObject({ code: 'EVENT_NOT_FOUND' });
    });

    it('counts by type and status and rates success by component within the window', async () => {
      const projectId = newProject();
      const now = Date.now();
      await hub.storeEvents([
        productionCheck(projectId),
        productionCheck(projectId, { status: 'failed' }),
        productionCheck(projectId, { status: 'failed', createdAt: new Date(now - 40 * 24 * HOUR) }),
        n8nFailure(projectId),
        actionItem(projectId),
        {
          eventType: 'n8n_recovery_attempted',
          projectId,
          status: 'success',
          detectedFrom: 'router',
          evidence: {
            task_id: 't',
            original_failure: '504',
            recovery_method: 'celery',
            recovery_duration_seconds: 1,
            attempts: [],
          },
        },
      ]);
      const stats = await hub.getStats({ projectId });
      expect(stats.total).toBe(5);
      expect(stats.byType).toEqual([
        { eventType: 'production_check', count: 2, successes: 1, failures: 1 },
        { eventType: 'action_item_completed', count: 1, successes: 1, failures: 0 },
        { eventType: 'n8n_failure_detected', count: 1, successes: 0, failures: 1 },
        { eventType: 'n8n_recovery_attempted', count: 1, successes: 1, failures: 0 },
      ]);
      expect(stats.byStatus).toEqual([
        { status: 'success', count: 3 },
        { status: 'failed', count: 2 },
      ]);
      expect(stats.byComponent).toEqual([
        { component: 'n8n Reliability', total: 2, successes: 1, successRate: 50 },
        { component: 'Production Checks', total: 2, successes: 1, successRate: 50 },
        { component: 'Action Items', total: 1, successes: 1, successRate: 100 },
      ]);
      expect((await hub.getStats({ projectId, since: new Date(now - 60 * 24 * HOUR) })).total).toBe(6);
    });

    it('exports to JSONL and imports into a fresh store, idempotently', async () => {
      const projectId = newProject();
      const check = await hub.storeEvent(
        productionCheck(projectId, { createdAt: new Date(Date.now() - HOUR), metadata: { run: 1 } }),
      );
      await hub.storeEvents(
        Array.from({ length: 1200 }, (_, index) =>
          n8nFailure(projectId, { metadata: { index }, correlatedWith: [check.uid] }),
        ),
      );
      const { exported, text: jsonl } = await exportText(hub, { projectId });
      expect(exported).toBe(1201);
      expect(jsonl.split('\n').filter(Boolean)).toHaveLength(1201);

      const restored = await backend.openFreshStore();
      expect(await restored.importJsonl(Readable.from([jsonl]))).toEqual({ imported: 1201, duplicates: 0 });
      expect(await restored.importJsonl(Readable.from([jsonl]))).toEqual({ imported: 0, duplicates: 1201 });
      const strip = ({ id, ...event }: { id: number }) => event;
      const original = (await hub.getEvents({ projectId, limit: 1000 })).events.map(strip);
      const copy = (await restored.getEvents({ projectId, limit: 1000 })).events.map(strip);
      expect(copy).toEqual(original);
      expect(await restored.getEvent(check.uid)).toMatchObject({
        metadata: { run: 1 },
        createdAt: check.createdAt,
      });
    });

    it('imports nothing from a file with a bad line, and names the line', async () => {
      const projectId = newProject();
      const good = await hub.storeEvent(productionCheck(projectId));
      const { text: line } = await exportText(hub, { projectId });
      const restored = await backend.openFreshStore();
      const fresh = line.replace(good.uid, createEventUid());
      const bad = JSON.stringify({ ...JSON.parse(line), uid: createEventUid(), status: 'exploded' });
      await expect(restored.importJsonl(Readable.from([`${fresh}${bad}\n`]))).rejects.toThrow(
        /^line 2: status:/,
      );
      await expect(restored.importJsonl(Readable.from([`${fresh}{oops\n`]))).rejects.toThrow(
        /^line 2: is not JSON/,
      );
      expect((await restored.getEvents()).events).toEqual([]);
    });

    it('archives old events in one transaction: moved, none lost, none duplicated', async () => {
      const projectId = newProject();
      const longAgo = new Date('2001-01-01T00:00:00Z');
      const old = Array.from({ length: 30 }, (_, minute) =>
        productionCheck(projectId, { createdAt: new Date(longAgo.getTime() + minute * MINUTE) }),
      );
      await hub.storeEvents(old);
      const recent = await hub.storeEvent(productionCheck(projectId));
      const cutoff = new Date('2001-01-01T00:20:00Z');
      expect(await hub.archive(cutoff)).toEqual({ archived: 20 });
      const left = (await hub.getEvents({ projectId, limit: 1000 })).events;
      expect(left).toHaveLength(11);
      expect(left.every((event) => event.createdAt >= cutoff)).toBe(true);
      expect(left[0]?.id).toBe(recent.id);
      expect(await hub.archive(cutoff)).toEqual({ archived: 0 });
      expect(await hub.archive(new Date('2001-01-02T00:00:00Z'))).toEqual({ archived: 10 });
      expect((await hub.getEvents({ projectId, limit: 1000 })).events.map((event) => event.id)).toEqual([
        recent.id,
      ]);
    });
  });

  describe.skipIf(skip)('counts', () => {
    it('counts the live and the archived events', async () => {
      const store = await backend.openFreshStore();
      expect(await store.countEvents()).toEqual({ live: 0, archived: 0 });
      const projectId = newProject();
      await store.storeEvents(
        Array.from({ length: 7 }, (_, minute) =>
          productionCheck(projectId, { createdAt: new Date(Date.UTC(2001, 0, 1, 0, minute)) }),
        ),
      );
      await store.storeEvent(productionCheck(projectId));
      expect(await store.countEvents()).toEqual({ live: 8, archived: 0 });
      await store.archive(new Date('2001-01-01T00:05:00Z'));
      expect(await store.countEvents()).toEqual({ live: 3, archived: 5 });
    }, 120_000);
  });

  describe.skipIf(skip)('archive failure', () => {
    it('rolls the whole move back when one row cannot be archived', async () => {
      const { hub, connection } = await backend.openFreshConnection();
      const projectId = newProject();
      const longAgo = Date.parse('2001-01-01T00:00:00Z');
      await hub.storeEvents(
        Array.from({ length: 5 }, (_, minute) =>
          productionCheck(projectId, { createdAt: new Date(longAgo + minute * MINUTE) }),
        ),
      );
      const victim = (await hub.getEvents({ projectId })).events[2] as { id: number };
      // An archive row that already has one event's id (with another uid) makes that row's insert fail.
      await connection.db.execute(
        sql`insert into automation_events_archive (id, uid, event_type, project_id, status, evidence) values (${victim.id}, ${createEventUid()}, 'x', 'x', 'x', '{}')`,
      );
      await expect(hub.archive(new Date('2002-01-01T00:00:00Z'))).rejects.toThrow();
      expect((await hub.getEvents({ projectId })).events).toHaveLength(5);
    }, 120_000);
  });
});

describe.skipIf(storeBackend('postgres').unavailable !== undefined && !POSTGRES_REQUIRED)(
  'AutomationHub [postgres] migrated by several processes at once',
  () => {
    it('lets one migrate and the others wait: all succeed, each migration applied once', async () => {
      // Three hubs with their own connections, as three `tier1 db migrate` of parallel deploy jobs.
      const database = `tier1_t_${randomBytes(6).toString('hex')}`;
      const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${database}`);
      const hubs = await Promise.all(
        [1, 2, 3].map(() => openAutomationHub({ databaseUrl: databaseUrlFor(database), migrate: false })),
      );
      try {
        const results = await Promise.all(hubs.map((hub) => hub.migrate()));
        expect(results).toEqual(hubs.map(() => ({ applied: MIGRATIONS, pending: [] })));
        const store = postgres(databaseUrlFor(database), { max: 1, onnotice: () => {} });
        try {
          const [{ applied }] = await store.unsafe<[{ applied: number }]>(
            'select count(*)::int as applied from drizzle.__drizzle_migrations',
          );
          expect(applied).toBe(MIGRATIONS.length);
        } finally {
          await store.end();
        }
      } finally {
        await Promise.all(hubs.map((hub) => hub.close()));
        await admin.unsafe(`drop database if exists ${database} with (force)`);
        await admin.end();
      }
    }, 120_000);
  },
);

describe('AutomationHub [pglite] data directory', () => {
  it('keeps events across close and reopen, and lets one process in at a time', async () => {
    const dataDir = await freshPgliteDirectory();
    const first = await openAutomationHub({ dataDir, purpose: 'the first test opener' });
    const stored = await first.storeEvent(productionCheck(newProject()));
    const error = await openAutomationHub({ dataDir, lockTimeoutMs: 300 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_LOCKED' });
    expect((error as Error).message).toContain('the first test opener');
    await first.close();
    const second = await openAutomationHub({ dataDir, lockTimeoutMs: 300 });
    try {
      expect(await second.getEvent(stored.uid)).toEqual(stored);
      expect(await second.migrationStatus()).toEqual({ applied: MIGRATIONS, pending: [] });
    } finally {
      await second.close();
    }
  }, 120_000);
});

describe('openAutomationHub with PostgreSQL unreachable', () => {
  it('fails with STORE_UNAVAILABLE naming the host, without hanging', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const error = await openAutomationHub({
      databaseUrl: `postgres://tier1:s3cret@127.0.0.1:${port}/tier1`,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((error as Error).message).toContain(`PostgreSQL at 127.0.0.1:${port}/tier1`);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as { hint: string }).hint).toMatch(/DATABASE_URL/);
  }, 10_000);
});
