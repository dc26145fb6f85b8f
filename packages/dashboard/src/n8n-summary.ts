import type { JsonObject, StoredAutomationEvent } from '@tier1/events';

export interface WorkflowReliability {
  workflow: string;
  failures: number;
  recovered: number;
  unrecovered: number;
  /** Recovered / recovery attempts, a percentage with one decimal; null when nothing was attempted. */
  recoveryRate: number | null;
}

export interface N8nHour {
  hour: string;
  failures: number;
  recovered: number;
  unrecovered: number;
}

export interface N8nSummary {
  failures: number;
  recoveries: { attempted: number; recovered: number; rate: number | null };
  failureTypes: { failureType: string; count: number }[];
  /** Which fallback tier (recovery_method) recovered how many runs. */
  recoveredBy: { tier: string; count: number }[];
  /** Seconds from the start of recovery to its end, over the recovered runs. */
  recoverySeconds: { median: number; p95: number; max: number } | null;
  workflows: WorkflowReliability[];
  hourly: N8nHour[];
}

const text = (evidence: JsonObject, key: string): string | undefined => {
  const value = evidence[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);

function counted(counts: Map<string, number>): [string, number][] {
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

function quantile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

function hourOf(event: StoredAutomationEvent): string {
  return `${event.createdAt.toISOString().slice(0, 13)}:00:00Z`;
}

type Totals = Omit<N8nHour, 'hour'>;

/** What the events add up to, before it is sorted into a summary. */
interface Tally {
  workflowOfTask: Map<string, string>;
  failureTypes: Map<string, number>;
  recoveredBy: Map<string, number>;
  workflows: Map<string, Totals>;
  hours: Map<string, Totals>;
  /** Recovery times of the recovered runs, in seconds. */
  durations: number[];
}

function totalsOf(totals: Map<string, Totals>, key: string): Totals {
  const entry = totals.get(key) ?? { failures: 0, recovered: 0, unrecovered: 0 };
  totals.set(key, entry);
  return entry;
}

function countOne(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function tallyFailure(tally: Tally, failure: StoredAutomationEvent): void {
  const name = text(failure.evidence, 'workflow_name') ?? 'unknown';
  const task = text(failure.evidence, 'task_id');
  if (task !== undefined) tally.workflowOfTask.set(task, name);
  countOne(tally.failureTypes, text(failure.evidence, 'failure_type') ?? 'unknown');
  totalsOf(tally.workflows, name).failures += 1;
  totalsOf(tally.hours, hourOf(failure)).failures += 1;
}

/** After every failure, so that a recovery without workflow_name finds its failure's by task_id. */
function tallyRecovery(tally: Tally, recovery: StoredAutomationEvent): void {
  const task = text(recovery.evidence, 'task_id');
  const name =
    text(recovery.evidence, 'workflow_name') ??
    (task === undefined ? undefined : tally.workflowOfTask.get(task)) ??
    'unknown';
  const recovered = recovery.status === 'success';
  if (recovered) {
    countOne(tally.recoveredBy, text(recovery.evidence, 'recovery_method') ?? 'unknown');
    const seconds = recovery.evidence.recovery_duration_seconds;
    if (typeof seconds === 'number' && Number.isFinite(seconds)) tally.durations.push(seconds);
  }
  totalsOf(tally.workflows, name)[recovered ? 'recovered' : 'unrecovered'] += 1;
  totalsOf(tally.hours, hourOf(recovery))[recovered ? 'recovered' : 'unrecovered'] += 1;
}

function recoveryTimes(durations: number[]): N8nSummary['recoverySeconds'] {
  if (durations.length === 0) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? 0 };
}

function workflowRows(workflows: Map<string, Totals>): WorkflowReliability[] {
  return [...workflows]
    .map(([name, totals]) => ({
      workflow: name,
      ...totals,
      recoveryRate: rate(totals.recovered, totals.recovered + totals.unrecovered),
    }))
    .sort((a, b) => b.failures - a.failures || a.workflow.localeCompare(b.workflow));
}

/**
 * Sums up n8n_failure_detected and n8n_recovery_attempted events (the architecture's evidence):
 * failure types, the tier that recovered each run, recovery times, and per workflow and per hour
 * the failures and how many of the attempted recoveries succeeded. A recovery names its
 * workflow, or is matched to its failure by task_id.
 */
export function summarizeN8nEvents(events: readonly StoredAutomationEvent[]): N8nSummary {
  const failures = events.filter((event) => event.eventType === 'n8n_failure_detected');
  const recoveries = events.filter((event) => event.eventType === 'n8n_recovery_attempted');
  const tally: Tally = {
    workflowOfTask: new Map(),
    failureTypes: new Map(),
    recoveredBy: new Map(),
    workflows: new Map(),
    hours: new Map(),
    durations: [],
  };
  for (const failure of failures) tallyFailure(tally, failure);
  for (const recovery of recoveries) tallyRecovery(tally, recovery);
  const recovered = recoveries.filter((event) => event.status === 'success').length;
  return {
    failures: failures.length,
    recoveries: { attempted: recoveries.length, recovered, rate: rate(recovered, recoveries.length) },
    failureTypes: counted(tally.failureTypes).map(([failureType, count]) => ({ failureType, count })),
    recoveredBy: counted(tally.recoveredBy).map(([tier, count]) => ({ tier, count })),
    recoverySeconds: recoveryTimes(tally.durations),
    workflows: workflowRows(tally.workflows),
    hourly: [...tally.hours]
      .map(([hour, totals]) => ({ hour, ...totals }))
      .sort((a, b) => a.hour.localeCompare(b.hour)),
  };
}
