import { isAllowedByComment } from './allow-comment';
import { isCodeFile, isLockFile } from './file-kind';
import type { KeywordHits } from './keyword-index';
import { LineIndex } from './line-index';
import { redactValue, secretFingerprint } from './redact';
import { activeRules, keywordIndexFor, rulesToRun } from './rule-selection';
import type { RuleContext, SecretRule } from './rules';
import type { SecretFinding } from './secret-finding';
import { EMPTY_SECRETS_CONFIG, type SecretAllowlist, type SecretsConfig } from './secrets-config';

export interface FindSecretsOptions {
  /** The file the text comes from, relative to the project root: decides code, lock file and allowlist paths. */
  path?: string;
  /** Fingerprints a committed baseline accepts (`readBaseline` in @tier1/production-checker). */
  baseline?: ReadonlySet<string>;
  /** A project's own rules and allowlists (`parseGitleaksConfig`). */
  config?: SecretsConfig;
  /** Redact on doubt (the audit trail) rather than report only likely secrets (`tier1 check`). */
  strict?: boolean;
}

/** Why a finding is accepted: an allow comment on its line, the baseline, or an allowlist. */
export type AllowedBy = 'comment' | 'baseline' | 'allowlist';

/** One secret in a text, with where its value is and whether the project accepts it. */
export interface SecretMatch extends SecretFinding {
  /** Offsets of the value in the text: what `redactSecrets` replaces. */
  start: number;
  end: number;
  isAllowed: boolean;
  allowedBy?: AllowedBy;
}

// Built-in rules name the secret `value` (`uuid` for Heroku's older keys); the generic rule has a
// group per quoting style; a gitleaks rule names it by number (`valueGroup`).
const VALUE_GROUPS = ['value', 'uuid', 'dq', 'sq', 'bq', 'bare'] as const;
const HASH_PREFIX = /^sha(?:1|256|384|512)-/;
const BASE64_CHAR = /[A-Za-z0-9+/=_-]/;
const IDENTIFIER_CHAR = /[A-Za-z0-9_.-]/;

function matchedValue(
  match: RegExpExecArray,
  rule: SecretRule,
): { value: string; start: number } | undefined {
  if (rule.valueGroup !== undefined) {
    const value = match[rule.valueGroup];
    const range = match.indices?.[rule.valueGroup];
    return value !== undefined && range ? { value, start: range[0] } : undefined;
  }
  for (const group of VALUE_GROUPS) {
    const value = match.groups?.[group];
    const range = match.indices?.groups?.[group];
    if (value !== undefined && range !== undefined) return { value, start: range[0] };
  }
  const range = match.indices?.[0];
  return range ? { value: match[0], start: range[0] } : undefined;
}

/** `integrity="sha512-…"`, go.sum's `h1:…`: a match inside a content hash is chance, not a secret. */
function isInsideHash(text: string, start: number): boolean {
  let tokenStart = start;
  while (tokenStart > 0 && start - tokenStart < 200 && BASE64_CHAR.test(text.charAt(tokenStart - 1)))
    tokenStart -= 1;
  return (
    HASH_PREFIX.test(text.slice(tokenStart, tokenStart + 8)) ||
    text.slice(tokenStart - 3, tokenStart) === 'h1:'
  );
}

/** The whole name a secret was assigned to (`DB_PASSWORD` around the keyword `PASSWORD`). */
function assignedKey(text: string, match: RegExpExecArray): string | undefined {
  const range = match.indices?.groups?.key;
  if (!range) return undefined;
  let [start, end] = range;
  while (start > 0 && range[0] - start < 64 && IDENTIFIER_CHAR.test(text.charAt(start - 1))) start -= 1;
  while (end < text.length && end - range[1] < 64 && IDENTIFIER_CHAR.test(text.charAt(end))) end += 1;
  return text.slice(start, end);
}

function overlaps(found: readonly SecretMatch[], start: number, end: number): boolean {
  return found.some((finding) => start < finding.end && finding.start < end);
}

function covers(allowlist: SecretAllowlist, ruleId: string): boolean {
  return allowlist.ruleIds.length === 0 || allowlist.ruleIds.includes(ruleId);
}

