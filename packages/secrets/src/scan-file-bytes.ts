import { isAscii } from 'node:buffer';
import { isLockFile } from './file-kind';
import { activeRules, keywordIndexFor, rulesToRun } from './rule-selection';
import { findSecretsWithHits, type TextScan, textScanOf } from './scan-text';
import { EMPTY_SECRETS_CONFIG, type SecretsConfig } from './secrets-config';

/**
 * `scanFileText` for a file's bytes, as UTF-8. Most files are ASCII: their rules' keywords are
 * searched in the bytes themselves, and a file holding none of them (about half of a tree of npm
 * packages) is never decoded; an ASCII file is decoded as Latin-1, a copy, not a UTF-8 decode.
 */
export function scanFileBytes(
  bytes: Buffer,
  file: string,
  config: SecretsConfig = EMPTY_SECRETS_CONFIG,
): TextScan {
  const rules = activeRules(config);
  const keywords = keywordIndexFor(rules);
  const options = { path: file, config };
  if (!isAscii(bytes)) {
    const text = bytes.toString('utf8');
    const hits = keywords.findInText(text);
    return textScanOf(
      findSecretsWithHits(text, hits, rulesToRun(rules, hits, file, isLockFile(file)), options),
    );
  }
  const hits = keywords.findInAscii(bytes);
  const running = rulesToRun(rules, hits, file, isLockFile(file));
  if (running.length === 0) return { findings: [], allowed: 0 };
  return textScanOf(findSecretsWithHits(bytes.toString('latin1'), hits, running, options));
}
