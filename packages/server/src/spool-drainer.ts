import { mkdirSync, watch } from 'node:fs';
import type { DrainReport, DrainTarget, EventSpool } from '@tier1/events';

export interface SpoolDrainer {
  /** Drains now (the watcher and the poll call this too); resolves when that drain is done. */
  drainNow(): Promise<void>;
  /** Stops watching and drains once more, so nothing sealed before the stop is left behind. */
  stop(): Promise<void>;
}

export interface SpoolDrainerOptions {
  spool: EventSpool;
  target: DrainTarget;
  /** After a drain that stored events (the dashboard's live stream polls at once). */
  onDrained?: (report: DrainReport) => void;
  onError?: (error: unknown) => void;
  /** Fallback poll, for what a watcher misses (network file systems) and segments of writers that died. */
  pollIntervalMs?: number;
}

/**
 * Drains the spool as segments are sealed: a writer's seal is a rename into `<uid>.jsonl`,
 * which the directory watcher reports at once, so an event reaches the store well within a
 * second of the hook that wrote it. Drains never overlap: a seal seen during a drain runs one
 * more after it. The spool's own drain keeps its guarantees (exactly once, torn lines skipped).
 */
export function startSpoolDrainer(options: SpoolDrainerOptions): SpoolDrainer {
  mkdirSync(options.spool.directory, { recursive: true });
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const drainLoop = async (): Promise<void> => {
    do {
      again = false;
      try {
        const report = await options.spool.drain(options.target);
        if (report.stored > 0 || report.rejected > 0) options.onDrained?.(report);
      } catch (error) {
        options.onError?.(error);
      }
    } while (again);
  };
  const drainNow = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = drainLoop().finally(() => {
      running = undefined;
    });
    return running;
  };

  const watcher = watch(options.spool.directory, (_event, name) => {
    if (!stopped && typeof name === 'string' && name.endsWith('.jsonl')) void drainNow();
  });
  watcher.on('error', (error) => options.onError?.(error));
  const poll = setInterval(() => void drainNow(), options.pollIntervalMs ?? 2000);
  poll.unref();
  void drainNow();

  return {
    drainNow,
    async stop() {
      stopped = true;
      watcher.close();
      clearInterval(poll);
      await running;
      await drainNow();
    },
  };
}
