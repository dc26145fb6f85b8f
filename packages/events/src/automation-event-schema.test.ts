import { createEventUid } from '@tier1/core';
import { describe, expect, it } from 'vitest';
import { type AutomationEventInput, parseAutomationEvent } from './automation-event';
import { automationEventSchema } from './automation-event-schema';

const valid = {
  uid: createEventUid(),
  eventType: 'session_started',
  projectId: 'shop',
  status: 'success',
  evidence: { hook_event_name: 'SessionStart', nested: { list: [1, 'two', null, true] } },
  detectedFrom: 'hook',
  metadata: null,
  sessionId: 'abc',
  correlatedWith: [createEventUid()],
  createdAt: new Date(),
  resolvedAt: null,
} as const;

// Each case changes one field of a valid event; the zod schema and parseAutomationEvent must agree.
const cases: [string, Record<string, unknown>, boolean][] = [
  ['a valid event', {}, true],
  ['metadata as an object', { metadata: { skill: '/production-check' } }, true],
  ['a uid that is not a UUID', { uid: 'abc' }, false],
  ['an empty event type', { eventType: '' }, false],
  ['an event type of 256 characters', { eventType: 'x'.repeat(256) }, false],
  ['an empty project', { projectId: '' }, false],
  ['a status of 51 characters', { status: 's'.repeat(51) }, false],
  ['evidence that is an array', { evidence: [] }, false],
  ['evidence holding a Date', { evidence: { hook_event_name: 'x', at: new Date() } }, false],
  ['evidence holding NaN', { evidence: { hook_event_name: 'x', n: Number.NaN } }, false],
  ['evidence holding a function', { evidence: { hook_event_name: 'x', f: () => 1 } }, false],
  ['an unknown source', { detectedFrom: 'robot' }, false],
  ['metadata that is a string', { metadata: 'x' }, false],
  ['a session id of 256 characters (shortened)', { sessionId: 's'.repeat(256) }, true],
  ['correlation with a non-uid', { correlatedWith: ['x'] }, false],
];

describe('automationEventSchema', () => {
  it.each(cases)('agrees with parseAutomationEvent on %s', (_name, change, accepted) => {
    const event = { ...valid, ...change };
    expect(automationEventSchema.safeParse(event).success).toBe(accepted);
    const parse = () => parseAutomationEvent(event as unknown as AutomationEventInput);
    if (accepted) expect(parse).not.toThrow();
    else expect(parse).toThrow();
  });
});
