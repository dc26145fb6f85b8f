import { Tier1Error } from '@tier1/core';
import {
  type CategoryDefinition,
  DEFAULT_CATEGORIES,
  DEFAULT_FAILURE_INDICATORS,
  type KeywordSpec,
} from './categories';
import { READ_ONLY_COMMANDS } from './read-only-command';
import type { RunnerRecogniser } from './runner-recogniser';
import { DEFAULT_SCAN_WINDOW, type ScanWindow } from './scan-region';

/** Changes to one category; a new category needs `baseConfidence` and `keywords`. */
export interface CategoryOptions {
  baseConfidence?: number;
  /** Added to the category's keywords (or replacing them with `replaceKeywords`). */
  keywords?: KeywordSpec[];
  replaceKeywords?: boolean;
  /** Words in the command or tool name that make the context clear (+5); added to the defaults. */
  clearContext?: string[];
}

export interface KeywordDetectorOptions {
  /** Extra categories, or changes to the architecture's six, by name. */
  categories?: Record<string, CategoryOptions>;
  failureIndicators?: { add?: string[]; remove?: string[] };
  /** Commands whose output shows what exists rather than what was done (`git log`, `cat`). */
  readOnlyCommands?: { add?: string[]; remove?: string[] };
  /** How much of the output's head and tail is read; `Infinity` reads everything. */
  scanWindow?: Partial<ScanWindow>;
  /** Recognisers for a project's own tools, consulted after the built-in ones (code only, not JSON). */
  recognisers?: readonly RunnerRecogniser[];
}

/** One problem with the options, in the shape of `ValidationError(field, problem, hint)`. */
export interface OptionsIssue {
  field: string;
  problem: string;
  hint: string;
}

const INVALID_OPTIONS = 'INVALID_KEYWORD_DETECTOR_OPTIONS';

/**
 * Thrown by `new KeywordDetector(options)` for invalid options, and by `loadKeywordDetectorOptions`
 * for a bad `tier1.keywords.json`. The hint is the first problem's fix.
 */
export class KeywordDetectorOptionsError extends Tier1Error {
  readonly issues: readonly OptionsIssue[];
  /** The file the options were read from (`tier1.keywords.json`); undefined for options given in code. */
  readonly file: string | undefined;

  constructor(issues: readonly OptionsIssue[], file?: string) {
    super(
      INVALID_OPTIONS,
      `invalid keyword detector options${file ? ` in ${file}` : ''}: ${issues.map((issue) => `${issue.field}: ${issue.problem}`).join('; ')}`,
      { hint: issues[0]?.hint, userMistake: true },
    );
    this.issues = issues;
    this.file = file;
  }

  static override isInstance(value: unknown): value is KeywordDetectorOptionsError {
    return Tier1Error.hasCode(value, INVALID_OPTIONS);
  }
}

const MAX_PHRASE_LENGTH = 100;
const MAX_LIST_LENGTH = 500;
const MAX_CATEGORY_NAME_LENGTH = 64;
const JSON_OPTION_KEYS = ['categories', 'failureIndicators', 'readOnlyCommands', 'scanWindow'];
const CODE_OPTION_KEYS = [...JSON_OPTION_KEYS, 'recognisers'];
const KNOWN_CATEGORY_KEYS = ['baseConfidence', 'keywords', 'replaceKeywords', 'clearContext'];

/**
 * Where options come from: code may pass recognisers, a JSON file (`tier1.keywords.json`) cannot,
 * since a recogniser is a function.
 */
export type OptionsSource = 'code' | 'json';

/** Every problem with `value` as KeywordDetectorOptions; an empty list when it is valid. */
export function validateKeywordDetectorOptions(
  value: unknown,
  source: OptionsSource = 'code',
): OptionsIssue[] {
  const issues: OptionsIssue[] = [];
  const report = (field: string, problem: string, hint: string) => issues.push({ field, problem, hint });
  if (value === undefined) return issues;
  const known = source === 'json' ? JSON_OPTION_KEYS : CODE_OPTION_KEYS;
  if (!isRecord(value)) {
    report('options', 'must be an object', `pass { ${known.map((key) => `${key}?`).join(', ')} }`);
    return issues;
  }
  const { recognisers, ...rest } = value;
  reportUnknownKeys(rest, known, 'options', report);

  validateCategories(value.categories, report);
  validateAddRemove(
    value.failureIndicators,
    'failureIndicators',
    '{ "add": ["rolled back"], "remove": ["404"] }',
    report,
  );
  validateAddRemove(
    value.readOnlyCommands,
    'readOnlyCommands',
    '{ "add": ["kubectl get"], "remove": ["echo"] }',
    report,
  );

  validateScanWindow(value.scanWindow, report);
  validateRecognisers(recognisers, source, report);
  return issues;
}

