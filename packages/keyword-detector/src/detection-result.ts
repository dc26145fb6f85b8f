import type { KeywordCategory } from './categories';

/** What the hook does with a detection: move the item, flag it for review, or leave it alone. */
export type Decision = 'completed' | 'pending_review' | 'no_action';

/** What the caller knows about the tool call besides its output. */
export interface DetectionContext {
  /** Claude Code's tool name (`Bash`, `Write`, ...); compared without regard to case. */
  toolName?: string;
  /** The command that produced the output. Used only to corroborate a finding, never as evidence itself. */
  command?: string;
}

/** The architecture's DetectionResult, camelCased, with the decision and the reasons behind it. */
export interface DetectionResult {
  /** The decisive phrase as it appears in the output, e.g. `committed` or `12 passed`. */
  keywordFound: string | null;
  /** 0-100: how sure the detector is that an action item was completed. */
  confidence: number;
  category: KeywordCategory | string | null;
  /** The line around the decisive match, at most 200 characters; not sanitised (the event layer does that). */
  contextSnippet: string;
  decision: Decision;
  /** Why, in words a person can check against the output, e.g. `vitest summary: 12 passed, 0 failed`. */
  reasons: string[];
  /**
   * Set when a runner's summary decided (a test count, `[main 1a2b3c4]`, `error TS2322`): whether
   * the tool reported success or failure. The hook's claim check reads it (docs/guardrails.md).
   */
  runnerOutcome?: 'success' | 'failure';
}
