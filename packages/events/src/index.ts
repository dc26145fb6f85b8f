export {
  type AutomationEvent,
  type AutomationEventInput,
  defaultEventTypes,
  EventTypeRegistry,
  type JsonObject,
  type JsonValue,
  type ParseEventOptions,
  parseAutomationEvent,
  type StoredAutomationEvent,
} from './automation-event';
export { automationEventSchema } from './automation-event-schema';
export { AutomationHub } from './automation-hub';
export { BACKUP_FORMAT, BACKUP_VERSION, type BackupCounts, type RestoreCounts } from './backup';
export type { ServedPglite } from './db/connection';
export type { MigrationStatus } from './db/migration-status';
export { isStoreDownError } from './db/store-errors';
export {
  CORRELATION_WINDOW_MS,
  DEFAULT_STATS_WINDOW_MS,
  type EventPage,
  type EventQuery,
  MAX_TIMELINE_EVENTS,
} from './event-query';
export {
  createEventRecorder,
  createSpoolRecorder,
  type EventRecorder,
  type EventRecorderOptions,
  type RecordResult,
} from './event-recorder';
export { EVENT_COMPONENTS, type EventComponent, type EventStats } from './event-stats';
export {
  DETECTED_FROM,
  type DetectedFrom,
  defineEventType,
  type EventTypeDefinition,
  KNOWN_EVENT_TYPES,
} from './event-types';
export { MAX_FOLLOW_EVENTS, type StoredAfterQuery } from './events-stored-after';
export type { EvidenceSchema, SchemaIssue } from './evidence-schema';
export { type HourlyEventCount, MAX_HOURLY_COUNT_HOURS } from './hourly-event-counts';
export {
  type OpenAutomationHubOptions,
  openAutomationHub,
  openAutomationHubFromConfig,
} from './open-automation-hub';
export { type SanitizeOptions, SNIPPET_MAX_LENGTH, sanitizeJson, sanitizeText } from './sanitize';
export {
  DEFAULT_SESSION_PAGE_SIZE,
  MAX_SESSION_PAGE_SIZE,
  type SessionPage,
  type SessionQuery,
  type SessionSummary,
} from './session-summaries';
export {
  type DrainOptions,
  type DrainReport,
  type DrainTarget,
  EventSpool,
  type EventSpoolOptions,
  fallbackSpoolDirectory,
  spoolDirectory,
} from './spool';
export { prepareTier1Home, Tier1HomeError } from './tier1-home';
