import { isEventUid } from '@tier1/core';
import { z } from 'zod';
import type { AutomationEvent, JsonValue } from './automation-event';
import { DETECTED_FROM } from './event-types';
import { shortenId } from './shorten-id';

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

/**
 * The AutomationEvent envelope as a zod schema, for code that composes zod (API request
 * bodies, forms, OpenAPI). It accepts exactly what parseAutomationEvent's envelope checks
 * accept (a test holds the two together); parseAutomationEvent is what Tier 1 itself runs,
 * because loading zod would double the hook process's start-up.
 */
export const automationEventSchema: z.ZodType<AutomationEvent> = z.object({
  uid: z.string().refine(isEventUid, 'must be a UUID'),
  eventType: z.string().min(1).max(255),
  projectId: z.string().min(1).max(255),
  status: z.string().min(1).max(50),
  evidence: jsonObject,
  detectedFrom: z.enum(DETECTED_FROM),
  metadata: jsonObject.nullable(),
  // An over-long session id is shortened, as parseAutomationEvent does: the event is kept.
  sessionId: z
    .string()
    .transform((id) => shortenId(id, 255))
    .nullable(),
  correlatedWith: z.array(z.string().refine(isEventUid, 'must be an event uid')),
  createdAt: z.date(),
  resolvedAt: z.date().nullable(),
});
