import type { StoredAutomationEvent } from '@tier1/events';
import { describe, expect, it } from 'vitest';
import { compareProductionChecks } from './check-changes';

function check(id: number, evidence: Record<string, unknown>): StoredAutomationEvent {
  return {
    id,
    uid: `0190c5e2-0000-7000-8000-00000000000${id}`,
    eventType: 'production_check',
    projectId: 'shop',
    status: 'success',
    evidence: evidence as StoredAutomationEvent['evidence'],
    detectedFrom: 'skill',
    metadata: null,
    sessionId: null,
    correlatedWith: [],
    createdAt: new Date(Date.UTC(2026, 0, 20, id)),
    resolvedAt: null,
  };
}

describe('compareProductionChecks', () => {
  it('names the checks that flipped, appeared or disappeared, and the decision before', () => {
    const previous = check(1, {
      decision: 'no_go',
      confidence: 40,
      checks: {
        tests: { passed: false, details: '' },
        lint: { passed: true, details: '' },
        old: { passed: true, details: '' },
      },
    });
    const current = check(2, {
      decision: 'go',
      confidence: 100,
      checks: {
        tests: { passed: true, details: '' },
        lint: { passed: true, details: '' },
        secrets: { passed: true, details: '' },
      },
    });
    expect(compareProductionChecks(current, previous)).toEqual({
      previousId: 1,
      decisionBefore: 'no_go',
      confidenceBefore: 40,
      changes: [
        { check: 'old', before: true, after: null },
        { check: 'secrets', before: null, after: true },
        { check: 'tests', before: false, after: true },
      ],
    });
  });

  it('reports nothing to compare for a project’s first check', () => {
    expect(compareProductionChecks(check(1, { decision: 'go', checks: {} }), undefined)).toEqual({
      previousId: null,
      decisionBefore: null,
      confidenceBefore: null,
      changes: [],
    });
  });

  it('reads malformed evidence as missing checks instead of failing', () => {
    const difference = compareProductionChecks(
      check(2, { decision: 7, checks: { tests: 'yes', lint: { passed: 'no' } } }),
      check(1, { checks: [1, 2] }),
    );
    expect(difference).toMatchObject({ decisionBefore: null, changes: [] });
  });
});