/** Whether an allowlist accepts a finding: its path, its secret, its match or its line. */
function allowlistAccepts(
  allowlist: SecretAllowlist,
  finding: { path: string | undefined; value: string; match: string; line: string },
): boolean {
  const target =
    allowlist.regexTarget === 'line'
      ? finding.line
      : allowlist.regexTarget === 'match'
        ? finding.match
        : finding.value;
  const lower = finding.value.toLowerCase();
  const criteria = [
    allowlist.paths.length > 0
      ? finding.path !== undefined && allowlist.paths.some((path) => path.test(finding.path as string))
      : undefined,
    allowlist.regexes.length > 0 ? allowlist.regexes.some((regex) => regex.test(target)) : undefined,
    allowlist.stopwords.length > 0 ? allowlist.stopwords.some((word) => lower.includes(word)) : undefined,
  ].filter((criterion) => criterion !== undefined);
  if (criteria.length === 0) return false;
  return allowlist.condition === 'AND' ? criteria.every(Boolean) : criteria.some(Boolean);
}

/** A windowed rule's two regexes: its pattern, sticky, and a finder of where it next matches. */
interface WindowedPattern {
  sticky: RegExp;
  /** Sticky: skips the fewest characters (at most `keywordOffset`) after which the pattern matches. */
  finder: RegExp;
}

const windowedPatterns = new WeakMap<SecretRule, WindowedPattern>();

