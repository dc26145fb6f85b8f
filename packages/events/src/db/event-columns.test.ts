import { describe, expect, it } from 'vitest';
import type { StoredAutomationEvent } from '../automation-event';
import { EVENT_COLUMN_LIST, EVENT_COLUMNS, INSERTED_EVENT_COLUMNS } from './event-columns';

describe('EVENT_COLUMNS', () => {
  it('names every StoredAutomationEvent key once, with its SQL name, cast and binding', () => {
    const keys: Record<keyof StoredAutomationEvent, true> = {
      id: true,
      uid: true,
      eventType: true,
      projectId: true,
      status: true,
      evidence: true,
      detectedFrom: true,
      metadata: true,
      sessionId: true,
      correlatedWith: true,
      createdAt: true,
      resolvedAt: true,
    };
    expect(EVENT_COLUMNS.map((column) => column.key).sort()).toEqual(Object.keys(keys).sort());
    expect(EVENT_COLUMNS.find((column) => column.key === 'eventType')).toEqual({
      key: 'eventType',
      name: 'event_type',
      cast: 'varchar',
      kind: 'text',
    });
    expect(EVENT_COLUMNS.find((column) => column.key === 'correlatedWith')).toMatchObject({
      cast: 'uuid[]',
      kind: 'array',
    });
    expect(EVENT_COLUMNS.find((column) => column.key === 'createdAt')).toMatchObject({
      cast: 'timestamptz',
      kind: 'date',
    });
  });

  it('inserts every column but the identity id, and lists all of them for copies', () => {
    expect(INSERTED_EVENT_COLUMNS.map((column) => column.key)).not.toContain('id');
    expect(INSERTED_EVENT_COLUMNS).toHaveLength(EVENT_COLUMNS.length - 1);
    expect(EVENT_COLUMN_LIST).toBe(
      'id, uid, event_type, project_id, status, evidence, detected_from, metadata, session_id, correlated_with, created_at, resolved_at',
    );
  });
});
