export {
  type AutomationEvent,
  type AutomationEventInput,
  type JsonObject,
  type JsonValue,
  type ParseEventOptions,
  type StoredAutomationEvent,
  automationEventSchema,
  defaultEventTypes,
  EventTypeRegistry,
  parseAutomationEvent,
} from './automation-event';
export { loadConfig, type LoadConfigOptions, type Tier1Config } from './config';
export { ConfigError, formatUserError, isTier1Error, Tier1Error, ValidationError } from './errors';
export { DETECTED_FROM, type DetectedFrom, defineEventType, type EventTypeDefinition, KNOWN_EVENT_TYPES } from './event-types';
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
