import type { KeywordCategory } from './categories';
import type { DetectionContext } from './detection-result';

/** What a recognised runner summary says: the work succeeded or it did not. */
export interface RunnerVerdict {
  recogniser: string;
  category: KeywordCategory | string;
  outcome: 'success' | 'failure';
  /** The decisive text: a count summary as `12 passed` / `1 failed`, other lines as printed (`[main 1a2b3c4]`). */
  keyword: string;
  /** Where the decisive text starts in the scanned text. */
  index: number;
  /** e.g. `vitest summary: 12 passed, 1 failed`. */
  reason: string;
}

/** Reads one tool's summary lines; a small object so the list stays data, not a wall of ifs. */
export interface RunnerRecogniser {
  readonly name: string;
  readonly category: KeywordCategory | string;
  recognise(text: string, context: DetectionContext): RunnerVerdict | undefined;
}

/** A line that means success or failure, and how to say what it means. */
export interface RunnerSignal {
  /** Must have the `g` and `m` flags; must not backtrack (anchor it, keep quantifiers on disjoint classes). */
  pattern: RegExp;
  describe: (match: RegExpMatchArray) => string;
  /** The decisive text to report; the whole match when left out. */
  keyword?: (match: RegExpMatchArray) => string;
  /**
   * Literals of which every match contains one. The pattern is only run (and compiled) when
   * one is in the text: `includes` is far cheaper than a regex, in a hook process that
   * starts cold every time.
   */
  hints?: readonly string[];
}

function mayMatch(text: string, hints: readonly string[] | undefined): boolean {
  return hints === undefined || hints.some((hint) => text.includes(hint));
}

export interface PatternRecogniserSpec {
  name: string;
  category: KeywordCategory | string;
  success: readonly RunnerSignal[];
  failure: readonly RunnerSignal[];
  /** When given, the recogniser only reads output for which this holds (e.g. `npm publish`). */
  appliesTo?: (text: string, context: DetectionContext) => boolean;
  /** A command that prints nothing when it succeeds (tsc): empty output after it is success. */
  silentSuccess?: { command: RegExp; reason: string };
}

/** A recogniser from success and failure lines: any failure line wins, else the last success line. */
export function patternRecogniser(spec: PatternRecogniserSpec): RunnerRecogniser {
  return {
    name: spec.name,
    category: spec.category,
    recognise(text, context) {
      if (spec.appliesTo && !spec.appliesTo(text, context)) return undefined;
      const failure = lastSignal(text, spec.failure);
      if (failure) return verdict(spec, 'failure', failure.signal, failure.match);
      const success = lastSignal(text, spec.success);
      if (success) return verdict(spec, 'success', success.signal, success.match);
      if (
        spec.silentSuccess &&
        text.trim() === '' &&
        spec.silentSuccess.command.test(context.command ?? '')
      ) {
        return {
          recogniser: spec.name,
          category: spec.category,
          outcome: 'success',
          keyword: context.command?.trim().slice(0, 80) ?? spec.name,
          index: 0,
          reason: spec.silentSuccess.reason,
        };
      }
      return undefined;
    },
  };
}

function verdict(
  spec: PatternRecogniserSpec,
  outcome: RunnerVerdict['outcome'],
  signal: RunnerSignal,
  match: RegExpMatchArray,
): RunnerVerdict {
  return {
    recogniser: spec.name,
    category: spec.category,
    outcome,
    keyword: (signal.keyword ? signal.keyword(match) : match[0]).trim(),
    index: match.index ?? 0,
    reason: signal.describe(match),
  };
}

function lastSignal(text: string, signals: readonly RunnerSignal[]) {
  let best: { signal: RunnerSignal; match: RegExpMatchArray } | undefined;
  for (const signal of signals) {
    if (!mayMatch(text, signal.hints)) continue;
    const match = lastMatch(text, signal.pattern);
    if (match && (best === undefined || (match.index ?? 0) > (best.match.index ?? 0)))
      best = { signal, match };
  }
  return best;
}

export function lastMatch(text: string, pattern: RegExp): RegExpMatchArray | undefined {
  let last: RegExpMatchArray | undefined;
  for (const match of text.matchAll(pattern)) last = match;
  return last;
}

/** Counts such as `12 passed | 1 failed`, `1 failed, 12 passed`, `12 passed; 0 failed`. */
export interface SummaryCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface CountSummarySpec {
  name: string;
  category: KeywordCategory | string;
  /** Summary lines; group 1 holds the counts. Must have the `g` and `m` flags. */
  line: RegExp;
  /** How one `<number> <word>` (or `<word> <number>`) pair is written. */
  count: RegExp;
  /** Which of the count's two groups is the number; the other is the word. */
  numberFirst: boolean;
  passWords: readonly string[];
  failWords: readonly string[];
  skipWords?: readonly string[];
  /** As RunnerSignal.hints. */
  hints?: readonly string[];
}

/**
 * A recogniser for runners that end with count lines (vitest, jest, pytest, cargo): any line
 * with failures is a failure, else passes with no failures are a success, and a summary
 * where nothing ran is not one.
 */
export function countSummaryRecogniser(spec: CountSummarySpec): RunnerRecogniser {
  return {
    name: spec.name,
    category: spec.category,
    recognise(text) {
      if (!mayMatch(text, spec.hints)) return undefined;
      let failing: { counts: SummaryCounts; match: RegExpMatchArray } | undefined;
      let last: { counts: SummaryCounts; match: RegExpMatchArray } | undefined;
      for (const match of text.matchAll(spec.line)) {
        const counts = readCounts(match[1] ?? '', spec);
        last = { counts, match };
        if (counts.failed > 0) failing = last;
      }
      const decisive = failing ?? last;
      if (!decisive) return undefined;
      const { counts, match } = decisive;
      const outcome = counts.failed === 0 && counts.passed > 0 ? 'success' : 'failure';
      const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
      const nothingRan = counts.failed === 0 && counts.passed === 0 ? ' (nothing ran)' : '';
      return {
        recogniser: spec.name,
        category: spec.category,
        outcome,
        keyword: counts.failed > 0 ? `${counts.failed} failed` : `${counts.passed} passed`,
        index: match.index ?? 0,
        reason: `${spec.name} summary: ${counts.passed} passed, ${counts.failed} failed${skipped}${nothingRan}`,
      };
    },
  };
}

function readCounts(countsText: string, spec: CountSummarySpec): SummaryCounts {
  const counts: SummaryCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const pair of countsText.matchAll(spec.count)) {
    const value = Number(spec.numberFirst ? pair[1] : pair[2]);
    const word = (spec.numberFirst ? pair[2] : pair[1])?.toLowerCase() ?? '';
    if (spec.passWords.includes(word)) counts.passed += value;
    else if (spec.failWords.includes(word)) counts.failed += value;
    else if (spec.skipWords?.includes(word)) counts.skipped += value;
  }
  return counts;
}
