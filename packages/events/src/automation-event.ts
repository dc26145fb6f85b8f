import { z } from 'zod';
import { ValidationError } from './errors';
import { DETECTED_FROM, type EventTypeDefinition, KNOWN_EVENT_TYPES } from './event-types';
import { type SanitizeOptions, sanitizeJson } from './sanitize';
import { createEventUid, isEventUid } from './uid';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);
const jsonObject = z.record(z.string(), jsonValue);

/** The one event shape every Tier 1 package writes and reads. */
export const automationEventSchema = z.object({
  uid: z.string().refine(isEventUid, 'must be a UUID (a time-ordered v7 is made for you when uid is left out)'),
  eventType: z.string().min(1).max(255),
  projectId: z.string().min(1).max(255),
  status: z.string().min(1).max(50),
  evidence: jsonObject,
  detectedFrom: z.enum(DETECTED_FROM),
  metadata: jsonObject.nullable(),
  sessionId: z.string().max(255).nullable(),
  correlatedWith: z.array(z.string().refine(isEventUid, 'must be event uids')),
  createdAt: z.date(),
  resolvedAt: z.date().nullable(),
});

/** A validated event, ready to store. */
export type AutomationEvent = z.infer<typeof automationEventSchema>;

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
      throw new ValidationError('statuses', `event type "${definition.type}" has no statuses`, 'list at least one');
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
    throw new ValidationError(field, `"${value}" is not a date`, 'use an ISO 8601 time such as 2026-01-20T18:45:32Z');
  }
  return date;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

export interface ParseEventOptions extends SanitizeOptions {
  registry?: EventTypeRegistry;
}

/**
 * Validates an event against the schema and its type's statuses and evidence, fills the
 * defaults, and sanitises evidence and metadata (secrets redacted, snippets cut).
 * Throws a ValidationError that names the field.
 */
export function parseAutomationEvent(input: AutomationEventInput, options: ParseEventOptions = {}): AutomationEvent {
  const registry = options.registry ?? defaultEventTypes;
  if (input === null || typeof input !== 'object') {
    throw new ValidationError('event', 'must be an object', 'pass an object with eventType, projectId, status, evidence and detectedFrom');
  }
  const candidate = {
    uid: input.uid ?? createEventUid(),
    eventType: input.eventType,
    projectId: input.projectId,
    status: input.status,
    evidence: input.evidence,
    detectedFrom: input.detectedFrom,
    metadata: input.metadata ?? null,
    sessionId: input.sessionId ?? null,
    correlatedWith: input.correlatedWith ?? [],
    createdAt: toDate(input.createdAt, 'createdAt') ?? new Date(),
    resolvedAt: toDate(input.resolvedAt, 'resolvedAt') ?? null,
  };
  const parsed = automationEventSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const field = String(issue.path[0] ?? 'event');
    const hint =
      field === 'evidence' || field === 'metadata'
        ? 'use plain JSON: objects, arrays, strings, finite numbers, booleans and null'
        : field === 'detectedFrom'
          ? `use one of ${DETECTED_FROM.join(', ')}`
          : undefined;
    throw new ValidationError(field, describeIssue({ ...issue, path: issue.path.slice(1) }), hint);
  }
  const event = parsed.data;
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
    const issue = evidence.error.issues[0] as z.core.$ZodIssue;
    throw new ValidationError(`evidence.${issue.path.join('.')}`, issue.message, `see the ${event.eventType} evidence in docs/events.md`);
  }
  return {
    ...event,
    evidence: sanitizeJson(event.evidence, options),
    metadata: event.metadata === null ? null : sanitizeJson(event.metadata, options),
  };
}
