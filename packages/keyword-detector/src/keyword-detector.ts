import { type CategoryDefinition, CONFIDENCE_ADJUSTMENTS } from './categories';
import type { DetectionContext, DetectionResult } from './detection-result';
import { trapFor } from './match-traps';
import { type KeywordDetectorOptions, resolveOptions } from './options';
import { createPhraseMatcher, escapeRegExp, type PhraseMatch, type PhraseMatcher } from './phrase-matcher';
import { readOnlyCommand } from './read-only-command';
import type { RunnerRecogniser, RunnerVerdict } from './runner-recogniser';
import { DEFAULT_RECOGNISERS } from './runner-recognisers';
import { type ScanWindow, scanRegion, snippetAround } from './scan-region';
import { clampConfidence, decisionFor, THRESHOLDS } from './thresholds';

interface VocabularyEntry {
  kind: 'completion' | 'failure';
  phrase: string;
  category?: CategoryDefinition;
  confidence?: number;
}

interface Finding {
  entry: VocabularyEntry;
  match: PhraseMatch;
}

const MAX_IGNORED_REASONS = 3;

/** A result that moves nothing, with why. */
function noAction(reasons: string[], contextSnippet: string): DetectionResult {
  return {
    keywordFound: null,
    confidence: 0,
    category: null,
    contextSnippet,
    decision: 'no_action',
    reasons,
  };
}

/**
 * Reads a tool's output and decides, with a confidence, whether an action item was completed.
 *
 * Order of evidence: a recognised runner summary (vitest, jest, git commit, ...) decides on
 * its own; otherwise the strongest completion keyword sets the base confidence, a failure
 * indicator anywhere in the read text takes 30 off and a command or tool that fits the
 * category adds 5 (the architecture's formula).
 */
export class KeywordDetector {
  private readonly categories: Map<string, CategoryDefinition>;
  private readonly vocabulary: VocabularyEntry[];
  private readonly matcher: PhraseMatcher;
  private readonly clearContextPatterns: Map<string, RegExp | null>;
  private readonly recognisers: readonly RunnerRecogniser[];
  private readonly scanWindow: ScanWindow;
  private readonly readOnlyCommands: readonly string[];

  constructor(options?: KeywordDetectorOptions) {
    const resolved = resolveOptions(options);
    this.categories = new Map(resolved.categories.map((category) => [category.name, category]));
    this.vocabulary = [
      ...resolved.categories.flatMap((category) =>
        category.keywords.map(
          (keyword): VocabularyEntry =>
            typeof keyword === 'string'
              ? { kind: 'completion', phrase: keyword, category }
              : { kind: 'completion', phrase: keyword.phrase, category, confidence: keyword.confidence },
        ),
      ),
      ...resolved.failureIndicators.map((phrase): VocabularyEntry => ({ kind: 'failure', phrase })),
    ];
    this.matcher = createPhraseMatcher(this.vocabulary.map((entry) => entry.phrase));
    this.clearContextPatterns = new Map(
      resolved.categories.map((category) => [category.name, contextPattern(category.clearContext)]),
    );
    this.recognisers = [...DEFAULT_RECOGNISERS, ...resolved.extraRecognisers];
    this.scanWindow = resolved.scanWindow;
    this.readOnlyCommands = resolved.readOnlyCommands;
  }

  detect(output: string, context: DetectionContext = {}): DetectionResult {
    const region = scanRegion(typeof output === 'string' ? output : '', this.scanWindow);
    const verdict = this.decisiveVerdict(region.text, context);
    const result = verdict ? this.fromVerdict(verdict, region.text) : this.fromKeywords(region.text, context);
    if (region.omittedChars > 0) {
      const { headChars, tailChars } = this.scanWindow;
      result.reasons.push(
        `read the first ${headChars} and last ${tailChars} characters; ${region.omittedChars} in between not read`,
      );
    }
    return result;
  }

  /** Any failing summary wins; else the success of the strongest category, the later on a tie. */
  private decisiveVerdict(text: string, context: DetectionContext): RunnerVerdict | undefined {
    let decisive: RunnerVerdict | undefined;
    for (const recogniser of this.recognisers) {
      const verdict = recogniser.recognise(text, context);
      if (verdict && (decisive === undefined || this.outranks(verdict, decisive))) decisive = verdict;
    }
    return decisive;
  }

  private outranks(candidate: RunnerVerdict, current: RunnerVerdict): boolean {
    if (candidate.outcome !== current.outcome) return candidate.outcome === 'failure';
    if (candidate.outcome === 'failure') return candidate.index > current.index;
    const difference = this.baseConfidence(candidate.category) - this.baseConfidence(current.category);
    return difference > 0 || (difference === 0 && candidate.index > current.index);
  }

  private baseConfidence(categoryName: string): number {
    return this.categories.get(categoryName)?.baseConfidence ?? 0;
  }

