/** The architecture's six categories. Projects may add their own (see KeywordDetectorOptions). */
export type KeywordCategory =
  | 'commit-related'
  | 'deployment'
  | 'test-success'
  | 'bug-fixed'
  | 'build-success'
  | 'file-created';

/** A phrase with its own confidence, for a phrase weaker (or stronger) than its category. */
export interface WeightedKeyword {
  phrase: string;
  confidence: number;
}

export type KeywordSpec = string | WeightedKeyword;

export interface CategoryDefinition {
  name: string;
  baseConfidence: number;
  keywords: readonly KeywordSpec[];
  /**
   * Words in the command or tool name that make the context clear for this category
   * (the architecture's +5): a `committed` after `git commit` is clearer than one alone.
   */
  clearContext: readonly string[];
}

/** The architecture's adjustments. */
export const CONFIDENCE_ADJUSTMENTS = { failurePenalty: 30, clearContextBonus: 5 } as const;

/**
 * The architecture's keyword table as the starting vocabulary, plus phrases real tools print.
 * `created` alone is weak (the architecture's example: "created" alone 55, "file created" 75).
 */
export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  {
    name: 'commit-related',
    baseConfidence: 95,
    keywords: ['git commit', 'committed', 'commit complete', 'commit -m'],
    clearContext: ['git commit', 'commit'],
  },
  {
    name: 'deployment',
    baseConfidence: 90,
    keywords: [
      'deployed',
      'pushed to',
      'live on',
      'deployment successful',
      'deployed successfully',
      'deploy complete',
      'published',
    ],
    clearContext: [
      'deploy',
      'git push',
      'publish',
      'vercel',
      'flyctl',
      'fly',
      'netlify',
      'wrangler',
      'kubectl apply',
    ],
  },
  {
    name: 'test-success',
    baseConfidence: 88,
    keywords: [
      'all tests passed',
      'tests passing',
      'test suite passed',
      'passed',
      '✅ passing',
      'tests passed',
    ],
    clearContext: ['test', 'vitest', 'jest', 'pytest', 'go test', 'cargo test', 'node --test', 'mocha'],
  },
  {
    name: 'bug-fixed',
    baseConfidence: 85,
    keywords: ['fixed', 'resolved', 'bug resolved', 'patch applied', 'bug fixed'],
    clearContext: ['fix', 'patch'],
  },
  {
    name: 'build-success',
    baseConfidence: 90,
    keywords: [
      'build successful',
      'build complete',
      'compiled',
      'build succeeded',
      'build success',
      'compiled successfully',
      'built successfully',
    ],
    clearContext: ['build', 'tsc', 'tsup', 'vite build', 'webpack', 'cargo build', 'make', 'compile'],
  },
  {
    name: 'file-created',
    baseConfidence: 75,
    keywords: [{ phrase: 'created', confidence: 55 }, 'file created', 'written to', 'saved', 'wrote'],
    clearContext: ['write', 'edit', 'multiedit', 'notebookedit'],
  },
];

/**
 * The architecture's failure indicators first, then what real tools print when they fail.
 * Matches are whole words; "0 errors", "no errors", `"error": null` and "errorHandler" do not count.
 */
export const DEFAULT_FAILURE_INDICATORS: readonly string[] = [
  'failed',
  'error',
  'unable to',
  'could not',
  'connection timeout',
  'unauthorized',
  '403',
  '404',
  'fail',
  'failure',
  'fatal',
  'exception',
  'traceback',
  'panic',
  'command not found',
  'permission denied',
  'no such file or directory',
  'enoent',
  'eacces',
  'timed out',
];
