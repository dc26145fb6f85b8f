import type { StoredAutomationEvent } from '@tier1/events';
import { describe, expect, it } from 'vitest';
import { matchesEventFilters, parseEventFilters } from './event-filters';

const event = {
  id: 1,
  eventType: 'n8n_failure_detected',
  projectId: 'shop',
  status: 'failed',
  sessionId: null,
  createdAt: new Date('2026-01-20T10:00:00Z'),
} as StoredAutomationEvent;

describe('parseEventFilters', () => {
  it('reads lists, trims, leaves blanks out and falls back to the default project', () => {
    const filters = parseEventFilters(
      new URLSearchParams('type=a, b,&status=failed&project=&since=2026-01-20T09:00:00Z'),
      'shop',
    );
    expect(filters).toEqual({
      projectId: 'shop',
      eventType: ['a', 'b'],
      status: 'failed',
      sessionId: undefined,
      since: new Date('2026-01-20T09:00:00Z'),
      until: undefined,
    });
  });

  it('names a time it cannot read', () => {
    expect(() => parseEventFilters(new URLSearchParams('until=yesterday'))).toThrow(
      /until: "yesterday" is not a time/,
    );
  });
});

describe('matchesEventFilters', () => {
  it('applies every filter the way the store does (since inclusive, until exclusive)', () => {
    const at = (iso: string) => new Date(iso);
    expect(matchesEventFilters(event, {})).toBe(true);
    expect(matchesEventFilters(event, { projectId: 'shop', status: ['failed', 'warning'] })).toBe(true);
    expect(matchesEventFilters(event, { eventType: 'production_check' })).toBe(false);
    expect(matchesEventFilters(event, { sessionId: 's1' })).toBe(false);
    expect(matchesEventFilters(event, { since: at('2026-01-20T10:00:00Z') })).toBe(true);
    expect(matchesEventFilters(event, { until: at('2026-01-20T10:00:00Z') })).toBe(false);
  });
});