  private fromVerdict(verdict: RunnerVerdict, text: string): DetectionResult {
    const base = this.baseConfidence(verdict.category);
    // A summary that reports success is the clearest context there is; one that reports a
    // failure means nothing was completed, whatever the category's base confidence.
    const confidence =
      verdict.outcome === 'success'
        ? clampConfidence(base + CONFIDENCE_ADJUSTMENTS.clearContextBonus)
        : clampConfidence(
            Math.min(base - CONFIDENCE_ADJUSTMENTS.failurePenalty, THRESHOLDS.pendingReview - 1),
          );
    const reasons = [
      verdict.reason,
      verdict.outcome === 'success'
        ? `${verdict.recogniser} reports success: ${verdict.category} ${base} + ${CONFIDENCE_ADJUSTMENTS.clearContextBonus} for a clear summary`
        : `${verdict.recogniser} reports failure: nothing completed`,
    ];
    return {
      keywordFound: verdict.keyword,
      confidence,
      category: verdict.category,
      contextSnippet: snippetAround(text, verdict.index, verdict.keyword.length),
      decision: decisionFor(confidence),
      reasons,
      runnerOutcome: verdict.outcome,
    };
  }

  private fromKeywords(text: string, context: DetectionContext): DetectionResult {
    const readOnly = readOnlyCommand(context.command, this.readOnlyCommands);
    if (readOnly) {
      return noAction([`${readOnly} shows what exists, not what was done: its words are no evidence`], '');
    }
    const { best, lastFailure, ignored } = this.decisiveMatches(text);
    if (!best?.entry.category) {
      const reasons = ['no completion keyword found', ...ignored];
      if (lastFailure) reasons.push(`failure indicator "${lastFailure.match.text}" found`);
      const snippet = lastFailure
        ? snippetAround(text, lastFailure.match.index, lastFailure.match.text.length)
        : '';
      return noAction(reasons, snippet);
    }
    return this.scored(text, context, best, lastFailure, ignored);
  }

  /**
   * The strongest completion (among equals the latest: the final outcome) and the last failure
   * indicator, each one no trap explains away. Traps are checked from the end and only where a
   * match could change the outcome, so a log with thousands of "passed" lines costs a handful
   * of checks, not thousands.
   */
  private decisiveMatches(text: string): { best?: Finding; lastFailure?: Finding; ignored: string[] } {
    const matches = this.matcher.findAll(text);
    const ignored: string[] = [];
    const holds = (entry: VocabularyEntry, match: PhraseMatch): boolean => {
      const trap = trapFor(text, match.index, match.text, entry.kind);
      if (trap && ignored.length < MAX_IGNORED_REASONS) ignored.push(`ignored "${match.text}": ${trap}`);
      return trap === undefined;
    };
    let best: Finding | undefined;
    let bestConfidence = Number.NEGATIVE_INFINITY;
    let lastFailure: Finding | undefined;
    for (let i = matches.length - 1; i >= 0; i--) {
      const match = matches[i] as PhraseMatch;
      const entry = this.vocabulary[match.phraseIndex] as VocabularyEntry;
      if (entry.kind === 'failure') {
        if (lastFailure === undefined && holds(entry, match)) lastFailure = { entry, match };
      } else {
        const confidence = entry.confidence ?? entry.category?.baseConfidence ?? 0;
        if (confidence > bestConfidence && holds(entry, match)) {
          best = { entry, match };
          bestConfidence = confidence;
        }
      }
    }
    return { best, lastFailure, ignored };
  }

  /** The completion's confidence: its base, less a failure indicator, plus a clear context. */
  private scored(
    text: string,
    context: DetectionContext,
    best: Finding,
    lastFailure: Finding | undefined,
    ignored: string[],
  ): DetectionResult {
    const category = best.entry.category as NonNullable<VocabularyEntry['category']>;
    const base = best.entry.confidence ?? category.baseConfidence;
    let score = base;
    const reasons = [`keyword "${best.match.text}": ${category.name} ${base}`];
    if (lastFailure) {
      score -= CONFIDENCE_ADJUSTMENTS.failurePenalty;
      reasons.push(
        `failure indicator "${lastFailure.match.text}": -${CONFIDENCE_ADJUSTMENTS.failurePenalty}`,
      );
    }
    const clearBy = this.clearContext(category.name, context);
    if (clearBy) {
      score += CONFIDENCE_ADJUSTMENTS.clearContextBonus;
      reasons.push(`clear context: ${clearBy}: +${CONFIDENCE_ADJUSTMENTS.clearContextBonus}`);
    }
    reasons.push(...ignored);
    const confidence = clampConfidence(score);
    return {
      keywordFound: best.match.text,
      confidence,
      category: category.name,
      contextSnippet: snippetAround(text, best.match.index, best.match.text.length),
      decision: decisionFor(confidence),
      reasons,
    };
  }

  /** Says which part of the context fits the category, or undefined when none does. */
  private clearContext(categoryName: string, context: DetectionContext): string | undefined {
    const pattern = this.clearContextPatterns.get(categoryName);
    if (!pattern) return undefined;
    const command = context.command?.slice(0, 2000) ?? '';
    const commandMatch = pattern.exec(command.toLowerCase());
    if (commandMatch) return `command mentions "${commandMatch[0]}"`;
    const toolMatch = pattern.exec((context.toolName ?? '').toLowerCase());
    return toolMatch ? `tool ${context.toolName}` : undefined;
  }
}

function contextPattern(words: readonly string[]): RegExp | null {
  if (words.length === 0) return null;
  const alternatives = [...new Set(words.map((word) => word.trim().toLowerCase()))]
    .sort((a, b) => b.length - a.length)
    .map((word) => escapeRegExp(word).replace(/ /g, '[ \\t]+'));
  return new RegExp(`(?<![a-z0-9])(?:${alternatives.join('|')})(?![a-z0-9])`);
}
