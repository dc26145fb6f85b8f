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
  hub: PolledStore,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): EventPoller {
  return new KeysetPoller(hub, options.intervalMs ?? POLL_INTERVAL_MS, options.onError);
}

type PolledStore = Pick<AutomationHub, 'getEventsStoredAfter' | 'getLatestEventId'>;

class KeysetPoller implements EventPoller {
  readonly #listeners = new Set<EventListener>();
  /** Ids skipped below the position, each with the time it stops being looked for. */
  readonly #gaps = new Map<number, number>();
  #position: number | undefined;
  #startFrom: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  readonly #hub: PolledStore;
  readonly #intervalMs: number;
  readonly #onError: ((error: unknown) => void) | undefined;

  constructor(hub: PolledStore, intervalMs: number, onError: ((error: unknown) => void) | undefined) {
    this.#hub = hub;
    this.#intervalMs = intervalMs;
    this.#onError = onError;
  }

  subscribe(listener: EventListener, from?: number): () => void {
    this.#listeners.add(listener);
    if (this.#position === undefined && from !== undefined)
      this.#startFrom = Math.min(this.#startFrom ?? from, from);
    if (this.#listeners.size === 1) void this.#poll();
    return () => this.#unsubscribe(listener);
  }

  notify(): void {
    if (this.#closed || this.#listeners.size === 0) return;
    this.#stopTimer();
    void this.#poll();
  }

  get position(): number {
    return this.#position ?? 0;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopTimer();
    this.#listeners.clear();
    await this.#running;
  }

  #unsubscribe(listener: EventListener): void {
    this.#listeners.delete(listener);
    if (this.#listeners.size === 0 && this.#timer !== undefined) {
      this.#stopTimer();
      // The next listener starts from the store's end, not from where this one left off.
      this.#position = undefined;
      this.#gaps.clear();
    }
  }

  #stopTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#closed || this.#listeners.size === 0 || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#poll();
    }, this.#intervalMs);
  }

  /** One poll at a time: a poll asked for while one runs makes that one go round again. */
  #poll(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pollWhileAsked();
    return this.#running;
  }

  async #pollWhileAsked(): Promise<void> {
    try {
      do {
        this.#again = false;
        await this.#pollOnce();
      } while (this.#again && !this.#closed);
    } catch (error) {
      this.#onError?.(error);
    } finally {
      this.#running = undefined;
      this.#schedule();
    }
  }

  async #pollOnce(): Promise<void> {
    if (this.#position === undefined) {
      const latest = await this.#hub.getLatestEventId();
      const startFrom = this.#startFrom;
      this.#position =
        startFrom !== undefined && latest - startFrom <= MAX_FOLLOW_EVENTS ? startFrom : latest;
      this.#startFrom = undefined;
      if (this.#position === latest) return;
    }
    for (;;) {
      const from: number = this.#position;
      const events = await this.#hub.getEventsStoredAfter({
        afterId: from,
        retryIds: [...this.#gaps.keys()],
      });
      this.#noteGaps(from, events, Date.now());
      this.#position = Math.max(from, ...events.map((event) => event.id));
      if (events.length > 0) for (const listener of this.#listeners) listener(events);
      if (this.#position === from || events.length < MAX_FOLLOW_EVENTS) return;
    }
  }

  #noteGaps(from: number, events: StoredAutomationEvent[], now: number): void {
    let expected = from + 1;
    for (const event of events) {
      this.#gaps.delete(event.id);
      if (event.id <= from) continue;
      for (let id = expected; id < event.id && this.#gaps.size < MAX_GAPS; id += 1)
        this.#gaps.set(id, now + GAP_RETRY_MS);
      expected = event.id + 1;
    }
    for (const [id, until] of this.#gaps) if (until < now) this.#gaps.delete(id);
  }
}
