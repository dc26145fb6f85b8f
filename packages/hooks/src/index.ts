export {
  type ActionItem,
  type ActionItemStatus,
  type AgentItemStatus,
  todoIdFromContent,
} from './action-item';
export {
  ActionItemHook,
  type ActionItemHookOptions,
  DEFAULT_SUPPORTED_TOOLS,
  type HookResult,
  type ToolOutputContext,
} from './action-item-hook';
export { type Claim, type ClaimKind, readClaims } from './claims';
export {
  addTier1Hooks,
  type ClaudeSettings,
  GATED_TOOL_MATCHER,
  type HookCommand,
  type HookHttp,
  isTier1HookCommand,
  listTier1Hooks,
  type MatcherGroup,
  N8N_TOOL_MATCHER,
  removeTier1Hooks,
  type SettingsChange,
  TIER1_HOOK_ENTRIES,
  TIER1_HOOK_HTTP_PATH,
  TRACKED_TOOL_MATCHER,
} from './claude-settings';
export type { N8nLayer } from './create-hook-handlers';
export type { EventSink } from './event-sink';
export {
  type ClaimCheckMode,
  DEFAULT_PROTECTED_BRANCHES,
  DEFAULT_SHIP_PATTERNS,
  type GateMode,
  GUARDRAILS_FILE,
  type GuardrailConfig,
  loadGuardrailConfig,
  type ShipPattern,
} from './guardrail-config';
export { type HookHandlers, type HookOutcome, handleHookInput } from './handle-hook-input';
export { ADDITIONAL_CONTEXT_MAX_LENGTH, type HookAnswer } from './hook-answer';
export { HANDLED_HOOK_EVENTS, type HookInput, HookInputError, parseHookInput } from './hook-input';
export type { TextSink } from './hook-log';
export {
  type BoundedReadResult,
  type ByteSource,
  DEFAULT_MAX_INPUT_BYTES,
  readBounded,
} from './read-bounded';
export { type RunHookOptions, type RunHookReport, runHook, type SecretRulesLayer } from './run-hook';
export { type SessionMirror, SessionMirrorStore } from './session-mirror';
export { type DetectionForUpdate, TodoUpdater, type UpdateContext, type UpdateResult } from './todo-updater';
