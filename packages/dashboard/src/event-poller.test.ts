import {
  type AutomationEventInput,
  type AutomationHub,
  openAutomationHub,
  type StoredAutomationEvent,
} from '@tier1/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventPoller } from './event-poller';

function started(sessionId: string): AutomationEventInput {
  return {
    eventType: 'session_started',
    projectId: 'shop',
    status: 'success',
    evidence: { hook_event_name: 'SessionStart' },
    detectedFrom: 'hook',
    sessionId,
  };
}

/** Resolves with the batches a listener got once `count` events have arrived. */
function collect(poller: ReturnType<typeof createEventPoller>, count: number) {
  const batches: StoredAutomationEvent[][] = [];
  let unsubscribe = () => {};
  const done = new Promise<StoredAutomationEvent[][]>((resolve) => {
    unsubscribe = poller.subscribe((events) => {
      batches.push(events);
      if (batches.flat().length >= count) resolve(batches);
    });
  });
  return { done, unsubscribe: () => unsubscribe() };
}

describe('createEventPoller', () => {
  let hub: AutomationHub;
  beforeAll(async () => {
    hub = await openAutomationHub({ dataDir: 'memory://' });
  }, 120_000);
  afterAll(() => hub.close());

  it('delivers what is stored after the first listener came, in order, to every listener', async () => {
    await hub.storeEvent(started('before'));
    const poller = createEventPoller(hub, { intervalMs: 50 });
    const first = collect(poller, 3);
    const second = collect(poller, 3);
    await expect.poll(() => poller.position).toBeGreaterThan(0);
    const stored = [await hub.storeEvent(started('a')), await hub.storeEvent(started('b'))];
    stored.push(await hub.storeEvent(started('c')));
    for (const listener of [first, second]) {
      expect((await listener.done).flat().map((event) => event.sessionId)).toEqual(['a', 'b', 'c']);
      listener.unsubscribe();
    }
    await poller.close();
  });

  it('starts a new poller where its first listener’s read ended, so nothing stored in between is lost', async () => {
    const seen = await hub.getLatestEventId();
    const between = [await hub.storeEvent(started('between-1')), await hub.storeEvent(started('between-2'))];
    const poller = createEventPoller(hub, { intervalMs: 50 });
    const batches: StoredAutomationEvent[][] = [];
    const unsubscribe = poller.subscribe((events) => batches.push(events), seen);
    await expect
      .poll(() => batches.flat().map((event) => event.uid))
      .toEqual(between.map((event) => event.uid));
    unsubscribe();
    await poller.close();
  });

  it('polls at once on notify(), long before its interval', async () => {
    const poller = createEventPoller(hub, { intervalMs: 60_000 });
    const listener = collect(poller, 1);
    await expect.poll(() => poller.position).toBeGreaterThan(0);
    await hub.storeEvent(started('notified'));
    poller.notify();
    const batches = await listener.done;
    expect(batches.flat().map((event) => event.sessionId)).toEqual(['notified']);
    listener.unsubscribe();
    await poller.close();
  });

  it('stops polling when the last listener leaves and reports a failed poll', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const failing = {
      getLatestEventId: async () => {
        calls += 1;
        throw new Error('store gone');
      },
      getEventsStoredAfter: async () => [],
    };
    const poller = createEventPoller(failing, { intervalMs: 20, onError: (error) => errors.push(error) });
    const unsubscribe = poller.subscribe(() => {});
    await expect.poll(() => errors.length).toBeGreaterThan(1);
    unsubscribe();
    const after = calls;
    await new Promise((settled) => setTimeout(settled, 100));
    expect(calls - after).toBeLessThanOrEqual(1);
    expect((errors[0] as Error).message).toBe('store gone');
    await poller.close();
  });
});
