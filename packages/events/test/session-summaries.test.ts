import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationEventInput } from '../src/automation-event';
import type { AutomationHub } from '../src/automation-hub';
import { SESSION_SCAN_ROWS } from '../src/session-summaries';
import { POSTGRES_REQUIRED, STORE_BACKENDS, storeBackend } from './store-backends';

const T0 = Date.UTC(2026, 0, 20, 9);
const MINUTE = 60_000;

/** A hook event of a session at minute `minute` after T0. */
function hookEvent(
  projectId: string,
  sessionId: string,
  minute: number,
  overrides: Partial<AutomationEventInput> = {},
): AutomationEventInput {
  return {
    eventType: 'no_action_taken',
    projectId,
    status: 'skipped',
    evidence: { tool_name: 'bash' },
    detectedFrom: 'hook',
    sessionId,
    createdAt: new Date(T0 + minute * MINUTE),
    ...overrides,
  };
}

describe.each(STORE_BACKENDS)('getSessions [%s]', (name) => {
  const backend = storeBackend(name);
  const skip = backend.unavailable !== undefined && !POSTGRES_REQUIRED;
  let hub: AutomationHub;
  const project = `project-${randomBytes(4).toString('hex')}`;
  const other = `other-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    if (skip) return;
    hub = await backend.openFreshStore();
    await hub.storeEvents([
      hookEvent(project, 'session-a', 0, {
        eventType: 'session_started',
        status: 'success',
        evidence: { hook_event_name: 'SessionStart' },
      }),
      hookEvent(project, 'session-a', 1, { metadata: { tool_use_id: 'toolu_1', prompt_id: 'p1' } }),
      hookEvent(project, 'session-a', 2, {
        eventType: 'action_item_completed',
        status: 'success',
        metadata: { tool_use_id: 'toolu_2', prompt_id: 'p1' },
      }),
      hookEvent(project, 'session-a', 3, {
        metadata: { tool_use_id: 'toolu_3', prompt_id: 'p2', hook_type: 'PostToolUseFailure' },
      }),
      hookEvent(project, 'session-b', 4, { metadata: { tool_use_id: 'toolu_4' } }),
      hookEvent(other, 'session-c', 5, {
        eventType: 'hook_input_rejected',
        status: 'failed',
        evidence: { hook_event_name: 'PostToolUse' },
      }),
      // Session a's latest event comes after b's and c's: it is the newest session.
      hookEvent(project, 'session-a', 6, {
        eventType: 'action_item_synced',
        status: 'completed',
        evidence: { hook_event_name: 'PostToolUse' },
        metadata: { prompt_id: 'p2' },
      }),
      // No session: never listed.
      { ...hookEvent(project, 'x', 7), sessionId: null },
    ]);
  }, 120_000);
  afterAll(() => backend.cleanup());

  it.skipIf(skip)('lists sessions by their latest event, newest first, each summed up', async () => {
    const { sessions, nextCursor } = await hub.getSessions();
    expect(nextCursor).toBeNull();
    expect(sessions.map((session) => session.sessionId)).toEqual(['session-a', 'session-c', 'session-b']);
    expect(sessions[0]).toEqual({
      sessionId: 'session-a',
      projectId: project,
      events: 5,
      prompts: 2,
      toolCalls: 3,
      failures: 1,
      actionItemsMoved: 2,
      startedAt: new Date(T0),
      endedAt: new Date(T0 + 6 * MINUTE),
    });
    expect(sessions[1]).toMatchObject({ sessionId: 'session-c', events: 1, failures: 1, toolCalls: 0 });
  });

  it.skipIf(skip)('filters by project', async () => {
    const { sessions } = await hub.getSessions({ projectId: other });
    expect(sessions.map((session) => session.sessionId)).toEqual(['session-c']);
  });

  it.skipIf(skip)('pages with a cursor, each session once', async () => {
    const first = await hub.getSessions({ limit: 2 });
    expect(first.sessions.map((session) => session.sessionId)).toEqual(['session-a', 'session-c']);
    expect(first.nextCursor).not.toBeNull();
    const second = await hub.getSessions({ limit: 2, cursor: first.nextCursor as string });
    expect(second.sessions.map((session) => session.sessionId)).toEqual(['session-b']);
    expect(second.nextCursor).toBeNull();
  });

  it.skipIf(skip)(
    'reads a bounded slice when one session is longer than a page reads',
    async () => {
      const store = await backend.openFreshStore();
      const projectId = `long-${randomBytes(4).toString('hex')}`;
      await store.storeEvent(hookEvent(projectId, 'older', -1));
      await store.storeEvents(
        Array.from({ length: SESSION_SCAN_ROWS + 5 }, (_, index) =>
          hookEvent(projectId, 'long', index / 100),
        ),
      );
      const first = await store.getSessions();
      expect(first.sessions.map((session) => session.sessionId)).toEqual(['long']);
      expect(first.sessions[0]?.events).toBe(SESSION_SCAN_ROWS + 5);
      // The slice ended inside session "long": the next page goes on from there, without it.
      const seen = [...first.sessions];
      let cursor = first.nextCursor;
      while (cursor !== null) {
        const page = await store.getSessions({ cursor });
        seen.push(...page.sessions);
        cursor = page.nextCursor;
      }
      expect(seen.map((session) => session.sessionId)).toEqual(['long', 'older']);
    },
    120_000,
  );

  it.skipIf(skip)('names a bad page size or cursor', async () => {
    await expect(hub.getSessions({ limit: 0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'limit',
    });
    await expect(hub.getSessions({ cursor: 'nope' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'cursor',
    });
  });
});
