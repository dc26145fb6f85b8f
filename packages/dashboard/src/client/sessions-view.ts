import type { SessionPage as StoredSessionPage, SessionSummary as StoredSessionSummary } from '@tier1/events';
import { type AsJson, getJson } from './api';
import { h, headedTable, show } from './dom';
import { filterBar } from './filters';
import { formatDuration, formatTime } from './format';
import { followEvents } from './live-stream';

type SessionSummary = AsJson<StoredSessionSummary>;

/** GET /api/sessions: the store's page, and the latest event id the live stream follows from. */
interface SessionPage extends AsJson<StoredSessionPage> {
  position: number;
}

function sessionRow(session: SessionSummary): HTMLElement {
  const ran = Date.parse(session.endedAt) - Date.parse(session.startedAt);
  return h(
    'tr',
    { 'data-session-id': session.sessionId, class: session.failures > 0 ? 'has-failures' : null },
    h('td', {}, h('a', { href: `#/sessions/${encodeURIComponent(session.sessionId)}` }, session.sessionId)),
    h('td', {}, session.projectId),
    h('td', { class: 'time' }, formatTime(session.startedAt)),
    h('td', { class: 'number' }, formatDuration(ran)),
    h('td', { class: 'number' }, session.prompts),
    h('td', { class: 'number' }, session.toolCalls),
    h('td', { class: `number${session.failures > 0 ? ' bad' : ''}` }, session.failures),
    h('td', { class: 'number' }, session.actionItemsMoved),
    h('td', { class: 'number' }, session.events),
  );
}

/** "Older sessions": appends the next page to `body`, and hides itself after the last. */
function olderSessionsButton(
  project: string | undefined,
  firstPage: SessionPage,
  body: HTMLElement,
): HTMLElement {
  const more = h('button', { class: 'more', 'data-testid': 'more' }, 'Older sessions');
  let cursor = firstPage.nextCursor;
  more.hidden = cursor === null;
  more.addEventListener('click', async () => {
    if (cursor === null) return;
    const next = await getJson<SessionPage>('sessions', { project, cursor });
    body.append(...next.sessions.map(sessionRow));
    cursor = next.nextCursor;
    more.hidden = cursor === null;
  });
  return more;
}

/**
 * The first page is read again when a session event arrives: it is one cheap keyset read, and it
 * gets every count right (a summary cannot be patched from one event alone).
 */
function followSessions(
  root: HTMLElement,
  project: string | undefined,
  position: number,
  body: HTMLElement,
): void {
  let pending: number | undefined;
  followEvents(root, { project }, position, (events) => {
    if (!events.some((event) => event.sessionId !== null) || pending !== undefined) return;
    pending = window.setTimeout(async () => {
      pending = undefined;
      const fresh = await getJson<SessionPage>('sessions', { project });
      const shown = new Set(fresh.sessions.map((session) => session.sessionId));
      for (const row of body.querySelectorAll<HTMLElement>('tr[data-session-id]')) {
        if (shown.has(row.dataset.sessionId ?? '')) row.remove();
      }
      body.prepend(...fresh.sessions.map(sessionRow));
      root.querySelector('p.empty')?.remove();
    }, 200);
  });
}

const HEADINGS = [
  'session',
  'project',
  'started',
  'ran',
  'prompts',
  'tool calls',
  'failures',
  'items moved',
  'events',
];

/** #/sessions (the start page): Claude Code sessions, newest first; live: a new event moves its session up. */
export async function sessionsView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const project = params.get('project') ?? undefined;
  const page = await getJson<SessionPage>('sessions', { project });
  const body = h('tbody', {}, page.sessions.map(sessionRow));
  show(
    root,
    h('h1', {}, 'Sessions'),
    filterBar('/sessions', params, ['project']),
    page.sessions.length === 0
      ? h(
          'p',
          { class: 'empty' },
          'No sessions yet. Events recorded by tier1-hook in a Claude Code session appear here as they arrive.',
        )
      : null,
    headedTable('sessions', 'session-table', HEADINGS, body),
    olderSessionsButton(project, page, body),
  );
  followSessions(root, project, page.position, body);
}
