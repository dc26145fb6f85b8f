import { type DashboardEvent, getJson } from './api';
import { h, show } from './dom';
import { eventGist, eventTable, statusBadge } from './event-list';
import { formatTime } from './format';

function field(name: string, value: Node | string | null): HTMLElement[] {
  return [h('dt', {}, name), h('dd', {}, value ?? '–')];
}

/** #/events/<id>: one event, all its fields, and the events correlated with it. */
export async function eventView(root: HTMLElement, id: string): Promise<void> {
  const { event, correlated } = await getJson<{ event: DashboardEvent; correlated: DashboardEvent[] }>(
    `events/${encodeURIComponent(id)}`,
  );
  show(
    root,
    h('h1', {}, `${event.eventType} `, statusBadge(event.status)),
    h('p', { class: 'gist' }, eventGist(event)),
    h(
      'dl',
      { class: 'fields', 'data-testid': 'event-fields' },
      field('id', String(event.id)),
      field('uid', event.uid),
      field(
        'project',
        h('a', { href: `#/events?project=${encodeURIComponent(event.projectId)}` }, event.projectId),
      ),
      field(
        'session',
        event.sessionId &&
          h('a', { href: `#/sessions/${encodeURIComponent(event.sessionId)}` }, event.sessionId),
      ),
      field('detected from', event.detectedFrom),
      field('created', formatTime(event.createdAt)),
      field('resolved', event.resolvedAt && formatTime(event.resolvedAt)),
      field('correlated with', event.correlatedWith.join(', ') || null),
    ),
    h('h2', {}, 'Evidence'),
    h('pre', { class: 'json', 'data-testid': 'evidence' }, JSON.stringify(event.evidence, null, 2)),
    event.metadata && [
      h('h2', {}, 'Metadata'),
      h('pre', { class: 'json' }, JSON.stringify(event.metadata, null, 2)),
    ],
    h('h2', {}, `Correlated events (${correlated.length})`),
    correlated.length === 0
      ? h(
          'p',
          { class: 'empty' },
          'No correlated events: none names this one, it names none, and no other event of its session is within an hour.',
        )
      : eventTable(correlated, 'correlated-table').table,
  );
}
