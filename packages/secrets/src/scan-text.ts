import { isAllowedByComment } from './allow-comment';
import { isCodeFile, isLockFile } from './file-kind';
import { type KeywordHits, KeywordIndex } from './keyword-index';
import { LineIndex } from './line-index';
import { redactValue, secretFingerprint } from './redact';
import { RULES, type RuleContext, type SecretRule } from './rules';
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

function overlaps(taken: readonly (readonly [number, number])[], start: number, end: number): boolean {
  return taken.some(([takenStart, takenEnd]) => start < takenEnd && takenStart < end);
}

function activeRules(config: SecretsConfig): readonly SecretRule[] {
  if (config.rules.length === 0) return RULES;
  const replaced = new Set(config.rules.map((rule) => rule.id));
  return [...RULES.filter((rule) => !replaced.has(rule.id)), ...config.rules];
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

/** A rule runs when the file kind allows it and the text holds one of its keywords. */
function runsOn(rule: SecretRule, hits: KeywordHits, path: string | undefined, lockFile: boolean): boolean {
  if (lockFile && rule.skipInLockFiles) return false;
  if (rule.path && (path === undefined || !rule.path.test(path))) return false;
  return rule.keywords.length === 0 || rule.keywords.some((keyword) => hits.starts.has(keyword));
}

// One keyword automaton per rule set: the built-in one, and one per project configuration.
const keywordIndexes = new WeakMap<readonly SecretRule[], KeywordIndex>();

function keywordIndexFor(rules: readonly SecretRule[]): KeywordIndex {
  let index = keywordIndexes.get(rules);
  if (!index) {
    index = new KeywordIndex(rules.flatMap((rule) => rule.keywords));
    keywordIndexes.set(rules, index);
  }
  return index;
}

const stickyPatterns = new WeakMap<RegExp, RegExp>();

/**
 * The rule's matches: over the whole text, or, for a rule whose keyword is inside every match
 * (`keywordOffset`), only where its keywords occur: a sticky match tried from `keywordOffset`
 * characters before each occurrence. Common keywords (`key`, `token`, `://`) occur in most
 * files, and this keeps such rules' cost to their occurrences instead of the whole text.
 */
function* matchesOf(rule: SecretRule, text: string, hits: KeywordHits): Generator<RegExpExecArray> {
  if (rule.keywordOffset === undefined || rule.keywords.length === 0) {
    yield* text.matchAll(rule.pattern);
    return;
  }
  let sticky = stickyPatterns.get(rule.pattern);
  if (!sticky) {
    sticky = new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('g', '')}y`);
    stickyPatterns.set(rule.pattern, sticky);
  }
  const starts = rule.keywords.flatMap((keyword) => hits.starts.get(keyword) ?? []).sort((a, b) => a - b);
  let consumed = 0;
  for (const start of starts) {
    for (let position = Math.max(consumed, start - rule.keywordOffset); position <= start; position += 1) {
      sticky.lastIndex = position;
      const match = sticky.exec(text);
      if (match === null) continue;
      consumed = position + Math.max(match[0].length, 1);
      yield match;
      break;
    }
  }
}

/**
 * The secrets in a text, allowed ones included (`isAllowed`, `allowedBy`). One pass per rule whose
 * keywords the text holds (most texts hold none of most rules' keywords, so their regexes never
 * run); where two rules match the same characters, the earlier (more specific) rule's finding is
 * kept. The values themselves are never returned: only a redacted form and a fingerprint.
 */
export function findSecrets(text: string, options: FindSecretsOptions = {}): SecretMatch[] {
  const { path, baseline } = options;
  const config = options.config ?? EMPTY_SECRETS_CONFIG;
  const file = path ?? '';
  const context: RuleContext = { text, isCodeFile: isCodeFile(file), strict: options.strict ?? false };
  const lockFile = isLockFile(file);
  const rules = activeRules(config);
  const hits = keywordIndexFor(rules).find(text);
  const found: SecretMatch[] = [];
  const taken: [number, number][] = [];
  let lines: LineIndex | undefined;
  for (const rule of rules) {
    if (!runsOn(rule, hits, path, lockFile)) continue;
    for (const match of matchesOf(rule, text, hits)) {
      const matched = matchedValue(match, rule);
      if (matched === undefined || matched.value === '') continue;
      const { value, start } = matched;
      const end = start + value.length;
      if (overlaps(taken, start, end) || isInsideHash(text, start) || !rule.accept(value, match, context))
        continue;
      taken.push([start, end]);
      lines ??= new LineIndex(text);
      const line = lines.lineOf(start);
      const lineText = lines.lineText(line) ?? '';
      const finding: SecretMatch = {
        file,
        line: line + 1,
        column: start - lines.startOf(line) + 1,
        rule: rule.id,
        ruleDescription: rule.description,
        redacted: rule.redact ? rule.redact(value, match) : redactValue(value),
        fingerprint: secretFingerprint(rule.id, file, value),
        start,
        end,
        isAllowed: false,
      };
      const key = assignedKey(text, match);
      if (key !== undefined) finding.key = key;
      const allowedBy = isAllowedByComment(lineText, lines.lineText(line - 1))
        ? 'comment'
        : baseline?.has(finding.fingerprint)
          ? 'baseline'
          : config.allowlists.some(
                (allowlist) =>
                  covers(allowlist, rule.id) &&
                  allowlistAccepts(allowlist, { path, value, match: match[0], line: lineText }),
              )
            ? 'allowlist'
            : undefined;
      if (allowedBy !== undefined) {
        finding.isAllowed = true;
        finding.allowedBy = allowedBy;
      }
      found.push(finding);
    }
  }
  return found.sort((a, b) => a.start - b.start);
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
  const all = findSecrets(text, { path: file, config });
  return {
    findings: all.filter((finding) => !finding.isAllowed).map(withoutOffsets),
    allowed: all.filter((finding) => finding.isAllowed).length,
  };
}

/** The secrets in one file's text (`file` is the path reported, relative to the project root). */
export function scanText(text: string, file: string): SecretFinding[] {
  return scanFileText(text, file).findings;
}
