import { h } from './dom';

/** The event types Tier 1 writes (the store accepts others; type one in to filter by it). */
const EVENT_TYPES = [
  'production_check',
  'action_item_completed',
  'action_item_pending_review',
  'action_item_synced',
  'no_action_taken',
  'n8n_failure_detected',
  'n8n_recovery_attempted',
  'session_started',
  'session_stopped',
  'hook_input_rejected',
];
const STATUSES = [
  'success',
  'failed',
  'warning',
  'pending_review',
  'skipped',
  'pending',
  'in_progress',
  'completed',
];
const WINDOWS: [string, string][] = [
  ['', 'any time'],
  ['1h', 'last hour'],
  ['24h', 'last 24 h'],
  ['7d', 'last 7 days'],
  ['30d', 'last 30 days'],
];
const WINDOW_MS: Record<string, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
  '30d': 2_592_000_000,
};

/** The `since` a window name means now, as the API takes it. */
export function sinceOf(window: string | null): string | undefined {
  const milliseconds = window ? WINDOW_MS[window] : undefined;
  return milliseconds === undefined ? undefined : new Date(Date.now() - milliseconds).toISOString();
}

function select(name: string, value: string, options: [string, string][]): HTMLElement {
  return h(
    'select',
    { name, 'aria-label': name },
    options.map(([optionValue, label]) =>
      h('option', { value: optionValue, selected: optionValue === value }, label),
    ),
  );
}

/**
 * The filter bar of a view: the fields in `fields`, kept in the page's address (#/path?…), so a
 * filtered view can be reloaded and shared. Changing a field navigates.
 */
export function filterBar(
  path: string,
  params: URLSearchParams,
  fields: ('project' | 'type' | 'status' | 'time' | 'hours')[],
): HTMLElement {
  const form = h(
    'form',
    { class: 'filters', 'data-testid': 'filters' },
    fields.includes('project') &&
      h('input', {
        name: 'project',
        placeholder: 'project',
        value: params.get('project') ?? '',
        'aria-label': 'project',
      }),
    fields.includes('type') &&
      select('type', params.get('type') ?? '', [
        ['', 'any type'],
        ...EVENT_TYPES.map((type): [string, string] => [type, type]),
      ]),
    fields.includes('status') &&
      select('status', params.get('status') ?? '', [
        ['', 'any status'],
        ...STATUSES.map((status): [string, string] => [status, status]),
      ]),
    fields.includes('time') && select('time', params.get('time') ?? '', WINDOWS),
    fields.includes('hours') &&
      select('hours', params.get('hours') ?? '24', [
        ['1', 'last hour'],
        ['24', 'last 24 h'],
        ['168', 'last 7 days'],
        ['720', 'last 30 days'],
      ]),
    h('button', { type: 'submit' }, 'Apply'),
  ) as HTMLFormElement;
  const apply = (event: Event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form))
      if (typeof value === 'string' && value.trim()) next.set(name, value.trim());
    const query = next.toString();
    location.hash = `#${path}${query ? `?${query}` : ''}`;
  };
  form.addEventListener('submit', apply);
  for (const field of form.querySelectorAll('select')) field.addEventListener('change', apply);
  return form;
}
