import { ValidationError } from '@tier1/core';

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
 * fails. State lives in this object, so it is per process: each router (and each worker or watch
 * loop holding one) learns on its own that a tier is down.
 */
export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly coolDownMs: number;
  readonly #now: () => number;
  #consecutiveFailures = 0;
  #openedAt: number | null = null;
  #probeInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
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
  }

  get state(): CircuitState {
    if (this.#openedAt === null) return 'closed';
    return this.#now() - this.#openedAt >= this.coolDownMs ? 'half_open' : 'open';
  }

  /**
   * Asks to make a call. False means skip the call now. A true in the half-open state is the one
   * probe: until it is settled with recordSuccess or recordFailure, other callers get false.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#probeInFlight) return false;
    this.#probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.#consecutiveFailures = 0;
    this.#openedAt = null;
    this.#probeInFlight = false;
  }

  recordFailure(): void {
    this.#consecutiveFailures += 1;
    const probeFailed = this.#probeInFlight;
    this.#probeInFlight = false;
    if (probeFailed || this.#consecutiveFailures >= this.failureThreshold) this.#openedAt = this.#now();
  }

  snapshot(): CircuitSnapshot {
    return { state: this.state, consecutiveFailures: this.#consecutiveFailures, openedAt: this.#openedAt };
  }
}
