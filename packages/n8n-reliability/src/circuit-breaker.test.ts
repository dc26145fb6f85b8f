import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

function breakerWithClock(options: { failureThreshold?: number; coolDownMs?: number } = {}) {
  const clock = { now: 1_000 };
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    coolDownMs: 500,
    ...options,
    now: () => clock.now,
  });
  return { breaker, clock };
}

describe('CircuitBreaker', () => {
  it('stays closed until the threshold of consecutive failures, then opens and refuses calls', () => {
    const { breaker } = breakerWithClock();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 3, openedAt: 1_000 });
  });

  it('a success resets the count of consecutive failures', () => {
    const { breaker } = breakerWithClock();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one probe through after the cool-down, and closes when it succeeds', () => {
    const { breaker, clock } = breakerWithClock();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.now += 499;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens again for a full cool-down when the probe fails', () => {
    const { breaker, clock } = breakerWithClock();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.now += 500;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    clock.now += 499;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('rejects a threshold below one', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
  });
});
