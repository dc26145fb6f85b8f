import type { StoredAutomationEvent } from '@tier1/events';
import { describe, expect, it } from 'vitest';
import { summarizeN8nEvents } from './n8n-summary';

let nextId = 1;
function event(
  eventType: string,
  status: string,
  evidence: Record<string, unknown>,
  hour = 9,
): StoredAutomationEvent {
  const id = nextId++;
  return {
    id,
    uid: `0190c5e2-0000-7000-8000-${String(id).padStart(12, '0')}`,
    eventType,
    projectId: 'shop',
    status,
    evidence: evidence as StoredAutomationEvent['evidence'],
    detectedFrom: 'monitor',
    metadata: null,
    sessionId: null,
    correlatedWith: [],
    createdAt: new Date(Date.UTC(2026, 0, 20, hour, id)),
    resolvedAt: null,
  };
}

const failure = (task: string, workflow: string, type: string, hour?: number) =>
  event(
    'n8n_failure_detected',
    'failed',
    { task_id: task, workflow_name: workflow, failure_type: type },
    hour,
  );
const recovery = (task: string, status: string, method: string | null, seconds: number, hour?: number) =>
  event(
    'n8n_recovery_attempted',
    status,
    { task_id: task, recovery_method: method, recovery_duration_seconds: seconds },
    hour,
  );

describe('summarizeN8nEvents', () => {
  it('counts failure types, recovering tiers, recovery times and rates per workflow and hour', () => {
    const summary = summarizeN8nEvents([
      failure('t1', 'video', '504_gateway_timeout'),
      failure('t2', 'video', '504_gateway_timeout'),
      failure('t3', 'email', 'rate_limited', 10),
      recovery('t1', 'success', 'queue', 2),
      recovery('t2', 'failed', null, 30),
      recovery('t3', 'success', 'direct_api', 8, 10),
      {
        ...recovery('t9', 'success', 'queue', 4, 10),
        evidence: { workflow_name: 'sms', recovery_method: 'queue', recovery_duration_seconds: 4 },
      },
    ]);
    expect(summary.failures).toBe(3);
    expect(summary.recoveries).toEqual({ attempted: 4, recovered: 3, rate: 75 });
    expect(summary.failureTypes).toEqual([
      { failureType: '504_gateway_timeout', count: 2 },
      { failureType: 'rate_limited', count: 1 },
    ]);
    expect(summary.recoveredBy).toEqual([
      { tier: 'queue', count: 2 },
      { tier: 'direct_api', count: 1 },
    ]);
    expect(summary.recoverySeconds).toEqual({ median: 4, p95: 8, max: 8 });
    expect(summary.workflows).toEqual([
      { workflow: 'video', failures: 2, recovered: 1, unrecovered: 1, recoveryRate: 50 },
      { workflow: 'email', failures: 1, recovered: 1, unrecovered: 0, recoveryRate: 100 },
      { workflow: 'sms', failures: 0, recovered: 1, unrecovered: 0, recoveryRate: 100 },
    ]);
    expect(summary.hourly).toEqual([
      { hour: '2026-01-20T09:00:00Z', failures: 2, recovered: 1, unrecovered: 1 },
      { hour: '2026-01-20T10:00:00Z', failures: 1, recovered: 2, unrecovered: 0 },
    ]);
  });

  it('sums up nothing without dividing by zero', () => {
    expect(summarizeN8nEvents([])).toEqual({
      failures: 0,
      recoveries: { attempted: 0, recovered: 0, rate: null },
      failureTypes: [],
      recoveredBy: [],
      recoverySeconds: null,
      workflows: [],
      hourly: [],
    });
  });
});
