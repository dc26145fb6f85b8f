import { findSecrets } from './scan-text';
import type { SecretsConfig } from './secrets-config';
import { trailSecretsConfig } from './trail-rules';

export interface RedactSecretsOptions {
  /** Exact values that must never be kept, such as a configured N8N_API_KEY (4 characters or more). */
  values?: readonly string[];
  /** The project rules to add; by default those of the projects this process records for (useProjectSecretRules). */
  config?: SecretsConfig;
}

/** What replaces a secret: says that one was there and which rule saw it, never its length. */
export function redactionMarker(ruleId: string): string {
  return `[REDACTED:${ruleId}]`;
}

/**
 * The text with every secret the engine finds replaced by `[REDACTED:<rule>]`, in strict mode
 * (a doubtful value is hidden): what the audit trail stores. Allow comments and baselines do not
 * apply: they accept a secret in a repository, never in the trail.
 */
export function redactSecrets(text: string, options: RedactSecretsOptions = {}): string {
  const config = options.config ?? trailSecretsConfig();
  const values = options.values ?? NO_VALUES;
  if (text.length > MEMO_MAX_LENGTH) return redact(text, config, values);
  const memo = memoFor(config, values);
  let result = memo.get(text);
  if (result === undefined) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    result = redact(text, config, values);
    memo.set(text, result);
  }
  return result;
}

const NO_VALUES: readonly string[] = [];

/*
 * Events repeat their keys and many short values (an evidence key, a tool name, a status), and a
 * process that stores events in bulk sanitises each of them again: short texts are looked up in
 * a memo of their redaction, kept for one configuration and one list of values (a new one of
 * either starts a new memo). About a quarter of storeEvents' time (packages/events/bench/ingest.mjs).
 */
const MEMO_MAX_LENGTH = 128;
const MEMO_ENTRIES = 4096;
let memo: { config: SecretsConfig; values: readonly string[]; results: Map<string, string> } | undefined;

function memoFor(config: SecretsConfig, values: readonly string[]): Map<string, string> {
  const sameValues = memo?.values === values || (memo?.values.length === 0 && values.length === 0);
  if (memo?.config !== config || !sameValues) memo = { config, values, results: new Map() };
  return memo.results;
}

function redact(text: string, config: SecretsConfig, values: readonly string[]): string {
  let result = text;
  for (const value of values) {
    if (value.length >= 4 && result.includes(value))
      result = result.split(value).join(redactionMarker('configured-value'));
  }
  const findings = findSecrets(result, { strict: true, config });
  if (findings.length === 0) return result;
  let redacted = '';
  let position = 0;
  for (const finding of findings) {
    redacted += result.slice(position, finding.start) + redactionMarker(finding.rule);
    position = finding.end;
  }
  return redacted + result.slice(position);
}
