import type { DashboardEvent } from './api';

let current: EventSource | undefined;

/** The live indicator in the header: connected, reconnecting or off. */
function setIndicator(state: 'live' | 'connecting' | 'off'): void {
  const indicator = document.getElementById('live');
  if (!indicator) return;
  indicator.className = `live ${state === 'live' ? 'on' : state}`;
  indicator.textContent = state === 'live' ? '● live' : state === 'connecting' ? '○ connecting' : '○ off';
}

/**
 * Follows /api/stream for the current view (one stream at a time: a new view closes the last
 * one). `after` is the position the view's data was read at, so nothing stored in between is
 * missed; EventSource reconnects by itself and resumes with Last-Event-ID. Events the view has
 * seen are skipped by id.
 */
export function followEvents(
  view: Element,
  filters: Record<string, string | undefined>,
  after: number,
  onEvents: (events: DashboardEvent[]) => void,
): void {
  // A view whose data arrived after the reader moved on must not take the stream over.
  if (!view.isConnected) return;
  stopFollowing();
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  params.set('after', String(after));
  const seen = new Set<number>();
  const source = new EventSource(`/api/stream?${params}`);
  current = source;
  setIndicator('connecting');
  source.onopen = () => setIndicator('live');
  source.onerror = () => setIndicator(source.readyState === EventSource.CLOSED ? 'off' : 'connecting');
  source.addEventListener('events', (message) => {
    const events = (JSON.parse((message as MessageEvent<string>).data) as DashboardEvent[]).filter(
      (event) => {
        if (seen.has(event.id)) return false;
        seen.add(event.id);
        return true;
      },
    );
    if (events.length > 0) onEvents(events);
  });
}

export function stopFollowing(): void {
  current?.close();
  current = undefined;
  setIndicator('off');
}

/**
 * For views that are sums (production checks, n8n): reads the view again when matching events
 * arrive, at most every 500 ms.
 */
export function reloadOnEvents(
  view: Element,
  filters: Record<string, string | undefined>,
  after: number,
  reload: () => void,
): void {
  let pending = false;
  followEvents(view, filters, after, () => {
    if (pending) return;
    pending = true;
    window.setTimeout(() => {
      pending = false;
      reload();
    }, 500);
  });
}
