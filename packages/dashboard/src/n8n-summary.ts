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

/**
 * Sums up n8n_failure_detected and n8n_recovery_attempted events (the architecture's evidence):
 * failure types, the tier that recovered each run, recovery times, and per workflow and per hour
 * the failures and how many of the attempted recoveries succeeded. A recovery names its
 * workflow, or is matched to its failure by task_id.
 */
export function summarizeN8nEvents(events: readonly StoredAutomationEvent[]): N8nSummary {
  const failures = events.filter((event) => event.eventType === 'n8n_failure_detected');
  const recoveries = events.filter((event) => event.eventType === 'n8n_recovery_attempted');
  const workflowOfTask = new Map<string, string>();
  const failureTypes = new Map<string, number>();
  const recoveredBy = new Map<string, number>();
  const workflows = new Map<string, { failures: number; recovered: number; unrecovered: number }>();
  const hours = new Map<string, { failures: number; recovered: number; unrecovered: number }>();
  const workflow = (name: string) => {
    const entry = workflows.get(name) ?? { failures: 0, recovered: 0, unrecovered: 0 };
    workflows.set(name, entry);
    return entry;
  };
  const hour = (event: StoredAutomationEvent) => {
    const key = hourOf(event);
    const entry = hours.get(key) ?? { failures: 0, recovered: 0, unrecovered: 0 };
    hours.set(key, entry);
    return entry;
  };
  for (const failure of failures) {
    const name = text(failure.evidence, 'workflow_name') ?? 'unknown';
    const task = text(failure.evidence, 'task_id');
    if (task !== undefined) workflowOfTask.set(task, name);
    const type = text(failure.evidence, 'failure_type') ?? 'unknown';
    failureTypes.set(type, (failureTypes.get(type) ?? 0) + 1);
    workflow(name).failures += 1;
    hour(failure).failures += 1;
  }
  const durations: number[] = [];
  for (const recovery of recoveries) {
    const task = text(recovery.evidence, 'task_id');
    const name =
      text(recovery.evidence, 'workflow_name') ??
      (task === undefined ? undefined : workflowOfTask.get(task)) ??
      'unknown';
    const recovered = recovery.status === 'success';
    if (recovered) {
      const tier = text(recovery.evidence, 'recovery_method') ?? 'unknown';
      recoveredBy.set(tier, (recoveredBy.get(tier) ?? 0) + 1);
      const seconds = recovery.evidence.recovery_duration_seconds;
      if (typeof seconds === 'number' && Number.isFinite(seconds)) durations.push(seconds);
    }
    workflow(name)[recovered ? 'recovered' : 'unrecovered'] += 1;
    hour(recovery)[recovered ? 'recovered' : 'unrecovered'] += 1;
  }
  durations.sort((a, b) => a - b);
  const recovered = recoveries.filter((event) => event.status === 'success').length;
  return {
    failures: failures.length,
    recoveries: { attempted: recoveries.length, recovered, rate: rate(recovered, recoveries.length) },
    failureTypes: counted(failureTypes).map(([failureType, count]) => ({ failureType, count })),
    recoveredBy: counted(recoveredBy).map(([tier, count]) => ({ tier, count })),
    recoverySeconds:
      durations.length === 0
        ? null
        : { median: quantile(durations, 0.5), p95: quantile(durations, 0.95), max: durations.at(-1) ?? 0 },
    workflows: [...workflows]
      .map(([name, totals]) => ({
        workflow: name,
        ...totals,
        recoveryRate: rate(totals.recovered, totals.recovered + totals.unrecovered),
      }))
      .sort((a, b) => b.failures - a.failures || a.workflow.localeCompare(b.workflow)),
    hourly: [...hours]
      .map(([key, totals]) => ({ hour: key, ...totals }))
      .sort((a, b) => a.hour.localeCompare(b.hour)),
  };
}
