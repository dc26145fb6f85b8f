import { describe, expect, it } from 'vitest';
import { parseAutomationEvent } from '../automation-event';
import { eventInsert } from './event-insert';

describe('eventInsert', () => {
  const event = parseAutomationEvent({
    eventType: 'session_started',
    projectId: 'demo',
    status: 'success',
    evidence: { hook_event_name: 'SessionStart' },
    detectedFrom: 'hook',
    correlatedWith: ['0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b'],
    createdAt: '2026-01-20T18:45:32.123Z',
  });

  it('binds eleven text values a row, in the column order, with one tuple per event', () => {
    const { text, params } = eventInsert([event, event]);
    expect(text).toMatch(
      /^insert into automation_events \(uid, event_type, .*resolved_at\) values \(\$1::uuid, .*\$22::timestamptz\) on conflict \(uid\) do nothing$/,
    );
    expect(params).toHaveLength(22);
    expect(params.slice(0, 11)).toEqual([
      event.uid,
      'session_started',
      'demo',
      'success',
      '{"hook_event_name":"SessionStart"}',
      'hook',
      null,
      null,
      '{0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b}',
      '2026-01-20T18:45:32.123Z',
      null,
    ]);
  });
});
