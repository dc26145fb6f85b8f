export { FailureType } from './failure-type';
export type { MonitorResult } from './monitor-result';
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
