export { FailureType } from './failure-type';
export type { MonitorResult } from './monitor-result';
export {
  AUTH_KEYWORDS,
  type DetectionOptions,
  detectFailure,
  ERROR_KEYWORDS,
  type FailureDetection,
  GATEWAY_KEYWORDS,
  type RunOutcome,
  WEBHOOK_KEYWORDS,
} from './detect-failure';
export {
  executionErrorMessage,
  FAILED_EXECUTION_STATUSES,
  type ListExecutionsQuery,
  N8N_EXECUTION_STATUSES,
  N8nApiClient,
  type N8nApiClientOptions,
  N8nApiError,
  type N8nExecution,
  type N8nExecutionStatus,
  N8nUnauthorizedError,
  type N8nWorkflow,
  UNFINISHED_EXECUTION_STATUSES,
} from './n8n-api-client';
export {
  DEFAULT_API_URL,
  DEFAULT_COMMAND_TEMPLATE,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_TIER_TIMEOUTS,
  findWorkflow,
  loadN8nConfig,
  type LoadN8nConfigOptions,
  N8N_CONFIG_FILE,
  type N8nConfigFile,
  n8nConfigFileSchema,
  type N8nReliabilityConfig,
  parseN8nConfig,
  requireWorkflow,
  TIER_TIMEOUT_PRESETS,
  type TierPreset,
  type TierTimeouts,
  UnmappedWorkflowError,
  type WorkflowMapping,
} from './n8n-config';
export {
  N8nMonitor,
  type N8nEventRecorder,
  type N8nMonitorOptions,
  type RegisterTaskOptions,
  type ReportedOutcome,
  type TaskRegistration,
  UnknownMonitorError,
} from './n8n-monitor';
export {
  createMonitorFromConfig,
  executeWithFallback,
  type ExecuteWithFallbackOptions,
  type ExecuteWithFallbackResult,
  type FallbackRouting,
  recoverRun,
} from './execute-with-fallback';

// The fallback router's half (tiers, circuit breakers, queue worker, metrics).
export * from './api-tier';
export * from './circuit-breaker';
export * from './command-tier';
export * from './execution-result';
export * from './fallback-router';
export * from './idempotency-key';
export * from './metrics';
export * from './queue-tier';
export * from './task-queue-worker';
export * from './worker-server';
export {
  ExecutionWatcher,
  type ExecutionWatcherOptions,
  executionInput,
  type HandledExecution,
  type LedgerEntry,
  type LedgerOutcome,
  readWatchState,
  type WatchCursor,
  type WatchReport,
  type WatchState,
  watchIdempotencyKey,
} from './execution-watcher';
export {
  isN8nTool,
  type N8nHookOutcome,
  N8nReliabilityHook,
  type N8nReliabilityHookOptions,
  type N8nToolCall,
  type N8nToolResult,
  readToolInput,
  readToolResponse,
} from './n8n-reliability-hook';
