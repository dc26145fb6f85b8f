import { type DashboardEvent, getJson } from './api';
import { h, show } from './dom';
import { eventGist, statusBadge } from './event-list';
import { formatTime } from './format';
import { followEvents } from './live-stream';

interface TimelinePage {
  sessionId: string;
  events: DashboardEvent[];
  nextCursor: string | null;
  position: number;
}

const ACTION_ITEM_TYPES = new Set([
  'action_item_completed',
  'action_item_pending_review',
  'action_item_synced',
]);

function promptOf(event: DashboardEvent): string | null {
  const value = event.metadata?.prompt_id ?? event.evidence.prompt_id;
  return typeof value === 'string' && value !== '' ? value : null;
}

function isFailedToolCall(event: DashboardEvent): boolean {
  return event.status === 'failed' || event.metadata?.hook_type === 'PostToolUseFailure';
}

/** The evidence that moved an action item: keyword, confidence, the output it was read in, the status change. */
function actionItemEvidence(event: DashboardEvent): HTMLElement {
  const evidence = event.evidence;
  const text = (key: string) =>
    evidence[key] === null || evidence[key] === undefined ? null : String(evidence[key]);
  return h(
    'div',
    { class: 'evidence', 'data-testid': 'action-item-evidence' },
    h('span', {}, `item ${text('todo_id') ?? '?'}${text('content') ? ` “${text('content')}”` : ''}: `),
    h('strong', {}, `${text('old_status') ?? '–'} → ${text('new_status') ?? event.status}`),
    text('detected_keyword') &&
      h(
        'span',
        {},
        ` · keyword “${text('detected_keyword')}” (${text('keyword_category') ?? '?'}, confidence ${text('confidence') ?? '?'})`,
      ),
    text('context_snippet') && h('blockquote', {}, text('context_snippet')),
  );
}

function timelineItem(event: DashboardEvent): HTMLElement {
  const failed = isFailedToolCall(event);
  const reason = typeof event.metadata?.reason === 'string' ? event.metadata.reason : null;
  return h(
    'li',
    {
      'data-event-id': event.id,
      class:
        [failed ? 'failed' : '', ACTION_ITEM_TYPES.has(event.eventType) ? 'action-item' : '']
          .join(' ')
          .trim() || null,
    },
    h('span', { class: 'time' }, formatTime(event.createdAt)),
    h('a', { href: `#/events/${event.id}` }, event.eventType),
    statusBadge(event.status),
    h('span', { class: 'gist' }, eventGist(event)),
    failed &&
      h(
        'div',
        { class: 'failure', 'data-testid': 'failed-tool-call' },
        `failed ${String(event.metadata?.hook_type ?? '')}${reason ? `: ${reason}` : ''}`,
      ),
    ACTION_ITEM_TYPES.has(event.eventType) && actionItemEvidence(event),
  );
}

/** Appends events to the timeline, opening a new prompt group whenever the prompt changes. */
function appendToTimeline(timeline: HTMLElement, events: DashboardEvent[]): void {
  for (const event of events) {
    const prompt = promptOf(event);
    const last = timeline.lastElementChild as HTMLElement | null;
    let list: HTMLElement | null =
      last && last.dataset.prompt === (prompt ?? '') ? last.querySelector('ol') : null;
    if (!list) {
      list = h('ol', {});
      timeline.append(
        h(
          'section',
          { class: 'prompt', 'data-prompt': prompt ?? '', 'data-testid': 'prompt-group' },
          h('h3', {}, prompt ? `Prompt ${prompt}` : 'Outside a prompt'),
          list,
        ),
      );
    }
    list?.append(timelineItem(event));
  }
}

/** #/sessions/<id>: the session's events in order, grouped by prompt, followed live. */
export async function sessionView(root: HTMLElement, sessionId: string): Promise<void> {
  const page = await getJson<TimelinePage>(`sessions/${encodeURIComponent(sessionId)}/events`);
  const timeline = h('div', { class: 'timeline', 'data-testid': 'timeline' });
  appendToTimeline(timeline, page.events);
  const earlier = h('button', { class: 'more', 'data-testid': 'earlier' }, 'Earlier events');
  let cursor = page.nextCursor;
  earlier.hidden = cursor === null;
  earlier.addEventListener('click', async () => {
    if (cursor === null) return;
    const previous = await getJson<TimelinePage>(`sessions/${encodeURIComponent(sessionId)}/events`, {
      cursor,
    });
    const before = h('div', {});
    appendToTimeline(before, previous.events);
    timeline.prepend(...before.children);
    cursor = previous.nextCursor;
    earlier.hidden = cursor === null;
  });
  const first = page.events[0];
  show(
    root,
    h('h1', {}, 'Session ', h('code', {}, sessionId)),
    first &&
      h(
        'p',
        {},
        `Project ${first.projectId}. `,
        h('a', { href: `#/events?session=${encodeURIComponent(sessionId)}` }, 'As a table'),
      ),
    page.events.length === 0
      ? h('p', { class: 'empty' }, 'No events of this session yet; they appear here as they are stored.')
      : null,
    earlier,
    timeline,
  );
  followEvents(root, { session: sessionId }, page.position, (events) => {
    root.querySelector('p.empty')?.remove();
    appendToTimeline(
      timeline,
      events.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id),
    );
  });
}
