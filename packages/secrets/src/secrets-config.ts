import type { SecretRule } from './rules';

/** Findings a project accepts: gitleaks' `[[allowlists]]`, read from its `.gitleaks.toml`. */
export interface SecretAllowlist {
  description?: string;
  /** Files whose path (relative, forward slashes) matches one are not scanned by the rules it covers. */
  paths: readonly RegExp[];
  /** A finding whose `regexTarget` text matches one is allowed. */
  regexes: readonly RegExp[];
  /** What `regexes` are tested against: the secret (default), the whole match, or its line. */
  regexTarget: 'secret' | 'match' | 'line';
  /** A finding whose secret contains one of these words (case-insensitively) is allowed. */
  stopwords: readonly string[];
  /** OR (default): any kind of criterion allows; AND: every kind given must. */
  condition: 'OR' | 'AND';
  /** The rules it covers; empty: every rule. */
  ruleIds: readonly string[];
}

/** What a project adds to the engine: its own rules and allowlists. */
export interface SecretsConfig {
  /** Added to the built-in rules; one with a built-in rule's id replaces it. */
  rules: readonly SecretRule[];
  allowlists: readonly SecretAllowlist[];
}

export const EMPTY_SECRETS_CONFIG: SecretsConfig = { rules: [], allowlists: [] };