type Report = (field: string, problem: string, hint: string) => void;

function validateCategories(categories: unknown, report: Report): void {
  if (categories === undefined) return;
  if (!isRecord(categories)) {
    report(
      'categories',
      'must be an object keyed by category name',
      'e.g. { "migration": { "baseConfidence": 85, "keywords": ["migrated"] } }',
    );
    return;
  }
  for (const [name, category] of Object.entries(categories)) validateCategory(name, category, report);
}

function validateScanWindow(scanWindow: unknown, report: Report): void {
  if (scanWindow === undefined) return;
  if (!isRecord(scanWindow)) {
    report('scanWindow', 'must be an object', 'e.g. { "headChars": 4096, "tailChars": 32768 }');
    return;
  }
  reportUnknownKeys(scanWindow, ['headChars', 'tailChars'], 'scanWindow', report);
  for (const key of ['headChars', 'tailChars'] as const) {
    const size = scanWindow[key];
    if (
      size !== undefined &&
      !(size === Number.POSITIVE_INFINITY || (Number.isInteger(size) && (size as number) >= 0))
    ) {
      report(
        `scanWindow.${key}`,
        'must be a whole number of characters >= 0 (or Infinity)',
        `e.g. ${DEFAULT_SCAN_WINDOW[key]}`,
      );
    }
  }
}

/** Recognisers are code: given in code they must look like ones, given in JSON they are refused. */
function validateRecognisers(recognisers: unknown, source: OptionsSource, report: Report): void {
  if (recognisers === undefined) return;
  if (source === 'json') {
    report(
      'recognisers',
      'cannot be given in JSON: a recogniser is code',
      'remove it from the file and pass recognisers to new KeywordDetector({ recognisers }) in code',
    );
    return;
  }
  const valid =
    Array.isArray(recognisers) &&
    recognisers.every((r) => isRecord(r) && typeof r.name === 'string' && typeof r.recognise === 'function');
  if (!valid)
    report(
      'recognisers',
      'must be a list of { name, category, recognise(text, context) }',
      'build them with patternRecogniser() or countSummaryRecogniser()',
    );
}

function validateCategory(name: string, category: unknown, report: Report): void {
  const field = `categories.${name}`;
  if (name.trim() === '' || name.length > MAX_CATEGORY_NAME_LENGTH) {
    report(
      field,
      `category name must be 1-${MAX_CATEGORY_NAME_LENGTH} characters`,
      'use a short kebab-case name such as "migration-applied"',
    );
  }
  if (!isRecord(category)) {
    report(field, 'must be an object', 'e.g. { "baseConfidence": 85, "keywords": ["migrated"] }');
    return;
  }
  reportUnknownKeys(category, KNOWN_CATEGORY_KEYS, field, report);
  const isBuiltIn = DEFAULT_CATEGORIES.some((known) => known.name === name);
  if (category.baseConfidence === undefined) {
    if (!isBuiltIn)
      report(
        `${field}.baseConfidence`,
        'is required for a new category',
        'give a number from 0 to 100, e.g. 85',
      );
  } else if (!isConfidence(category.baseConfidence)) {
    report(`${field}.baseConfidence`, 'must be a number from 0 to 100', 'e.g. 85');
  }
  validateKeywords(category.keywords, `${field}.keywords`, isBuiltIn, report);
  if (category.replaceKeywords !== undefined && typeof category.replaceKeywords !== 'boolean') {
    report(
      `${field}.replaceKeywords`,
      'must be true or false',
      'true replaces the built-in keywords, false adds to them',
    );
  }
  validatePhraseList(category.clearContext, `${field}.clearContext`, report);
}

/** A category's keywords: phrases or { phrase, confidence }; a new category needs at least one. */
function validateKeywords(keywords: unknown, field: string, isBuiltIn: boolean, report: Report): void {
  if (keywords === undefined) {
    if (!isBuiltIn)
      report(field, 'is required for a new category', 'list the phrases that mean it, e.g. ["migrated"]');
    return;
  }
  if (!Array.isArray(keywords)) {
    report(field, 'must be a list', 'e.g. ["migrated", { "phrase": "schema updated", "confidence": 70 }]');
    return;
  }
  if (keywords.length > MAX_LIST_LENGTH)
    report(field, `has more than ${MAX_LIST_LENGTH} entries`, 'keep the list short');
  if (!isBuiltIn && keywords.length === 0) report(field, 'must not be empty', 'list at least one phrase');
  keywords.forEach((keyword, index) => {
    const at = `${field}[${index}]`;
    if (typeof keyword === 'string') {
      validatePhrase(keyword, at, report);
    } else if (isRecord(keyword)) {
      reportUnknownKeys(keyword, ['phrase', 'confidence'], at, report);
      validatePhrase(keyword.phrase, `${at}.phrase`, report);
      if (!isConfidence(keyword.confidence))
        report(`${at}.confidence`, 'must be a number from 0 to 100', 'e.g. 70');
    } else {
      report(at, 'must be a phrase or { phrase, confidence }', 'e.g. "migrated"');
    }
  });
}

