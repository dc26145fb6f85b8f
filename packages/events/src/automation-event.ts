import { createEventUid, isEventUid, ValidationError } from '@tier1/core';
import { DETECTED_FROM, type DetectedFrom, type EventTypeDefinition, KNOWN_EVENT_TYPES } from './event-types';
import { type Check, isPlainObject, type SchemaIssue } from './evidence-schema';
import { MAX_JSON_DEPTH, type SanitizeOptions, sanitizeJson, sanitizeText } from './sanitize';
import { shortenId } from './shorten-id';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The one event shape every Tier 1 package writes and reads. */
export interface AutomationEvent {
  /** Time-ordered UUID (v7) made by the client: storing the same event twice keeps one row. */
  uid: string;
  eventType: string;
  projectId: string;
  status: string;
  evidence: JsonObject;
  detectedFrom: DetectedFrom;
  metadata: JsonObject | null;
  sessionId: string | null;
  /** uids of related events. */
  correlatedWith: string[];
  createdAt: Date;
  resolvedAt: Date | null;
}

/** The longest project or session id stored (the columns are varchar(255)). */
const MAX_ID_LENGTH = 255;

function jsonIssue(value: unknown, depth = 0): SchemaIssue | undefined {
  // Deeper values are cut off by sanitizeJson, whatever they are.
  if (depth > MAX_JSON_DEPTH) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : { path: [], message: 'must be a finite number' };
  const entries = Array.isArray(value)
    ? [...value.entries()]
    : isPlainObject(value)
      ? Object.entries(value)
      : undefined;
  if (!entries)
    return { path: [], message: `is not JSON (found ${value instanceof Date ? 'a Date' : typeof value})` };
  for (const [key, child] of entries) {
    const found = jsonIssue(child, depth + 1);
    if (found) return { path: [key, ...found.path], message: found.message };
  }
  return undefined;
}

const jsonObject: Check = (value) =>
  isPlainObject(value) ? jsonIssue(value) : { path: [], message: 'must be a JSON object' };

function text(max: number, required = true): Check {
  return (value) => {
    if (typeof value !== 'string') return { path: [], message: 'must be a string' };
    if (required && value.length === 0) return { path: [], message: 'must not be empty' };
    return value.length > max ? { path: [], message: `must be at most ${max} characters` } : undefined;
  };
}

const ENVELOPE: Record<keyof AutomationEvent, { check: Check; hint?: string }> = {
  uid: {
    check: (value) =>
      typeof value === 'string' && isEventUid(value) ? undefined : { path: [], message: 'must be a UUID' },
    hint: 'leave uid out and a time-ordered v7 UUID is made for you',
  },
  eventType: { check: text(255) },
  projectId: { check: text(MAX_ID_LENGTH) },
  status: { check: text(50) },
  evidence: {
    check: jsonObject,
    hint: 'use plain JSON: objects, arrays, strings, finite numbers, booleans and null',
  },
  detectedFrom: {
    check: (value) =>
      DETECTED_FROM.includes(value as DetectedFrom)
        ? undefined
        : { path: [], message: `"${String(value)}" is not a source` },
    hint: `use one of ${DETECTED_FROM.join(', ')}`,
  },
  metadata: {
    check: (value) => (value === null ? undefined : jsonObject(value)),
    hint: 'use plain JSON: objects, arrays, strings, finite numbers, booleans and null',
  },
  sessionId: { check: (value) => (value === null ? undefined : text(MAX_ID_LENGTH)(value)) },
  correlatedWith: {
    check: (value) =>
      Array.isArray(value) && value.every((uid) => typeof uid === 'string' && isEventUid(uid))
        ? undefined
        : { path: [], message: 'must be a list of event uids' },
  },
  createdAt: { check: () => undefined },
  resolvedAt: { check: () => undefined },
};

/** What a caller passes: uid, createdAt and the optional fields get defaults. */
export interface AutomationEventInput {
  uid?: string;
  eventType: string;
  projectId: string;
  status: string;
  evidence: Record<string, unknown>;
  detectedFrom: (typeof DETECTED_FROM)[number];
  metadata?: Record<string, unknown> | null;
  sessionId?: string | null;
  correlatedWith?: string[];
  createdAt?: Date | string;
  resolvedAt?: Date | string | null;
}

/** A stored event: the validated event plus the row id the database gave it. */
export interface StoredAutomationEvent extends AutomationEvent {
  id: number;
}

/** Known event types, plus any a project registers for its own events. */
export class EventTypeRegistry {
  readonly #types = new Map<string, EventTypeDefinition>();

