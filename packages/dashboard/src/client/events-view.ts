import { type DashboardEvent, getJson } from './api';
import { timeChart } from './charts';
import { h, show } from './dom';
import { eventRow, eventTable } from './event-list';
import { filterBar, sinceOf } from './filters';
import { followEvents } from './live-stream';

interface EventPage {
  events: DashboardEvent[];
  nextCursor: string | null;
  position: number;
}

/** The API filters of the address's filters. */
export function eventFilters(params: URLSearchParams): Record<string, string | undefined> {
  return {
    project: params.get('project') ?? undefined,
    type: params.get('type') ?? undefined,
    status: params.get('status') ?? undefined,
    session: params.get('session') ?? undefined,
    since: sinceOf(params.get('time')),
  };
}

/** #/events: every event, newest first, filtered, a page at a time, new ones arriving live on top. */
export async function eventsView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const filters = eventFilters(params);
  const page = await getJson<EventPage>('events', filters);
  const { table, body } = eventTable(page.events, 'event-table');
  const more = h('button', { class: 'more', 'data-testid': 'more' }, 'Older events');
  let cursor = page.nextCursor;
  more.hidden = cursor === null;
  more.addEventListener('click', async () => {
    if (cursor === null) return;
    const next = await getJson<EventPage>('events', { ...filters, cursor });
    body.append(...next.events.map(eventRow));
    cursor = next.nextCursor;
    more.hidden = cursor === null;
  });
  const chart = h('div', { class: 'chart-slot' });
  show(
    root,
    h('h1', {}, 'Events'),
    filterBar('/events', params, ['project', 'type', 'status', 'time']),
    chart,
    page.events.length === 0 ? h('p', { class: 'empty' }, 'No events match these filters.') : null,
    table,
    more,
  );
  // The chart sums a day of events: it comes after the list, which it must never hold up.
  hourlyChart(chart, filters.project).catch((error: Error) =>
    show(chart, h('p', { class: 'warning' }, `Events per hour: ${error.message}`)),
  );
  followEvents(root, filters, page.position, (events) => {
    const rows = events.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id).map(eventRow);
    for (const row of rows) row.classList.add('new');
    body.prepend(...rows);
    root.querySelector('p.empty')?.remove();
  });
}

/** Events (and failed ones) per hour over the last 24 h. */
async function hourlyChart(slot: HTMLElement, project: string | undefined): Promise<void> {
  const { counts } = await getJson<{ counts: { hour: string; events: number; failed: number }[] }>('hourly', {
    project,
    hours: '24',
  });
  show(
    slot,
    timeChart(
      'Events per hour, last 24 h',
      counts.map((count) => Date.parse(count.hour)),
      [
        { label: 'events', values: counts.map((count) => count.events), color: '#3b6fd4', kind: 'bars' },
        { label: 'failed', values: counts.map((count) => count.failed), color: '#d4453b', kind: 'bars' },
      ],
      'hourly-chart',
    ),
  );
}
