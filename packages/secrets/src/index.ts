export { isAllowedByComment } from './allow-comment';
export { isCodeFile, isLockFile } from './file-kind';
export { GitleaksConfigError, parseGitleaksConfig } from './gitleaks-config';
export { GITLEAKS_CONFIG_FILE, InvalidGitleaksConfigError, readGitleaksConfigFile } from './gitleaks-file';
export { howToAllow } from './how-to-allow';
export { projectSecretsConfig, useProjectSecretRules } from './project-secret-rules';
export { redactValue, secretFingerprint } from './redact';
export { type RedactSecretsOptions, redactionMarker, redactSecrets } from './redact-secrets';
export { SECRET_RULES, type SecretRule } from './rules';
export { scanFileBytes } from './scan-file-bytes';
export {
  type AllowedBy,
  type FindSecretsOptions,
  findSecrets,
  type SecretMatch,
  scanFileText,
  scanText,
  type TextScan,
} from './scan-text';
export type { SecretFinding } from './secret-finding';
export { EMPTY_SECRETS_CONFIG, type SecretAllowlist, type SecretsConfig } from './secrets-config';
