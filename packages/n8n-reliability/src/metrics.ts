import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitState } from './circuit-breaker';
import type { AttemptOutcome, FallbackTier } from './execution-result';

const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = { closed: 0, half_open: 1, open: 2 };

/** Recovery attempts take from milliseconds (a refused Redis) to minutes (the video preset's command tier). */
const ATTEMPT_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The worker's and the routers' numbers for `/metrics`, through prom-client: its standard
 * process and Node.js metrics (CPU, memory, event loop lag, handles), counters of jobs and
 * attempts, a histogram of attempt durations per tier and outcome, and the circuit state per
 * tier. Each object has its own registry, so several in one process (tests, a service with two
 * workers) never collide.
 */
export class RecoveryMetrics {
  readonly registry = new Registry();
  readonly #jobsCompleted: Counter<'task'>;
  readonly #jobsFailed: Counter<'task'>;
  readonly #attempts: Counter<'tier' | 'outcome'>;
  readonly #attemptSeconds: Histogram<'tier' | 'outcome'>;
  readonly #circuitSources: (() => Partial<Record<FallbackTier, CircuitState>>)[] = [];

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.#jobsCompleted = new Counter({
      name: 'tier1_worker_jobs_completed_total',
      help: 'Queue jobs this worker finished successfully.',
      labelNames: ['task'],
      registers,
    });
    this.#jobsFailed = new Counter({
      name: 'tier1_worker_jobs_failed_total',
      help: 'Queue jobs this worker ran that threw.',
      labelNames: ['task'],
      registers,
    });
    this.#attempts = new Counter({
      name: 'tier1_recovery_attempts_total',
      help: 'Fallback tier attempts by tier and outcome.',
      labelNames: ['tier', 'outcome'],
      registers,
    });
    this.#attemptSeconds = new Histogram({
      name: 'tier1_recovery_attempt_duration_seconds',
      help: 'How long each fallback tier attempt took, by tier and outcome.',
      labelNames: ['tier', 'outcome'],
      buckets: ATTEMPT_SECONDS_BUCKETS,
      registers,
    });
    const sources = this.#circuitSources;
    new Gauge({
      name: 'tier1_circuit_state',
      help: 'Circuit breaker state per fallback tier: 0 closed, 1 half-open, 2 open.',
      labelNames: ['tier', 'router'],
      registers,
      collect() {
        this.reset();
        sources.forEach((source, index) => {
          for (const [tier, state] of Object.entries(source())) {
            const labels = sources.length > 1 ? { tier, router: String(index) } : { tier };
            this.set(labels, CIRCUIT_STATE_VALUES[state as CircuitState]);
          }
        });
      },
    });
  }

  jobCompleted(task: string): void {
    this.#jobsCompleted.inc({ task });
  }

  jobFailed(task: string): void {
    this.#jobsFailed.inc({ task });
  }

  attemptFinished(tier: FallbackTier, outcome: AttemptOutcome, durationSeconds?: number): void {
    this.#attempts.inc({ tier, outcome });
    if (durationSeconds !== undefined) this.#attemptSeconds.observe({ tier, outcome }, durationSeconds);
  }

  /** Adds a source of circuit states (a router's breakers, or the project's shared ones), read at every scrape. */
  observeCircuits(source: () => Partial<Record<FallbackTier, CircuitState>>): void {
    this.#circuitSources.push(source);
  }

  /** The Prometheus text exposition of everything above. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