function validateAddRemove(value: unknown, field: string, example: string, report: Report): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    report(field, 'must be an object', `e.g. ${example}`);
    return;
  }
  reportUnknownKeys(value, ['add', 'remove'], field, report);
  validatePhraseList(value.add, `${field}.add`, report);
  validatePhraseList(value.remove, `${field}.remove`, report);
}

function validatePhraseList(list: unknown, field: string, report: Report): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    report(field, 'must be a list of phrases', 'e.g. ["rollback"]');
    return;
  }
  if (list.length > MAX_LIST_LENGTH)
    report(field, `has more than ${MAX_LIST_LENGTH} entries`, 'keep the list short');
  for (const [index, phrase] of list.entries()) validatePhrase(phrase, `${field}[${index}]`, report);
}

function validatePhrase(phrase: unknown, field: string, report: Report): void {
  if (typeof phrase !== 'string' || phrase.trim() === '') {
    report(field, 'must be a non-empty phrase', 'e.g. "migrated"');
  } else if (phrase.length > MAX_PHRASE_LENGTH) {
    report(
      field,
      `is longer than ${MAX_PHRASE_LENGTH} characters`,
      'use the few words that carry the meaning',
    );
  } else if (phrase.includes('\n')) {
    report(field, 'must be on one line', 'phrases are matched within a line');
  }
}

function reportUnknownKeys(
  value: Record<string, unknown>,
  known: readonly string[],
  field: string,
  report: Report,
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      report(`${field}.${key}`, 'is not a known option', `known options: ${known.join(', ')}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isConfidence(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
}

/** The vocabulary a detector runs with: the defaults with the options applied. */
export interface ResolvedVocabulary {
  categories: CategoryDefinition[];
  failureIndicators: string[];
  readOnlyCommands: string[];
  scanWindow: ScanWindow;
  extraRecognisers: readonly RunnerRecogniser[];
}

/** Applies valid options to the defaults; throws KeywordDetectorOptionsError for invalid ones. */
export function resolveOptions(options: KeywordDetectorOptions | undefined): ResolvedVocabulary {
  const issues = validateKeywordDetectorOptions(options);
  if (issues.length > 0) throw new KeywordDetectorOptionsError(issues);
  const categories = DEFAULT_CATEGORIES.map((category) => ({ ...category }));
  for (const [name, change] of Object.entries(options?.categories ?? {})) {
    const existing = categories.find((category) => category.name === name);
    const trimmed = (change.keywords ?? []).map(trimKeyword);
    if (existing) {
      existing.baseConfidence = change.baseConfidence ?? existing.baseConfidence;
      existing.keywords = change.replaceKeywords ? trimmed : [...existing.keywords, ...trimmed];
      existing.clearContext = [...existing.clearContext, ...(change.clearContext ?? [])];
    } else {
      categories.push({
        name,
        baseConfidence: change.baseConfidence ?? 0,
        keywords: trimmed,
        clearContext: change.clearContext ?? [],
      });
    }
  }
  return {
    categories,
    failureIndicators: applyAddRemove(DEFAULT_FAILURE_INDICATORS, options?.failureIndicators),
    readOnlyCommands: applyAddRemove(READ_ONLY_COMMANDS, options?.readOnlyCommands),
    scanWindow: { ...DEFAULT_SCAN_WINDOW, ...options?.scanWindow },
    extraRecognisers: options?.recognisers ?? [],
  };
}

/** The defaults plus `add`, without `remove` (compared without regard to case). */
function applyAddRemove(
  defaults: readonly string[],
  change: { add?: string[]; remove?: string[] } | undefined,
): string[] {
  const removed = new Set((change?.remove ?? []).map((phrase) => phrase.trim().toLowerCase()));
  return [...defaults, ...(change?.add ?? [])]
    .map((phrase) => phrase.trim())
    .filter((phrase) => !removed.has(phrase.toLowerCase()));
}

function trimKeyword(keyword: KeywordSpec): KeywordSpec {
  return typeof keyword === 'string'
    ? keyword.trim()
    : { phrase: keyword.phrase.trim(), confidence: keyword.confidence };
}
