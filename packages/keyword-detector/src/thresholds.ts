import type { Decision } from './detection-result';

/** The architecture's thresholds: >= 80 completes an item, 60-79 asks for review, below 60 does nothing. */
export const THRESHOLDS = { completed: 80, pendingReview: 60 } as const;

export function decisionFor(confidence: number): Decision {
  if (confidence >= THRESHOLDS.completed) return 'completed';
  if (confidence >= THRESHOLDS.pendingReview) return 'pending_review';
  return 'no_action';
}

export function clampConfidence(score: number): number {
  return Math.max(0, Math.min(100, Math.round(score)));
}
