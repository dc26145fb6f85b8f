import type { DashboardEvent } from './api';
import { h, headedTable } from './dom';
import { formatTime } from './format';

const FAILED = new Set(['failed', 'no_go']);

/** The one-line gist of an event: what the evidence says, in a few words. */
export function eventGist(event: DashboardEvent): string {
  const evidence = event.evidence;
  const text = (key: string) => (typeof evidence[key] === 'string' ? (evidence[key] as string) : undefined);
  switch (event.eventType) {
    case 'production_check':
      return `decision ${text('decision') ?? '?'}, confidence ${String(evidence.confidence ?? '?')}`;
    case 'n8n_failure_detected':
      return `${text('workflow_name') ?? '?'}: ${text('failure_type') ?? '?'}`;
    case 'n8n_recovery_attempted':
      return `${text('task_id') ?? '?'}: ${event.status === 'success' ? `recovered by ${text('recovery_method') ?? '?'}` : 'not recovered'} in ${String(evidence.recovery_duration_seconds ?? '?')} s`;
    case 'action_item_completed':
    case 'action_item_pending_review':
    case 'no_action_taken':
      return [
        text('tool_name'),
        text('detected_keyword') && `"${text('detected_keyword')}"`,
        text('todo_id') && `item ${text('todo_id')}`,
      ]
        .filter(Boolean)
        .join(' · ');
    case 'action_item_synced':
      return `${text('content') ?? text('todo_id') ?? 'item'}: ${text('old_status') ?? '–'} → ${text('new_status') ?? event.status}`;
    default:
      return text('hook_event_name') ?? '';
  }
}

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `badge status-${FAILED.has(status) ? 'failed' : status}` }, status);
}

/** A table row per event, each linking to its detail page. */
export function eventRow(event: DashboardEvent): HTMLElement {
  return h(
    'tr',
    { 'data-event-id': event.id, class: event.status === 'failed' ? 'failed' : null },
    h('td', { class: 'time' }, formatTime(event.createdAt)),
    h('td', {}, h('a', { href: `#/events/${event.id}` }, event.eventType)),
    h('td', {}, statusBadge(event.status)),
    h('td', {}, event.projectId),
    h(
      'td',
      {},
      event.sessionId
        ? h('a', { href: `#/sessions/${encodeURIComponent(event.sessionId)}` }, event.sessionId.slice(0, 8))
        : '–',
    ),
    h('td', { class: 'gist' }, eventGist(event)),
  );
}

export function eventTable(
  events: DashboardEvent[],
  testId: string,
): { table: HTMLElement; body: HTMLElement } {
  const body = h('tbody', {}, events.map(eventRow));
  const table = headedTable('events', testId, ['time', 'type', 'status', 'project', 'session', 'what'], body);
  return { table, body };
}
