import { type AutomationHub, MAX_FOLLOW_EVENTS, type StoredAutomationEvent } from '@tier1/events';

/** Live views see a stored event within this long, or at once after notify(). */
export const POLL_INTERVAL_MS = 250;
/** How long an id below the position that has not appeared (a transaction still open) is looked for. */
const GAP_RETRY_MS = 5000;
const MAX_GAPS = 1000;

export type EventListener = (events: StoredAutomationEvent[]) => void;

export interface EventPoller {
  /**
   * Calls `listener` with each batch of newly stored events, oldest first; returns the
   * unsubscribe. `from`: the row id the listener has seen up to. A poller that is not running
   * yet starts there (when it is within MAX_FOLLOW_EVENTS of the store's end), so nothing stored
   * between the listener's read and the poller's start is lost.
   */
  subscribe(listener: EventListener, from?: number): () => void;
  /** Polls now (the server calls this after it stores events). */
  notify(): void;
  /** The last row id delivered: where a reconnecting stream resumes. */
  readonly position: number;
  close(): Promise<void>;
}

/**
 * One poller per dashboard, shared by every open live stream: it polls only while someone
 * listens, at most every POLL_INTERVAL_MS, with a keyset position (the highest row id seen) so a
 * poll reads only what is new. Ids are taken at insert but become visible at commit, so an id
 * skipped below the position is looked for again for GAP_RETRY_MS before it is given up (most
 * gaps are ids an ON CONFLICT DO NOTHING or a rollback used up, and never appear).
 */
export function createEventPoller(
  hub: Pick<AutomationHub, 'getEventsStoredAfter' | 'getLatestEventId'>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): EventPoller {
  const intervalMs = options.intervalMs ?? POLL_INTERVAL_MS;
  const listeners = new Set<EventListener>();
  const gaps = new Map<number, number>();
  let position: number | undefined;
  let startFrom: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const noteGaps = (from: number, events: StoredAutomationEvent[], now: number) => {
    let expected = from + 1;
    for (const event of events) {
      gaps.delete(event.id);
      if (event.id <= from) continue;
      for (let id = expected; id < event.id && gaps.size < MAX_GAPS; id += 1)
        gaps.set(id, now + GAP_RETRY_MS);
      expected = event.id + 1;
    }
    for (const [id, until] of gaps) if (until < now) gaps.delete(id);
  };

  const pollOnce = async () => {
    if (position === undefined) {
      const latest = await hub.getLatestEventId();
      position = startFrom !== undefined && latest - startFrom <= MAX_FOLLOW_EVENTS ? startFrom : latest;
      startFrom = undefined;
      if (position === latest) return;
    }
    for (;;) {
      const from: number = position;
      const events = await hub.getEventsStoredAfter({ afterId: from, retryIds: [...gaps.keys()] });
      noteGaps(from, events, Date.now());
      position = Math.max(from, ...events.map((event) => event.id));
      if (events.length > 0) for (const listener of listeners) listener(events);
      if (position === from || events.length < MAX_FOLLOW_EVENTS) return;
    }
  };

  const schedule = () => {
    if (closed || listeners.size === 0 || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void poll();
    }, intervalMs);
  };

  const poll = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pollOnce();
        } while (again && !closed);
      } catch (error) {
        options.onError?.(error);
      } finally {
        running = undefined;
        schedule();
      }
    })();
    return running;
  };

  return {
    subscribe(listener, from) {
      listeners.add(listener);
      if (position === undefined && from !== undefined) startFrom = Math.min(startFrom ?? from, from);
      if (listeners.size === 1) void poll();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearTimeout(timer);
          timer = undefined;
          // The next listener starts from the store's end, not from where this one left off.
          position = undefined;
          gaps.clear();
        }
      };
    },
    notify() {
      if (closed || listeners.size === 0) return;
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      void poll();
    },
    get position() {
      return position ?? 0;
    },
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      listeners.clear();
      await running;
    },
  };
}
