import { describe, expect, it } from 'vitest';
import { RecoveryMetrics } from './metrics';

describe('RecoveryMetrics', () => {
  it('renders counters and circuit gauges in the Prometheus text format', () => {
    const metrics = new RecoveryMetrics();
    metrics.jobCompleted('process_video');
    metrics.jobCompleted('process_video');
    metrics.jobFailed('index_kb');
    metrics.attemptFinished('queue', 'failed');
    metrics.attemptFinished('api', 'succeeded');
    metrics.observeCircuits(() => ({ queue: 'open', api: 'closed', command: 'half_open' }));
    const text = metrics.render();
    expect(text).toContain(
      '# TYPE tier1_worker_jobs_completed_total counter\ntier1_worker_jobs_completed_total{task="process_video"} 2\n',
    );
    expect(text).toContain('tier1_worker_jobs_failed_total{task="index_kb"} 1\n');
    expect(text).toContain('tier1_recovery_attempts_total{tier="queue",outcome="failed"} 1\n');
    expect(text).toContain('tier1_recovery_attempts_total{tier="api",outcome="succeeded"} 1\n');
    expect(text).toContain(
      '# TYPE tier1_circuit_state gauge\ntier1_circuit_state{tier="queue"} 2\ntier1_circuit_state{tier="api"} 0\ntier1_circuit_state{tier="command"} 1\n',
    );
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes label values', () => {
    const metrics = new RecoveryMetrics();
    metrics.jobCompleted('a"b\\c\nd');
    expect(metrics.render()).toContain('{task="a\\"b\\\\c\\nd"} 1');
  });

  it('reads circuit states at each render, so a scrape sees the current state', () => {
    const metrics = new RecoveryMetrics();
    let state: 'closed' | 'open' = 'closed';
    metrics.observeCircuits(() => ({ queue: state }));
    expect(metrics.render()).toContain('tier1_circuit_state{tier="queue"} 0');
    state = 'open';
    expect(metrics.render()).toContain('tier1_circuit_state{tier="queue"} 2');
  });
});
