import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { type CircuitStore, FileCircuitStore } from './circuit-store';

const directory = mkdtempSync(join(tmpdir(), 'tier1-circuits-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function breakerWithClock(options: { store?: CircuitStore } = {}) {
  const clock = { now: 1_000 };
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    coolDownMs: 500,
    now: () => clock.now,
    ...options,
  });
  return { breaker, clock };
}

async function fail(breaker: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.recordFailure();
}

describe('CircuitBreaker', () => {
  it('stays closed until the threshold of consecutive failures, then opens and refuses calls', async () => {
    const { breaker } = breakerWithClock();
    await fail(breaker, 2);
    expect(breaker.state).toBe('closed');
    expect(await breaker.tryAcquire()).toBe(true);
    await breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(await breaker.tryAcquire()).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 3, openedAt: 1_000 });
  });

  it('a success resets the count of consecutive failures', async () => {
    const { breaker } = breakerWithClock();
    await fail(breaker, 2);
    await breaker.recordSuccess();
    await fail(breaker, 2);
    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one probe through after the cool-down, and closes when it succeeds', async () => {
    const { breaker, clock } = breakerWithClock();
    await fail(breaker, 3);
    clock.now += 499;
    expect(await breaker.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(breaker.state).toBe('half_open');
    expect(await breaker.tryAcquire()).toBe(true);
    expect(await breaker.tryAcquire()).toBe(false);
    await breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(await breaker.tryAcquire()).toBe(true);
  });

  it('opens again for a full cool-down when the probe fails', async () => {
    const { breaker, clock } = breakerWithClock();
    await fail(breaker, 3);
    clock.now += 500;
    expect(await breaker.tryAcquire()).toBe(true);
    await breaker.recordFailure();
    expect(breaker.state).toBe('open');
    clock.now += 499;
    expect(await breaker.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(await breaker.tryAcquire()).toBe(true);
  });

  it('rejects a threshold below one', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
  });
});

describe('CircuitBreaker on a FileCircuitStore (what separate processes of a project share)', () => {
  it('opens for every process when the failures are spread over several of them', async () => {
    const path = join(directory, 'spread.json');
    // Each "process" has its own store object on the same file, as the hook's processes do.
    const processes = [0, 1, 2, 3].map(() => breakerWithClock({ store: new FileCircuitStore(path) }));
    for (const { breaker } of processes.slice(0, 3)) await breaker.recordFailure();
    const fourth = processes[3] as { breaker: CircuitBreaker; clock: { now: number } };
    expect(fourth.breaker.state).toBe('open');
    expect(await fourth.breaker.tryAcquire()).toBe(false);
    // After the cool-down one process gets the probe, the others do not.
    for (const { clock } of processes) clock.now += 500;
    const probes = await Promise.all(processes.map(({ breaker }) => breaker.tryAcquire()));
    expect(probes.filter(Boolean)).toHaveLength(1);
  });

  it('counts concurrent failures of many processes without losing one', async () => {
    const path = join(directory, 'concurrent.json');
    const breakers = Array.from(
      { length: 8 },
      () => new CircuitBreaker({ failureThreshold: 100, store: new FileCircuitStore(path) }),
    );
    await Promise.all(breakers.map((breaker) => breaker.recordFailure()));
    expect(new FileCircuitStore(path).read('default').consecutiveFailures).toBe(8);
  });

  it('reads a damaged or missing file as closed and rewrites it on the next change', async () => {
    const path = join(directory, 'damaged.json');
    writeFileSync(path, '{"version": 1, "circuits": {"default": {"consecutiveFailures": "x"}}');
    const breaker = new CircuitBreaker({ store: new FileCircuitStore(path) });
    expect(breaker.state).toBe('closed');
    await breaker.recordFailure();
    expect(breaker.snapshot().consecutiveFailures).toBe(1);
    expect(new CircuitBreaker({ store: new FileCircuitStore(join(directory, 'none.json')) }).state).toBe(
      'closed',
    );
  });
});
