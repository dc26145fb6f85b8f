import { type DashboardEvent, getJson } from './api';
import { timeChart } from './charts';
import { h, headedTable, show } from './dom';
import { eventTable } from './event-list';
import { filterBar } from './filters';
import { formatPercent } from './format';
import { reloadOnEvents } from './live-stream';

interface N8nPage {
  hours: number;
  truncated: boolean;
  events: number;
  failures: number;
  recoveries: { attempted: number; recovered: number; rate: number | null };
  failureTypes: { failureType: string; count: number }[];
  recoveredBy: { tier: string; count: number }[];
  recoverySeconds: { median: number; p95: number; max: number } | null;
  workflows: {
    workflow: string;
    failures: number;
    recovered: number;
    unrecovered: number;
    recoveryRate: number | null;
  }[];
  hourly: { hour: string; failures: number; recovered: number; unrecovered: number }[];
  recent: DashboardEvent[];
  position: number;
}

/** A small table of counts and rates; numbers right-aligned. */
function compactTable(testId: string, headings: string[], rows: (string | number)[][]): HTMLElement {
  const cells = (row: (string | number)[]) =>
    row.map((cell) => h('td', { class: typeof cell === 'number' ? 'number' : null }, cell));
  return headedTable(
    'compact',
    testId,
    headings,
    h(
      'tbody',
      {},
      rows.map((row) => h('tr', {}, cells(row))),
    ),
  );
}

function tile(label: string, value: string): HTMLElement {
  return h(
    'div',
    { class: 'tile' },
    h('div', { class: 'value' }, value),
    h('div', { class: 'label' }, label),
  );
}

function summaryTiles(page: N8nPage): HTMLElement {
  return h(
    'div',
    { class: 'tiles', 'data-testid': 'n8n-tiles' },
    tile('failures', String(page.failures)),
    tile('recovery attempts', String(page.recoveries.attempted)),
    tile('recovered', String(page.recoveries.recovered)),
    tile('recovery rate', formatPercent(page.recoveries.rate)),
    tile(
      'recovery time, median / p95',
      page.recoverySeconds ? `${page.recoverySeconds.median} / ${page.recoverySeconds.p95} s` : '–',
    ),
  );
}

function recoveryChart(page: N8nPage): HTMLElement {
  return timeChart(
    'Failures and recovery rate per hour',
    page.hourly.map((hour) => Date.parse(hour.hour)),
    [
      {
        label: 'failures',
        values: page.hourly.map((hour) => hour.failures),
        color: '#d4453b',
        kind: 'bars',
      },
      {
        label: 'recovery rate %',
        values: page.hourly.map((hour) => {
          const attempted = hour.recovered + hour.unrecovered;
          return attempted === 0 ? null : Math.round((100 * hour.recovered) / attempted);
        }),
        color: '#2a9d5b',
        kind: 'line',
        scale: 'percent',
      },
    ],
    'recovery-chart',
  );
}

function titledTable(
  title: string,
  testId: string,
  headings: string[],
  rows: (string | number)[][],
): HTMLElement {
  return h('section', {}, h('h2', {}, title), compactTable(testId, headings, rows));
}

/** Failure types and recovering tiers, side by side. */
function breakdowns(page: N8nPage): HTMLElement {
  return h(
    'div',
    { class: 'columns' },
    titledTable(
      'Failure types',
      'failure-types',
      ['failure type', 'count'],
      page.failureTypes.map((row) => [row.failureType, row.count]),
    ),
    titledTable(
      'Recovered by tier',
      'recovered-by',
      ['tier', 'runs'],
      page.recoveredBy.map((row) => [row.tier, row.count]),
    ),
  );
}

function workflowTable(page: N8nPage): HTMLElement {
  return compactTable(
    'workflows',
    ['workflow', 'failures', 'recovered', 'not recovered', 'recovery rate'],
    page.workflows.map((row) => [
      row.workflow,
      row.failures,
      row.recovered,
      row.unrecovered,
      formatPercent(row.recoveryRate),
    ]),
  );
}

/** #/n8n: n8n failures and recoveries over a window: types, recovering tiers, times, rates per workflow. */
export async function n8nView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const project = params.get('project') ?? undefined;
  const hours = params.get('hours') ?? '24';
  const page = await getJson<N8nPage>('n8n', { project, hours });
  show(
    root,
    h('h1', {}, 'n8n failures and recoveries'),
    filterBar('/n8n', params, ['project', 'hours']),
    page.truncated &&
      h('p', { class: 'warning' }, `Summed up over the newest ${page.events} events of the window only.`),
    summaryTiles(page),
    page.hourly.length > 0 && recoveryChart(page),
    breakdowns(page),
    h('h2', {}, 'Per workflow'),
    workflowTable(page),
    h('h2', {}, 'Latest failures'),
    page.recent.length === 0
      ? h('p', { class: 'empty' }, 'No n8n failures in this window.')
      : eventTable(page.recent, 'recent-failures').table,
  );
  reloadOnEvents(
    root,
    { project, type: 'n8n_failure_detected,n8n_recovery_attempted' },
    page.position,
    () => void n8nView(root, params),
  );
}
