// The secret scanner's public API; the package index re-exports it.
export type { SecretFinding } from '@tier1/secrets';
export { SECRET_RULES, scanText } from '@tier1/secrets';
export {
  BaselineNotFoundError,
  DEFAULT_BASELINE_FILE,
  InvalidBaselineError,
  readBaseline,
  writeBaseline,
} from './baseline';
export { GITLEAKS_CONFIG_FILE, InvalidGitleaksConfigError, readGitleaksConfig } from './gitleaks-file';
export { FileListError, listProjectFiles, type ProjectFiles } from './list-files';
export { SecretScanThreadError } from './scan-in-threads';
export {
  type ScanSecretsOptions,
  type SecretScanResult,
  SecretScanRootError,
  scanSecrets,
} from './scan-secrets';
export type { SkippedFileCounts } from './scan-tally';
