import { type DashboardEvent, getJson } from './api';
import { timeChart } from './charts';
import { h, headedTable, show } from './dom';
import { statusBadge } from './event-list';
import { filterBar } from './filters';
import { formatTime } from './format';
import { reloadOnEvents } from './live-stream';

interface ProductionCheck extends DashboardEvent {
  previousId: number | null;
  decisionBefore: string | null;
  confidenceBefore: number | null;
  changes: { check: string; before: boolean | null; after: boolean | null }[];
}

const DECISION_SCORE: Record<string, number> = { no_go: 0, warning: 50, go: 100 };

function result(passed: boolean | null): string {
  return passed === null ? 'absent' : passed ? 'passed' : 'failed';
}

function checkResults(check: ProductionCheck): HTMLElement {
  const checks = (check.evidence.checks ?? {}) as Record<string, { passed?: unknown; details?: unknown }>;
  return h(
    'ul',
    { class: 'check-results' },
    Object.entries(checks).map(([name, outcome]) =>
      h(
        'li',
        { class: outcome.passed === true ? 'passed' : 'failed', title: String(outcome.details ?? '') },
        `${outcome.passed === true ? '✓' : '✗'} ${name}`,
      ),
    ),
  );
}

function changes(check: ProductionCheck): HTMLElement {
  if (check.previousId === null) return h('span', { class: 'muted' }, 'first check of this project');
  const decision = String(check.evidence.decision ?? '?');
  const lines = [
    check.decisionBefore !== decision ? `decision ${check.decisionBefore ?? '?'} → ${decision}` : null,
    ...check.changes.map((change) => `${change.check}: ${result(change.before)} → ${result(change.after)}`),
  ].filter((line): line is string => line !== null);
  return lines.length === 0
    ? h('span', { class: 'muted' }, 'no change')
    : h(
        'ul',
        { class: 'changes' },
        lines.map((line) => h('li', {}, line)),
      );
}

/** Confidence and decision over time, oldest first. */
function checkChart(checks: ProductionCheck[]): HTMLElement {
  const oldestFirst = [...checks].reverse();
  return timeChart(
    'Check history: confidence and decision',
    oldestFirst.map((check) => Date.parse(check.createdAt)),
    [
      {
        label: 'confidence',
        values: oldestFirst.map((check) => Number(check.evidence.confidence ?? 0)),
        color: '#3b6fd4',
        kind: 'line',
        scale: 'percent',
      },
      {
        label: 'decision (go 100, warning 50, no_go 0)',
        values: oldestFirst.map((check) => DECISION_SCORE[String(check.evidence.decision)] ?? null),
        color: '#2a9d5b',
        kind: 'line',
        scale: 'percent',
      },
    ],
    'check-chart',
  );
}

function checkRow(check: ProductionCheck): HTMLElement {
  return h(
    'tr',
    { 'data-event-id': check.id },
    h('td', { class: 'time' }, h('a', { href: `#/events/${check.id}` }, formatTime(check.createdAt))),
    h('td', {}, check.projectId),
    h('td', {}, statusBadge(String(check.evidence.decision ?? check.status))),
    h('td', { class: 'number' }, String(check.evidence.confidence ?? '–')),
    h('td', {}, checkResults(check)),
    h('td', {}, changes(check)),
  );
}

function checkTable(checks: ProductionCheck[]): HTMLElement {
  return headedTable(
    'checks',
    'check-table',
    ['time', 'project', 'decision', 'confidence', 'checks', 'since the last one'],
    h('tbody', {}, checks.map(checkRow)),
  );
}

/** #/checks: production checks over time, per project: decision, each check, what changed since the last. */
export async function checksView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const project = params.get('project') ?? undefined;
  const { checks, position } = await getJson<{
    checks: ProductionCheck[];
    nextCursor: string | null;
    position: number;
  }>('checks', { project, limit: '60' });
  show(
    root,
    h('h1', {}, 'Production checks'),
    filterBar('/checks', params, ['project']),
    checks.length === 0
      ? h('p', { class: 'empty' }, 'No production checks yet: run tier1 check in a project.')
      : checkChart(checks),
    checkTable(checks),
  );
  reloadOnEvents(root, { project, type: 'production_check' }, position, () => void checksView(root, params));
}