function windowedPattern(rule: SecretRule, keywordOffset: number): WindowedPattern {
  let windowed = windowedPatterns.get(rule);
  if (!windowed) {
    const flags = rule.pattern.flags.replace(/[gd]/g, '');
    windowed = {
      sticky: new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('g', '')}y`),
      finder: new RegExp(`[\\s\\S]{0,${keywordOffset}}?(?=(?:${rule.pattern.source}))`, `${flags}y`),
    };
    windowedPatterns.set(rule, windowed);
  }
  return windowed;
}

/**
 * The rule's matches: over the whole text, or, for a rule whose keyword is inside every match
 * (`keywordOffset`), only where its keywords occur: the first match starting from `keywordOffset`
 * characters before each occurrence on. Common keywords (`key`, `token`, `://`) occur in most
 * files, and this keeps such rules' cost to their occurrences instead of the whole text. One
 * finder call per occurrence tries every start in the window inside the regex engine; a match it
 * finds past the occurrence holds a later occurrence, whose window would have found it.
 */
function matchesOf(rule: SecretRule, text: string, hits: KeywordHits): RegExpExecArray[] {
  const { keywordOffset } = rule;
  if (keywordOffset === undefined || rule.keywords.length === 0) return [...text.matchAll(rule.pattern)];
  const { sticky, finder } = windowedPattern(rule, keywordOffset);
  const starts = rule.keywords.flatMap((keyword) => hits.starts.get(keyword) ?? []).sort((a, b) => a - b);
  const matches: RegExpExecArray[] = [];
  let consumed = 0;
  for (const start of starts) {
    const from = Math.max(consumed, start - keywordOffset);
    if (from > start) continue;
    finder.lastIndex = from;
    const skipped = finder.exec(text);
    if (skipped === null) continue;
    sticky.lastIndex = from + skipped[0].length;
    const match = sticky.exec(text);
    if (match === null) continue;
    consumed = match.index + Math.max(match[0].length, 1);
    matches.push(match);
  }
  return matches;
}

/** How the project accepts a finding, if it does: the line's allow comment, the baseline, an allowlist. */
function allowedBy(
  finding: SecretMatch,
  value: string,
  match: RegExpExecArray,
  lines: LineIndex,
  options: FindSecretsOptions,
): AllowedBy | undefined {
  const line = finding.line - 1;
  const lineText = lines.lineText(line) ?? '';
  if (isAllowedByComment(lineText, lines.lineText(line - 1))) return 'comment';
  if (options.baseline?.has(finding.fingerprint)) return 'baseline';
  const accepts = (allowlist: SecretAllowlist) =>
    covers(allowlist, finding.rule) &&
    allowlistAccepts(allowlist, { path: options.path, value, match: match[0], line: lineText });
  return (options.config ?? EMPTY_SECRETS_CONFIG).allowlists.some(accepts) ? 'allowlist' : undefined;
}

/** The finding for a rule's accepted match: where it is, a redacted form, and whether it is allowed. */
function toMatch(
  text: string,
  rule: SecretRule,
  match: RegExpExecArray,
  { value, start }: { value: string; start: number },
  lines: LineIndex,
  options: FindSecretsOptions,
): SecretMatch {
  const file = options.path ?? '';
  const line = lines.lineOf(start);
  const finding: SecretMatch = {
    file,
    line: line + 1,
    column: start - lines.startOf(line) + 1,
    rule: rule.id,
    ruleDescription: rule.description,
    redacted: rule.redact ? rule.redact(value, match) : redactValue(value),
    fingerprint: secretFingerprint(rule.id, file, value),
    start,
    end: start + value.length,
    isAllowed: false,
  };
  const key = assignedKey(text, match);
  if (key !== undefined) finding.key = key;
  const by = allowedBy(finding, value, match, lines, options);
  if (by !== undefined) {
    finding.isAllowed = true;
    finding.allowedBy = by;
  }
  return finding;
}

/**
 * `findSecrets` with the rules that run on the text and its keywords' occurrences already known
 * (`scanFileBytes` finds them in the file's bytes before decoding it).
 */
export function findSecretsWithHits(
  text: string,
  hits: KeywordHits,
  running: readonly SecretRule[],
  options: FindSecretsOptions,
): SecretMatch[] {
  const context: RuleContext = {
    text,
    isCodeFile: isCodeFile(options.path ?? ''),
    strict: options.strict ?? false,
  };
  const found: SecretMatch[] = [];
  let lines: LineIndex | undefined;
  for (const rule of running) {
    for (const match of matchesOf(rule, text, hits)) {
      const matched = matchedValue(match, rule);
      if (matched === undefined || matched.value === '') continue;
      const { value, start } = matched;
      const end = start + value.length;
      if (overlaps(found, start, end) || isInsideHash(text, start) || !rule.accept(value, match, context))
        continue;
      lines ??= new LineIndex(text);
      found.push(toMatch(text, rule, match, matched, lines, options));
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The secrets in a text, allowed ones included (`isAllowed`, `allowedBy`). One pass per rule whose
 * keywords the text holds (most texts hold none of most rules' keywords, so their regexes never
 * run); where two rules match the same characters, the earlier (more specific) rule's finding is
 * kept. The values themselves are never returned: only a redacted form and a fingerprint.
 */
export function findSecrets(text: string, options: FindSecretsOptions = {}): SecretMatch[] {
  const rules = activeRules(options.config ?? EMPTY_SECRETS_CONFIG);
  const hits = keywordIndexFor(rules).find(text);
  const running = rulesToRun(rules, hits, options.path, isLockFile(options.path ?? ''));
  return findSecretsWithHits(text, hits, running, options);
}

/** The findings of one file and how many an allow comment or allowlist accepted. */
export interface TextScan {
  findings: SecretFinding[];
  allowed: number;
}

function withoutOffsets({
  start: _start,
  end: _end,
  isAllowed: _allowed,
  allowedBy: _by,
  ...finding
}: SecretMatch): SecretFinding {
  return finding;
}

/** `findSecrets` for `tier1 check`: the findings no comment or allowlist accepts, and how many were. */
export function scanFileText(text: string, file: string, config?: SecretsConfig): TextScan {
  return textScanOf(findSecrets(text, { path: file, config }));
}

/** A file's findings no comment or allowlist accepts, and how many were. */
export function textScanOf(all: readonly SecretMatch[]): TextScan {
  if (all.length === 0) return { findings: [], allowed: 0 };
  return {
    findings: all.filter((finding) => !finding.isAllowed).map(withoutOffsets),
    allowed: all.filter((finding) => finding.isAllowed).length,
  };
}

/** The secrets in one file's text (`file` is the path reported, relative to the project root). */
export function scanText(text: string, file: string): SecretFinding[] {
  return scanFileText(text, file).findings;
}
