import { lineAfter, lineBefore } from './scan-region';

/**
 * Situations where a phrase is present but does not mean what it says. Each trap looks only
 * at a few characters of the same line around the match, so checking one costs a constant.
 */
export interface MatchTrap {
  name: string;
  /** Which matches the trap can void: completion keywords, failure indicators, or both. */
  appliesTo: 'completion' | 'failure' | 'both';
  isTrap(before: string, phrase: string, after: string): boolean;
}

const NEIGHBOURHOOD = 40;

export const MATCH_TRAPS: readonly MatchTrap[] = [
  {
    // "0 failed", "no errors", "0 tests passed", "not fixed", "without errors", "nothing deployed"
    name: 'negated or zero count',
    appliesTo: 'both',
    isTrap: (before) =>
      /(?:^|[^A-Za-z0-9_.])(?:0|no|zero|not|never|without|nothing|none)[ \t]+(?:[A-Za-z]+[ \t]+){0,2}$/i.test(
        before,
      ) || /n't[ \t]+(?:been[ \t]+|be[ \t]+)?$/i.test(before),
  },
  {
    // "errors: 0", "failed=0", "Failures: 0"
    name: 'count of zero after the word',
    appliesTo: 'both',
    isTrap: (_before, _phrase, after) => /^[ \t]*[:=][ \t]*0(?![\d.])/.test(after),
  },
  {
    // `"error": null`, `"resolved": "https://registry..."`, `failed:` as a YAML/JSON key
    name: 'field name in structured data',
    appliesTo: 'both',
    isTrap: (before, _phrase, after) => /["'`]$/.test(before) && /^["'`][ \t]*:/.test(after),
  },
  {
    // pnpm "Progress: resolved 345, reused 300", uv "Resolved 23 packages in 1.2s"
    name: 'package manager progress',
    appliesTo: 'completion',
    isTrap: (before, phrase, after) =>
      /^resolved$/i.test(phrase) && (/^[ \t]+\d/.test(after) || /progress:[ \t]*$/i.test(before)),
  },
  {
    // a dev server: "live on http://localhost:3000", "deployed to 127.0.0.1:8080", "live on port 3000"
    name: 'local address',
    appliesTo: 'completion',
    isTrap: (_before, phrase, after) =>
      /^(?:live[ \t]+on|deployed)$/i.test(phrase) &&
      /^[ \t]+(?:(?:to|at)[ \t]+)?(?:(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1?\])|port\b)/i.test(
        after,
      ),
  },
  {
    // "404 passed", "403 tests" are counts, not HTTP statuses
    name: 'number that is a count',
    appliesTo: 'failure',
    isTrap: (_before, phrase, after) =>
      /^\d+$/.test(phrase) &&
      /^[ \t]+(?:passed|failed|tests?|files?|errors?|warnings?|skipped|total|packages?|lines?|items?|modules?|bytes|[kmg]i?b|ms|s|seconds?)\b/i.test(
        after,
      ),
  },
  {
    // "if it failed", "when an error occurs", "on error": describing a case, not reporting one
    name: 'conditional wording',
    appliesTo: 'failure',
    isTrap: (before) =>
      /\b(?:if|when|whether|on|unless)[ \t]+(?:an?[ \t]+|the[ \t]+|it[ \t]+)?$/i.test(before),
  },
];

/** Whether the match at `index` is voided by one of the traps; the trap's name when it is. */
export function trapFor(
  text: string,
  index: number,
  phrase: string,
  kind: 'completion' | 'failure',
  traps: readonly MatchTrap[] = MATCH_TRAPS,
): string | undefined {
  const before = lineBefore(text, index, NEIGHBOURHOOD);
  const after = lineAfter(text, index + phrase.length, NEIGHBOURHOOD);
  for (const trap of traps) {
    if ((trap.appliesTo === kind || trap.appliesTo === 'both') && trap.isTrap(before, phrase, after))
      return trap.name;
  }
  return undefined;
}
