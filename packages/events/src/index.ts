export {
  type AutomationEvent,
  type AutomationEventInput,
  type JsonObject,
  type JsonValue,
  type ParseEventOptions,
  type StoredAutomationEvent,
  defaultEventTypes,
  EventTypeRegistry,
  parseAutomationEvent,
} from './automation-event';
export { automationEventSchema } from './automation-event-schema';
export {
  AutomationHub,
  CORRELATION_WINDOW_MS,
  DEFAULT_PAGE_SIZE,
  DEFAULT_STATS_WINDOW_MS,
  type EventPage,
  type EventQuery,
  MAX_PAGE_SIZE,
  MAX_TIMELINE_EVENTS,
  type OpenAutomationHubOptions,
  openAutomationHub,
  openAutomationHubFromConfig,
} from './automation-hub';
export type { MigrationStatus } from './db/migration-status';
export { automationEvents, automationEventsArchive } from './db/schema';
export { EVENT_COMPONENTS, type EventComponent, type EventStats } from './event-stats';
export { loadConfig, type LoadConfigOptions, type Tier1Config } from './config';
export { ConfigError, formatUserError, isTier1Error, Tier1Error, ValidationError } from './errors';
export {
  createEventRecorder,
  createSpoolRecorder,
  type EventRecorder,
  type EventRecorderOptions,
  type RecordResult,
} from './event-recorder';
export { DETECTED_FROM, type DetectedFrom, defineEventType, type EventTypeDefinition, KNOWN_EVENT_TYPES } from './event-types';
export { type EvidenceSchema, type SchemaIssue } from './evidence-schema';
export {
  type AcquireFileLockOptions,
  acquireFileLock,
  type FileLock,
  type LockHolder,
  StoreLockedError,
} from './file-lock';
export { SNIPPET_MAX_LENGTH, sanitizeJson, sanitizeText, type SanitizeOptions } from './sanitize';
export { type DrainOptions, type DrainReport, type DrainTarget, EventSpool, type EventSpoolOptions } from './spool';
export { createEventUid, isEventUid } from './uid';
