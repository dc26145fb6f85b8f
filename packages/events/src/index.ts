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
export type { MigrationStatus } from './db/migration-status';
export {
  CORRELATION_WINDOW_MS,
  DEFAULT_PAGE_SIZE,
  DEFAULT_STATS_WINDOW_MS,
  type EventPage,
  type EventQuery,
  MAX_PAGE_SIZE,
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
export type { EvidenceSchema, SchemaIssue } from './evidence-schema';
export {
  type OpenAutomationHubOptions,
  openAutomationHub,
  openAutomationHubFromConfig,
} from './open-automation-hub';
export { type SanitizeOptions, SNIPPET_MAX_LENGTH, sanitizeJson, sanitizeText } from './sanitize';
export {
  type DrainOptions,
  type DrainReport,
  type DrainTarget,
  EventSpool,
  type EventSpoolOptions,
} from './spool';
export { prepareTier1Home, Tier1HomeError } from './tier1-home';
