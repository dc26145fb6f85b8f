import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationEventInput } from '../src/automation-event';
import type { AutomationHub } from '../src/automation-hub';
import { POSTGRES_REQUIRED, STORE_BACKENDS, storeBackend } from './store-backends';

function check(minutesAgo: number): AutomationEventInput {
  return {
    eventType: 'production_check',
    projectId: 'shop',
    status: 'success',
    evidence: { checks: {}, decision: 'go', confidence: 100 },
    detectedFrom: 'skill',
    createdAt: new Date(Date.now() - minutesAgo * 60_000),
  };
}

describe.each(STORE_BACKENDS)('getEventsStoredAfter [%s]', (name) => {
  const backend = storeBackend(name);
  const skip = backend.unavailable !== undefined && !POSTGRES_REQUIRED;
  let hub: AutomationHub;

  beforeAll(async () => {
    if (!skip) hub = await backend.openFreshStore();
  }, 120_000);
  afterAll(() => backend.cleanup());

  it.skipIf(skip)('follows the store in insertion order, whatever time the events carry', async () => {
    expect(await hub.getLatestEventId()).toBe(0);
    const first = await hub.storeEvent(check(1));
    const start = await hub.getLatestEventId();
    expect(start).toBe(first.id);
    // An event drained from the spool an hour late is stored after `first`, though older.
    const late = await hub.storeEvent(check(60));
    const next = await hub.storeEvent(check(0));
    const followed = await hub.getEventsStoredAfter({ afterId: start });
    expect(followed.map((event) => event.uid)).toEqual([late.uid, next.uid]);
    expect(await hub.getLatestEventId()).toBe(next.id);
    expect((await hub.getEventsStoredAfter({ afterId: next.id, limit: 5 })).length).toBe(0);
  });

  it.skipIf(skip)('looks again for the ids it was asked to retry, and stops at the limit', async () => {
    const stored = [
      await hub.storeEvent(check(3)),
      await hub.storeEvent(check(2)),
      await hub.storeEvent(check(1)),
    ];
    const [a, b, c] = stored.map((event) => event.id) as [number, number, number];
    const again = await hub.getEventsStoredAfter({ afterId: c, retryIds: [a, 999_999] });
    expect(again.map((event) => event.id)).toEqual([a]);
    expect((await hub.getEventsStoredAfter({ afterId: a - 1, limit: 2 })).map((event) => event.id)).toEqual([
      a,
      b,
    ]);
  });

  it.skipIf(skip)('names a bad position', async () => {
    await expect(hub.getEventsStoredAfter({ afterId: -1 })).rejects.toMatchObject({ field: 'afterId' });
    await expect(hub.getEventsStoredAfter({ afterId: 0, limit: 5000 })).rejects.toMatchObject({
      field: 'limit',
    });
  });
});
