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
  let result = text;
  for (const value of options.values ?? []) {
    if (value.length >= 4 && result.includes(value))
      result = result.split(value).join(redactionMarker('configured-value'));
  }
  const findings = findSecrets(result, { strict: true, config: options.config ?? trailSecretsConfig() });
  if (findings.length === 0) return result;
  let redacted = '';
  let position = 0;
  for (const finding of findings) {
    redacted += result.slice(position, finding.start) + redactionMarker(finding.rule);
    position = finding.end;
  }
  return redacted + result.slice(position);
}
