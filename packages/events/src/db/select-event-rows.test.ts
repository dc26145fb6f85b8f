import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite, IN_MEMORY, type StoreConnection } from './connection';
import { findMigrationsFolder } from './migrations-folder';
import { selectEventRows } from './select-event-rows';

// A real (in-memory) PGlite: what json_agg writes is PostgreSQL's, not a guess.
let connection: StoreConnection;

beforeAll(async () => {
  connection = await connectPglite(IN_MEMORY, { lockTimeoutMs: 1000 });
  await connection.applyMigrations(findMigrationsFolder());
  await connection.execute(
    `insert into automation_events (uid, event_type, project_id, status, evidence, detected_from, metadata, session_id, correlated_with, created_at, resolved_at)
     values
       ('0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a71', 'production_check', 'p', 'success', '{"decision": "GO", "checks": [1, 2.5]}', 'skill', null, null, '{}', '2026-01-20 18:45:32.123456+00', null),
       ('0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a72', 'no_action_taken', 'p', 'skipped', '{}', 'hook', '{"reason": "ünïcode \\"quoted\\""}', 's-1',
        '{0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a71}', '2026-01-20 18:45:33.5+00', '2026-01-21 00:00:00+00')`,
  );
});
afterAll(async () => {
  await connection?.close();
});

describe('selectEventRows', () => {
  it('maps every column, nested JSON and arrays included, in the order asked for', async () => {
    const rows = await selectEventRows(
      connection,
      { sql: 'select * from automation_events where project_id = $1', params: ['p'] },
      'page.created_at desc, page.id desc',
    );
    expect(rows.map((row) => row.event)).toEqual([
      {
        id: 2,
        uid: '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a72',
        eventType: 'no_action_taken',
        projectId: 'p',
        status: 'skipped',
        evidence: {},
        detectedFrom: 'hook',
        metadata: { reason: 'ünïcode "quoted"' },
        sessionId: 's-1',
        correlatedWith: ['0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a71'],
        createdAt: new Date('2026-01-20T18:45:33.500Z'),
        resolvedAt: new Date('2026-01-21T00:00:00.000Z'),
      },
      {
        id: 1,
        uid: '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a71',
        eventType: 'production_check',
        projectId: 'p',
        status: 'success',
        evidence: { decision: 'GO', checks: [1, 2.5] },
        detectedFrom: 'skill',
        metadata: null,
        sessionId: null,
        correlatedWith: [],
        createdAt: new Date('2026-01-20T18:45:32.123Z'),
        resolvedAt: null,
      },
    ]);
  });

  it('keeps created_at exact to the microsecond for cursors', async () => {
    const [row] = await selectEventRows(
      connection,
      { sql: 'select * from automation_events where id = $1', params: [1] },
      'page.id',
    );
    expect(row?.createdAtText).toBe('2026-01-20T18:45:32.123456+00:00');
    const [{ same }] = (
      await connection.execute<{ same: boolean }>(
        'select created_at = $1::timestamptz as same from automation_events where id = 1',
        [row?.createdAtText],
      )
    ).rows as [{ same: boolean }];
    expect(same).toBe(true);
  });

  it('gives an empty list when nothing matches', async () => {
    const rows = await selectEventRows(
      connection,
      { sql: 'select * from automation_events where project_id = $1', params: ['none'] },
      'page.id',
    );
    expect(rows).toEqual([]);
  });
});