  constructor(definitions: readonly EventTypeDefinition[] = KNOWN_EVENT_TYPES) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: EventTypeDefinition): this {
    if (!/^[a-z][a-z0-9_]*$/.test(definition.type)) {
      throw new ValidationError(
        'eventType',
        `"${definition.type}" is not a valid event type name`,
        'use lower snake_case, such as deploy_verified',
      );
    }
    if (definition.statuses.length === 0) {
      throw new ValidationError(
        'statuses',
        `event type "${definition.type}" has no statuses`,
        'list at least one',
      );
    }
    this.#types.set(definition.type, definition);
    return this;
  }

  get(type: string): EventTypeDefinition | undefined {
    return this.#types.get(type);
  }

  types(): string[] {
    return [...this.#types.keys()];
  }
}

export const defaultEventTypes = new EventTypeRegistry();

function toDate(value: Date | string | null | undefined, field: string): Date | null | undefined {
  if (value === null || value === undefined || value instanceof Date) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ValidationError(
      field,
      `"${value}" is not a date`,
      'use an ISO 8601 time such as 2026-01-20T18:45:32Z',
    );
  }
  return date;
}

function describeIssue(issue: SchemaIssue): string {
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}

export interface ParseEventOptions extends SanitizeOptions {
  registry?: EventTypeRegistry;
}

/** The input with its defaults filled: a uid, no metadata, no correlations, created now. */
function withDefaults(input: AutomationEventInput) {
  if (input === null || typeof input !== 'object') {
    throw new ValidationError(
      'event',
      'must be an object',
      'pass an object with eventType, projectId, status, evidence and detectedFrom',
    );
  }
  return {
    uid: input.uid ?? createEventUid(),
    eventType: input.eventType,
    projectId: input.projectId,
    status: input.status,
    evidence: input.evidence,
    detectedFrom: input.detectedFrom,
    metadata: input.metadata ?? null,
    sessionId:
      typeof input.sessionId === 'string'
        ? shortenId(input.sessionId, MAX_ID_LENGTH)
        : (input.sessionId ?? null),
    correlatedWith: input.correlatedWith ?? [],
    createdAt: toDate(input.createdAt, 'createdAt') ?? new Date(),
    resolvedAt: toDate(input.resolvedAt, 'resolvedAt') ?? null,
  };
}

function checkEnvelope(candidate: ReturnType<typeof withDefaults>): AutomationEvent {
  for (const [field, { check, hint }] of Object.entries(ENVELOPE)) {
    const found = check(candidate[field as keyof typeof candidate]);
    if (found) throw new ValidationError(field, describeIssue(found), hint);
  }
  return candidate as AutomationEvent;
}

/** The event's type is registered, and its status and evidence are that type's. */
function checkAgainstType(event: AutomationEvent, registry: EventTypeRegistry): void {
  const definition = registry.get(event.eventType);
  if (!definition) {
    throw new ValidationError(
      'eventType',
      `unknown event type "${event.eventType}"`,
      `use one of ${registry.types().join(', ')}, or register it with defineEventType`,
    );
  }
  if (!definition.statuses.includes(event.status)) {
    throw new ValidationError(
      'status',
      `"${event.status}" is not a status of ${event.eventType}`,
      `use one of ${definition.statuses.join(', ')}`,
    );
  }
  const evidence = definition.evidence.safeParse(event.evidence);
  if (!evidence.success) {
    const issue = evidence.error.issues[0] ?? { path: [], message: 'does not fit the type' };
    throw new ValidationError(
      ['evidence', ...issue.path.map(String)].join('.'),
      issue.message,
      `see the ${event.eventType} evidence in docs/events.md`,
    );
  }
}

function sanitizeEvent(event: AutomationEvent, options: SanitizeOptions): AutomationEvent {
  // Ids are stored and shown like evidence: storable, and never a secret in the clear.
  const asId = (id: string) => sanitizeText(id, { ...options, maxLength: MAX_ID_LENGTH });
  return {
    ...event,
    projectId: asId(event.projectId),
    sessionId: event.sessionId === null ? null : asId(event.sessionId),
    evidence: sanitizeJson(event.evidence, options),
    metadata: event.metadata === null ? null : sanitizeJson(event.metadata, options),
  };
}

/**
 * Validates an event against the schema and its type's statuses and evidence, fills the
 * defaults, and sanitises evidence and metadata (secrets redacted, snippets cut).
 * Throws a ValidationError that names the field.
 */
export function parseAutomationEvent(
  input: AutomationEventInput,
  options: ParseEventOptions = {},
): AutomationEvent {
  const event = checkEnvelope(withDefaults(input));
  checkAgainstType(event, options.registry ?? defaultEventTypes);
  return sanitizeEvent(event, options);
}
