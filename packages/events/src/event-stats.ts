/** The deployment guide's "Pattern Analysis" components, by event type prefix. */
export const EVENT_COMPONENTS = [
  { component: 'Action Items', prefix: 'action_item' },
  { component: 'Production Checks', prefix: 'production' },
  { component: 'n8n Reliability', prefix: 'n8n' },
] as const;

export type EventComponent = (typeof EVENT_COMPONENTS)[number]['component'] | 'Other';

export interface EventStats {
  since: Date;
  projectId: string | null;
  total: number;
  /** Most frequent first, as the guide's "Event type distribution". */
  byType: { eventType: string; count: number; successes: number; failures: number }[];
  byStatus: { status: string; count: number }[];
  /** successRate is a percentage with two decimals, as the guide's "Success rate by component". */
  byComponent: { component: EventComponent; total: number; successes: number; successRate: number }[];
}

/** One row of `count(*) … group by event_type, status`. */
export interface EventCount {
  eventType: string;
  status: string;
  count: number;
}

export function componentOf(eventType: string): EventComponent {
  return EVENT_COMPONENTS.find(({ prefix }) => eventType.startsWith(prefix))?.component ?? 'Other';
}

function tally<Key extends string>(counts: readonly EventCount[], keyOf: (count: EventCount) => Key) {
  const totals = new Map<Key, { count: number; successes: number; failures: number }>();
  for (const count of counts) {
    const total = totals.get(keyOf(count)) ?? { count: 0, successes: 0, failures: 0 };
    total.count += count.count;
    if (count.status === 'success') total.successes += count.count;
    if (count.status === 'failed') total.failures += count.count;
    totals.set(keyOf(count), total);
  }
  return [...totals].sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
}

/** Folds the per-(type, status) counts into the stats the CLI and dashboards show. */
export function summarizeEventCounts(
  counts: readonly EventCount[],
  since: Date,
  projectId: string | null,
): EventStats {
  return {
    since,
    projectId,
    total: counts.reduce((sum, count) => sum + count.count, 0),
    byType: tally(counts, (count) => count.eventType).map(([eventType, total]) => ({ eventType, ...total })),
    byStatus: tally(counts, (count) => count.status).map(([status, { count }]) => ({ status, count })),
    byComponent: tally(counts, (count) => componentOf(count.eventType)).map(([component, total]) => ({
      component,
      total: total.count,
      successes: total.successes,
      successRate: Math.round((10_000 * total.successes) / total.count) / 100,
    })),
  };
}
