// The secret scanner's public API; the package index re-exports it.
export type { SecretFinding } from '../secret-finding';
export {
  BaselineNotFoundError,
  DEFAULT_BASELINE_FILE,
  InvalidBaselineError,
  readBaseline,
  writeBaseline,
} from './baseline';
export { FileListError, listProjectFiles, type ProjectFiles } from './list-files';
export { SECRET_RULES } from './rules';
export {
  type ScanSecretsOptions,
  type SecretScanResult,
  SecretScanRootError,
  type SkippedFileCounts,
  scanSecrets,
} from './scan-secrets';
export { scanText } from './scan-text';
