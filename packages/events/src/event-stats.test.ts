import { describe, expect, it } from 'vitest';
import { componentOf, summarizeEventCounts } from './event-stats';

describe('summarizeEventCounts', () => {
  const since = new Date('2026-01-01T00:00:00Z');

  it('maps event types to the deployment guide components', () => {
    expect(componentOf('action_item_completed')).toBe('Action Items');
    expect(componentOf('production_check')).toBe('Production Checks');
    expect(componentOf('n8n_recovery_attempted')).toBe('n8n Reliability');
    expect(componentOf('session_started')).toBe('Other');
  });

  it('counts by type and status and rates success per component', () => {
    const stats = summarizeEventCounts(
      [
        { eventType: 'production_check', status: 'success', count: 3 },
        { eventType: 'production_check', status: 'failed', count: 1 },
        { eventType: 'n8n_recovery_attempted', status: 'success', count: 1 },
        { eventType: 'n8n_failure_detected', status: 'failed', count: 3 },
        { eventType: 'action_item_pending_review', status: 'pending_review', count: 1 },
      ],
      since,
      'p',
    );
    expect(stats.total).toBe(9);
    expect(stats.byType[0]).toEqual({ eventType: 'production_check', count: 4, successes: 3, failures: 1 });
    expect(stats.byStatus).toEqual([
      { status: 'failed', count: 4 },
      { status: 'success', count: 4 },
      { status: 'pending_review', count: 1 },
    ]);
    expect(stats.byComponent).toEqual([
      { component: 'n8n Reliability', total: 4, successes: 1, successRate: 25 },
      { component: 'Production Checks', total: 4, successes: 3, successRate: 75 },
      { component: 'Action Items', total: 1, successes: 0, successRate: 0 },
    ]);
  });

  it('is empty, not NaN, for no events', () => {
    expect(summarizeEventCounts([], since, null)).toEqual({
      since,
      projectId: null,
      total: 0,
      byType: [],
      byStatus: [],
      byComponent: [],
    });
  });
});
