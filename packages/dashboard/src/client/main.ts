import './styles.css';
import { ApiError } from './api';
import { checksView } from './checks-view';
import { h, show } from './dom';
import { eventView } from './event-view';
import { eventsView } from './events-view';
import { stopFollowing } from './live-stream';
import { n8nView } from './n8n-view';
import { sessionView } from './session-view';
import { sessionsView } from './sessions-view';

type View = (root: HTMLElement, params: URLSearchParams, id: string) => Promise<void>;

/** #/<section>[/<id>][?filters] → the view that renders it. */
const VIEWS: Record<string, [View, View?]> = {
  sessions: [(root, params) => sessionsView(root, params), (root, _params, id) => sessionView(root, id)],
  events: [(root, params) => eventsView(root, params), (root, _params, id) => eventView(root, id)],
  checks: [(root, params) => checksView(root, params)],
  n8n: [(root, params) => n8nView(root, params)],
};

const SECTIONS: [string, string][] = [
  ['sessions', 'Sessions'],
  ['events', 'Events'],
  ['checks', 'Production checks'],
  ['n8n', 'n8n'],
];

function header(section: string): HTMLElement {
  return h(
    'header',
    {},
    h('a', { class: 'brand', href: '#/sessions' }, 'Tier 1'),
    h(
      'nav',
      {},
      SECTIONS.map(([name, label]) =>
        h('a', { href: `#/${name}`, class: name === section ? 'active' : null }, label),
      ),
    ),
    h('span', { id: 'live', class: 'live off' }, '○ off'),
  );
}

/** Reads the address and renders its view into a fresh <main>, so a late answer lands nowhere. */
async function render(): Promise<void> {
  const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?');
  const [section = 'sessions', ...rest] = path.split('/').filter(Boolean);
  const id = decodeURIComponent(rest.join('/'));
  const [list, detail] = VIEWS[section] ?? (VIEWS.sessions as [View, View?]);
  const app = document.getElementById('app') as HTMLElement;
  const main = h('main', { 'data-view': `${section}${id ? '-detail' : ''}` });
  stopFollowing();
  show(app, header(section in VIEWS ? section : 'sessions'), main);
  try {
    await (id && detail ? detail : list)(main, new URLSearchParams(query), id);
  } catch (error) {
    show(
      main,
      h(
        'div',
        { class: 'error', 'data-testid': 'error' },
        h('strong', {}, error instanceof Error ? error.message : String(error)),
        error instanceof ApiError && error.hint ? h('p', {}, `Fix: ${error.hint}`) : null,
      ),
    );
  }
}

window.addEventListener('hashchange', () => void render());
void render();
