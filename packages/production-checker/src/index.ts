export { calculateDecision, type Decision, type DecisionResult } from './calculate-decision';
export type { CheckContext, CheckDefinition, CheckOutcome } from './check-definition';
export type { CheckResult, CheckSeverity } from './check-result';
export { CHECK_NAMES, type CheckName, defineCheckerConfig } from './check-settings';
export type { CheckerConfig, CheckerConfigInput, SmokeRoute } from './checker-config';
export { ALL_CHECKS } from './checks/all-checks';
export { detectTestRunner, type TestRunnerName, type TestRunnerPlan } from './detect-test-runner';
export { ProjectNotFoundError, RunnerNotFoundError } from './errors';
export { formatJsonReport } from './formats/format-json';
export { formatJunitReport } from './formats/format-junit';
export { formatMarkdownReport } from './formats/format-markdown';
export { formatSarifReport, SARIF_FINGERPRINT_KEY } from './formats/format-sarif';
export { formatCheckLines, formatProgressLine, formatTextReport } from './formats/format-text';
export { formatGithubAnnotations } from './formats/github-annotations';
export { checkStatus, DECISION_LABELS, decisionLine } from './formats/report-summary';
export { CONFIG_FILES, type LoadedCheckerConfig, loadCheckerConfig } from './load-checker-config';
export { productionCheckEvent } from './production-check-event';
export {
  type ProductionCheckState,
  type ProductionCheckStateRead,
  productionCheckStatePath,
  readProductionCheckState,
  writeProductionCheckState,
} from './production-check-state';
export {
  assertProject,
  type CheckProgress,
  ProductionChecker,
  type ProductionCheckerOptions,
} from './production-checker';
export { type CommandOutcome, type RunCommandOptions, runCommand } from './run-command';
export {
  BaselineNotFoundError,
  DEFAULT_BASELINE_FILE,
  FileListError,
  GITLEAKS_CONFIG_FILE,
  InvalidBaselineError,
  InvalidGitleaksConfigError,
  listProjectFiles,
  type ProjectFiles,
  readBaseline,
  readGitleaksConfig,
  type ScanSecretsOptions,
  SECRET_RULES,
  type SecretFinding,
  type SecretScanResult,
  SecretScanRootError,
  SecretScanThreadError,
  type SkippedFileCounts,
  scanSecrets,
  scanText,
  writeBaseline,
} from './secrets';
export { splitEnvAssignments, splitScript } from './shell-words';
