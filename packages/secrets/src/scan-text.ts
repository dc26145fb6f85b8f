import type { SecretFinding } from '../secret-finding';
import { isAllowedByComment } from './allow-comment';
import { isCodeFile, isLockFile } from './file-kind';
import { redactValue, secretFingerprint } from './redact';
import { RULES, type SecretRule } from './rules';

/** The findings of one file and how many `tier1-allow` comments suppressed. */
export interface TextScan {
  findings: SecretFinding[];
  allowed: number;
}

// The generic rule has one group per quoting style; every other rule names its secret `value`.
const VALUE_GROUPS = ['value', 'dq', 'sq', 'bq', 'bare'] as const;
const HASH_PREFIX = /^sha(?:1|256|384|512)-/;
const BASE64_CHAR = /[A-Za-z0-9+/=_-]/;

function matchedValue(match: RegExpExecArray): { value: string; start: number } | undefined {
  for (const group of VALUE_GROUPS) {
    const value = match.groups?.[group];
    const range = match.indices?.groups?.[group];
    if (value !== undefined && range !== undefined) return { value, start: range[0] };
  }
  return undefined;
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

/** Positions of line starts, built only for files that have a candidate. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1))
      this.starts.push(index + 1);
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  startOf(line: number): number {
    return this.starts[line] ?? 0;
  }

  lineText(line: number): string | undefined {
    if (line < 0 || line >= this.starts.length) return undefined;
    const end = this.starts[line + 1];
    return this.text.slice(this.startOf(line), end === undefined ? undefined : end - 1);
  }
}

function overlaps(taken: readonly (readonly [number, number])[], start: number, end: number): boolean {
  return taken.some(([takenStart, takenEnd]) => start < takenEnd && takenStart < end);
}

function runsOn(rule: SecretRule, text: string, lockFile: boolean): boolean {
  if (lockFile && rule.skipInLockFiles) return false;
  return rule.anchors.length === 0 || rule.anchors.some((anchor) => text.includes(anchor));
}

/**
 * One pass per applicable rule over the file text: a rule whose literal anchors the text does not
 * hold never runs its regex. Returns the findings not allowed by a `tier1-allow` comment.
 */
export function scanFileText(text: string, file: string): TextScan {
  const context = { text, isCodeFile: isCodeFile(file) };
  const lockFile = isLockFile(file);
  const findings: SecretFinding[] = [];
  const taken: [number, number][] = [];
  let lines: LineIndex | undefined;
  let allowed = 0;
  for (const rule of RULES) {
    if (!runsOn(rule, text, lockFile)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      const found = matchedValue(match);
      if (found === undefined) continue;
      const { value, start } = found;
      const end = start + value.length;
      if (overlaps(taken, start, end) || isInsideHash(text, start) || !rule.accept(value, match, context))
        continue;
      taken.push([start, end]);
      lines ??= new LineIndex(text);
      const line = lines.lineOf(start);
      if (isAllowedByComment(lines.lineText(line) ?? '', lines.lineText(line - 1))) {
        allowed += 1;
        continue;
      }
      findings.push({
        file,
        line: line + 1,
        column: start - lines.startOf(line) + 1,
        rule: rule.id,
        ruleDescription: rule.description,
        redacted: rule.redact ? rule.redact(value, match) : redactValue(value),
        fingerprint: secretFingerprint(rule.id, file, value),
      });
    }
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, allowed };
}

/** The secrets in one file's text (`file` is the path reported, relative to the project root). */
export function scanText(text: string, file: string): SecretFinding[] {
  return scanFileText(text, file).findings;
}
