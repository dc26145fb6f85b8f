import { ValidationError } from '@tier1/core';
import { type CircuitRecord, type CircuitStore, MemoryCircuitStore } from './circuit-store';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 3. */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before it lets one probe through. Default 30 s. */
  coolDownMs?: number;
  /** The clock; tests pass their own. */
  now?: () => number;
}

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** When the circuit last opened (ms since the epoch), or null. */
  openedAt: number | null;
}

/**
 * Closed → open after `failureThreshold` consecutive failures → half-open once `coolDownMs` has
 * passed, letting exactly one probe through → closed when the probe succeeds, open again when it
 * fails. The state lives in a CircuitStore under `key`: in memory by default, or in a file every
 * Tier 1 process of the project shares (FileCircuitStore). A probe whose process died is given
 * up after another cool-down, so the circuit cannot stay half-open for good.
 */
export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly coolDownMs: number;
  readonly key: string;
  readonly #now: () => number;
  readonly #store: CircuitStore;

  constructor(options: CircuitBreakerOptions & { store?: CircuitStore; key?: string } = {}) {
    this.failureThreshold = options.failureThreshold ?? 3;
    this.coolDownMs = options.coolDownMs ?? 30_000;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) {
      throw new ValidationError(
        'circuitBreaker.failureThreshold',
        `must be a whole number >= 1, got ${this.failureThreshold}`,
        'give the consecutive failures that open the circuit, e.g. failureThreshold: 3',
      );
    }
    if (!(this.coolDownMs >= 0)) {
      throw new ValidationError(
        'circuitBreaker.coolDownMs',
        `must be >= 0, got ${this.coolDownMs}`,
        'give how long an open circuit refuses calls, in ms, e.g. coolDownMs: 30000',
      );
    }
    this.#now = options.now ?? Date.now;
    this.#store = options.store ?? new MemoryCircuitStore();
    this.key = options.key ?? 'default';
  }

  #stateOf(record: CircuitRecord): CircuitState {
    if (record.openedAt === null) return 'closed';
    return this.#now() - record.openedAt >= this.coolDownMs ? 'half_open' : 'open';
  }

  #probeInFlight(record: CircuitRecord): boolean {
    return record.probeSince !== null && this.#now() - record.probeSince < this.coolDownMs;
  }

  get state(): CircuitState {
    return this.#stateOf(this.#store.read(this.key));
  }

  /**
   * Asks to make a call. False means skip the call now. A true in the half-open state is the one
   * probe: until it is settled with recordSuccess or recordFailure, other callers get false.
   */
  async tryAcquire(): Promise<boolean> {
    const seen = this.#stateOf(this.#store.read(this.key));
    if (seen !== 'half_open') return seen === 'closed';
    let acquired = false;
    await this.#store.update(this.key, (record) => {
      acquired =
        this.#stateOf(record) === 'closed' ||
        (this.#stateOf(record) === 'half_open' && !this.#probeInFlight(record));
      return acquired && record.openedAt !== null ? { ...record, probeSince: this.#now() } : record;
    });
    return acquired;
  }

  async recordSuccess(): Promise<void> {
    const record = this.#store.read(this.key);
    if (record.consecutiveFailures === 0 && record.openedAt === null && record.probeSince === null) return;
    await this.#store.update(this.key, () => ({ consecutiveFailures: 0, openedAt: null, probeSince: null }));
  }

  async recordFailure(): Promise<void> {
    await this.#store.update(this.key, (record) => {
      const consecutiveFailures = record.consecutiveFailures + 1;
      const probeFailed = record.probeSince !== null;
      const opens = probeFailed || consecutiveFailures >= this.failureThreshold;
      return { consecutiveFailures, openedAt: opens ? this.#now() : record.openedAt, probeSince: null };
    });
  }

  snapshot(): CircuitSnapshot {
    const record = this.#store.read(this.key);
    return {
      state: this.#stateOf(record),
      consecutiveFailures: record.consecutiveFailures,
      openedAt: record.openedAt,
    };
  }
}
