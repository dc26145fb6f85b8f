import { describe, expect, it } from 'vitest';
import { clampConfidence, decisionFor, THRESHOLDS } from './thresholds';

describe('decisionFor', () => {
  it.each([
    [100, 'completed'],
    [80, 'completed'],
    [79, 'pending_review'],
    [60, 'pending_review'],
    [59, 'no_action'],
    [0, 'no_action'],
  ] as const)('%d -> %s', (confidence, decision) => {
    expect(decisionFor(confidence)).toBe(decision);
  });

  it('uses the architecture thresholds', () => {
    expect(THRESHOLDS).toEqual({ completed: 80, pendingReview: 60 });
  });
});

describe('clampConfidence', () => {
  it('keeps scores within 0-100 and whole', () => {
    expect(clampConfidence(125)).toBe(100);
    expect(clampConfidence(-5)).toBe(0);
    expect(clampConfidence(72.6)).toBe(73);
  });
});
