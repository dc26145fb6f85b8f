import { isEventUid, ValidationError } from '@tier1/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AutomationEventInput, EventTypeRegistry, parseAutomationEvent } from './automation-event';
import { defineEventType } from './event-types';

const completed: AutomationEventInput = {
  eventType: 'action_item_completed',
  projectId: 'tier1-automation',
  status: 'success',
  evidence: {
    tool_name: 'bash',
    detected_keyword: 'commit',
    confidence: 95,
    context_snippet: 'password=hunter2 [main abc1234] fix',
  },
  detectedFrom: 'hook',
};

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  throw new Error('expected a ValidationError');
}

describe('parseAutomationEvent', () => {
  it('fills uid, createdAt and the optional fields', () => {
    const event = parseAutomationEvent(completed);
    expect(isEventUid(event.uid)).toBe(true);
    expect(event.createdAt).toBeInstanceOf(Date);
    expect(event).toMatchObject({ metadata: null, sessionId: null, correlatedWith: [], resolvedAt: null });
  });

  it('keeps a uid the caller made, so a retry is the same event', () => {
    const first = parseAutomationEvent(completed);
    expect(parseAutomationEvent({ ...completed, uid: first.uid }).uid).toBe(first.uid);
  });

  it('sanitises evidence before it is stored', () => {
    expect(parseAutomationEvent(completed).evidence.context_snippet).toBe(
      'password=[REDACTED:secret-assignment] [main abc1234] fix',
    );
  });

  it('redacts configured secret values', () => {
    const event = parseAutomationEvent(
      { ...completed, evidence: { ...completed.evidence, context_snippet: 'key n8n_abcdef123 leaked' } },
      { secrets: ['n8n_abcdef123'] },
    );
    expect(event.evidence.context_snippet).toBe('key [REDACTED:configured-value] leaked');
  });

  it('names the field of an unknown event type', () => {
    expect(fieldOf(() => parseAutomationEvent({ ...completed, eventType: 'made_up' }))).toBe('eventType');
  });

  it('names the field of a status the type does not have', () => {
    expect(fieldOf(() => parseAutomationEvent({ ...completed, status: 'failed' }))).toBe('status');
  });

  it('names the field of evidence that is not JSON', () => {
    expect(
      fieldOf(() => parseAutomationEvent({ ...completed, evidence: { tool_name: 'bash', at: new Date() } })),
    ).toBe('evidence');
    expect(
      fieldOf(() => parseAutomationEvent({ ...completed, evidence: { tool_name: 'bash', n: Number.NaN } })),
    ).toBe('evidence');
  });

  it('names the evidence field that does not fit the type', () => {
    expect(fieldOf(() => parseAutomationEvent({ ...completed, evidence: { confidence: 95 } }))).toBe(
      'evidence.tool_name',
    );
  });

  it('names detectedFrom when it is not one of the sources', () => {
    expect(fieldOf(() => parseAutomationEvent({ ...completed, detectedFrom: 'robot' as never }))).toBe(
      'detectedFrom',
    );
  });

  it('rejects a createdAt that is not a date', () => {
    expect(fieldOf(() => parseAutomationEvent({ ...completed, createdAt: 'yesterday' }))).toBe('createdAt');
  });

  it('accepts event types a project registers', () => {
    const registry = new EventTypeRegistry().register(
      defineEventType({
        type: 'deploy_verified',
        statuses: ['success', 'failed'],
        evidence: z.looseObject({ url: z.string() }),
      }),
    );
    const event = parseAutomationEvent(
      {
        eventType: 'deploy_verified',
        projectId: 'shop',
        status: 'success',
        evidence: { url: 'https://shop.example' },
        detectedFrom: 'manual',
      },
      { registry },
    );
    expect(event.eventType).toBe('deploy_verified');
  });

  it('refuses to register a badly named type', () => {
    expect(() =>
      new EventTypeRegistry().register({
        type: 'Deploy Verified',
        statuses: ['success'],
        evidence: z.looseObject({}),
      }),
    ).toThrow(ValidationError);
  });
});
