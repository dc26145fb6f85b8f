// The fallback router's half (tiers, circuit breakers, queue worker, metrics).
export { ApiTier, type ApiTierOptions } from './api-tier';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitSnapshot,
  type CircuitState,
} from './circuit-breaker';
export {
  type CircuitRecord,
  type CircuitStore,
  CLOSED_CIRCUIT,
  FileCircuitStore,
  MemoryCircuitStore,
} from './circuit-store';
export { CommandTier, type CommandTierOptions, parseCommandTemplate } from './command-tier';
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
  createMonitorFromConfig,
  type ExecuteWithFallbackOptions,
  type ExecuteWithFallbackResult,
  executeWithFallback,
  type FallbackRouting,
  recoverRun,
} from './execute-with-fallback';
export {
  cancelingTimeoutSeconds,
  executionErrorMessage,
  executionInput,
  workflowAnswer,
} from './execution-evidence';
export {
  ATTEMPT_METHODS,
  type AttemptOutcome,
  type ExecutionResult,
  FALLBACK_TIERS,
  type FallbackTier,
  parseTaskOutput,
  type RoutingResult,
  summarizeOutput,
  type TierAttemptResult,
  type TierContext,
  type TierExecutor,
  type TierTask,
} from './execution-result';
export {
  ExecutionWatcher,
  type ExecutionWatcherOptions,
  type HandledExecution,
  type LedgerEntry,
  type LedgerOutcome,
  readWatchState,
  type WatchCursor,
  type WatchReport,
  type WatchState,
  watchIdempotencyKey,
} from './execution-watcher';
export { FailureType } from './failure-type';
export {
  FallbackRouter,
  type FallbackRouterOptions,
  RecoveryNotRecordedError,
  type RouteOptions,
} from './fallback-router';
export { assertIdempotencyKey, deriveIdempotencyKey, hashParams } from './idempotency-key';
export { RecoveryMetrics } from './metrics';
export type { MonitorResult } from './monitor-result';
export {
  FAILED_EXECUTION_STATUSES,
  type ListExecutionsQuery,
  N8N_EXECUTION_STATUSES,
  N8N_STATUS_FILTERS,
  N8nApiClient,
  type N8nApiClientOptions,
  N8nApiError,
  type N8nExecution,
  type N8nExecutionStatus,
  type N8nStatusFilter,
  N8nUnauthorizedError,
  type N8nWorkflow,
  UNFINISHED_EXECUTION_STATUSES,
} from './n8n-api-client';
export {
  DEFAULT_API_URL,
  DEFAULT_COMMAND_TEMPLATE,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_N8N_PROJECT_ID,
  DEFAULT_TIER_TIMEOUTS,
  findWorkflow,
  type LoadN8nConfigOptions,
  loadN8nConfig,
  N8N_CIRCUITS_FILE,
  N8N_CONFIG_FILE,
  type N8nConfigFile,
  type N8nReliabilityConfig,
  n8nConfigFileSchema,
  parseN8nConfig,
  requireWorkflow,
  TIER_TIMEOUT_PRESETS,
  type TierPreset,
  type TierTimeouts,
  UnmappedWorkflowError,
  type WorkflowMapping,
} from './n8n-config';
export {
  type N8nEventRecorder,
  N8nMonitor,
  type N8nMonitorOptions,
  type RegisterTaskOptions,
  type ReportedOutcome,
  type TaskRegistration,
  UnknownMonitorError,
} from './n8n-monitor';
export {
  type N8nHookOutcome,
  N8nReliabilityHook,
  type N8nReliabilityHookOptions,
  type N8nToolCall,
  type N8nToolResult,
} from './n8n-reliability-hook';
export { isN8nTool, readToolInput, readToolResponse } from './n8n-tool-payload';
export {
  DEFAULT_QUEUE_NAME,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_RETENTION_SECONDS,
  describeRedisUrl,
  QueueTier,
  type QueueTierOptions,
} from './queue-tier';
export { type NoRecovery, type NoRecoveryCode, whyNotRecover } from './recovery-rules';
export { sharedCircuitSnapshots } from './shared-circuits';
export {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_WORKER_CONCURRENCY,
  loadTaskHandlers,
  pingRedis,
  RedisUnreachableError,
  type RunningTaskQueueWorker,
  type RunTaskQueueWorkerOptions,
  requireHandlers,
  runTaskQueueWorker,
  type StopReport,
  type TaskHandler,
  type TaskHandlers,
  TaskQueueWorker,
  type TaskQueueWorkerOptions,
} from './task-queue-worker';
export {
  type CheckReport,
  DEFAULT_WORKER_HOST,
  DEFAULT_WORKER_PORT,
  type ReadinessCheck,
  startWorkerServer,
  type WorkerServer,
  type WorkerServerOptions,
} from './worker-server';
