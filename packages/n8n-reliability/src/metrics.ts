import type { CircuitState } from './circuit-breaker';
import type { AttemptOutcome, FallbackTier } from './execution-result';

const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = { closed: 0, half_open: 1, open: 2 };

/** Escapes a label value as the Prometheus text format 0.0.4 requires: backslash, double quote, newline. */
function labelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function labels(values: Record<string, string>): string {
  const pairs = Object.entries(values).map(([name, value]) => `${name}="${labelValue(value)}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

class LabelledCounter {
  readonly #values = new Map<string, { labels: Record<string, string>; value: number }>();

  increment(labelValues: Record<string, string>): void {
    const key = JSON.stringify(labelValues);
    const entry = this.#values.get(key) ?? { labels: labelValues, value: 0 };
    entry.value += 1;
    this.#values.set(key, entry);
  }

  get(labelValues: Record<string, string>): number {
    return this.#values.get(JSON.stringify(labelValues))?.value ?? 0;
  }

  samples(): { labels: Record<string, string>; value: number }[] {
    return [...this.#values.values()];
  }
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: () => { labels: Record<string, string>; value: number }[];
}

/**
 * The worker's and the router's numbers, served at `/metrics` in the Prometheus text format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/). In-process: each process counts
 * what it did itself.
 */
export class RecoveryMetrics {
  readonly jobsCompleted = new LabelledCounter();
  readonly jobsFailed = new LabelledCounter();
  readonly recoveryAttempts = new LabelledCounter();
  readonly #circuitSources: (() => Partial<Record<FallbackTier, CircuitState>>)[] = [];

  jobCompleted(task: string): void {
    this.jobsCompleted.increment({ task });
  }

  jobFailed(task: string): void {
    this.jobsFailed.increment({ task });
  }

  attemptFinished(tier: FallbackTier, outcome: AttemptOutcome): void {
    this.recoveryAttempts.increment({ tier, outcome });
  }

  /** Adds a source of circuit states (a router's breakers), read at every scrape. */
  observeCircuits(source: () => Partial<Record<FallbackTier, CircuitState>>): void {
    this.#circuitSources.push(source);
  }

  render(): string {
    const families: Family[] = [
      {
        name: 'tier1_worker_jobs_completed_total',
        help: 'Queue jobs this worker finished successfully.',
        type: 'counter',
        samples: () => this.jobsCompleted.samples(),
      },
      {
        name: 'tier1_worker_jobs_failed_total',
        help: 'Queue jobs this worker ran that threw.',
        type: 'counter',
        samples: () => this.jobsFailed.samples(),
      },
      {
        name: 'tier1_recovery_attempts_total',
        help: 'Fallback tier attempts by tier and outcome.',
        type: 'counter',
        samples: () => this.recoveryAttempts.samples(),
      },
      {
        name: 'tier1_circuit_state',
        help: 'Circuit breaker state per fallback tier: 0 closed, 1 half-open, 2 open.',
        type: 'gauge',
        samples: () =>
          this.#circuitSources.flatMap((source, index) =>
            Object.entries(source()).map(([tier, state]) => ({
              labels: { tier, ...(this.#circuitSources.length > 1 ? { router: String(index) } : {}) },
              value: CIRCUIT_STATE_VALUES[state as CircuitState],
            })),
          ),
      },
    ];
    const lines: string[] = [];
    for (const family of families) {
      lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
      for (const sample of family.samples())
        lines.push(`${family.name}${labels(sample.labels)} ${sample.value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
