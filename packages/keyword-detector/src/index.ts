export {
  type CategoryDefinition,
  CONFIDENCE_ADJUSTMENTS,
  DEFAULT_CATEGORIES,
  DEFAULT_FAILURE_INDICATORS,
  type KeywordCategory,
  type KeywordSpec,
  type WeightedKeyword,
} from './categories';
export type { Decision, DetectionContext, DetectionResult } from './detection-result';
export { KeywordDetector } from './keyword-detector';
export { KEYWORDS_FILE, loadKeywordDetectorOptions } from './keywords-file';
export { MATCH_TRAPS, type MatchTrap } from './match-traps';
export {
  type CategoryOptions,
  type KeywordDetectorOptions,
  KeywordDetectorOptionsError,
  type OptionsIssue,
  type OptionsSource,
  validateKeywordDetectorOptions,
} from './options';
export { READ_ONLY_COMMANDS } from './read-only-command';
export {
  type CountSummarySpec,
  countSummaryRecogniser,
  type PatternRecogniserSpec,
  patternRecogniser,
  type RunnerRecogniser,
  type RunnerSignal,
  type RunnerVerdict,
} from './runner-recogniser';
export { DEFAULT_RECOGNISERS } from './runner-recognisers';
export { DEFAULT_SCAN_WINDOW, type ScanWindow, SNIPPET_LIMIT } from './scan-region';
export { decisionFor, THRESHOLDS } from './thresholds';
