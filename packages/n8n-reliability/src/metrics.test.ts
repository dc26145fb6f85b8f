import { describe, expect, it } from 'vitest';
import { RecoveryMetrics } from './metrics';

describe('RecoveryMetrics', () => {
  it('renders counters, the attempt-time histogram and circuit gauges in the Prometheus text format', async () => {
    const metrics = new RecoveryMetrics();
    metrics.jobCompleted('process_video');
    metrics.jobCompleted('process_video');
    metrics.jobFailed('index_kb');
    metrics.attemptFinished('queue', 'failed', 0.002);
    metrics.attemptFinished('api', 'succeeded', 0.3);
    metrics.observeCircuits(() => ({ queue: 'open', api: 'closed', command: 'half_open' }));
    const text = await metrics.render();
    expect(text).toContain(
      '# TYPE tier1_worker_jobs_completed_total counter\ntier1_worker_jobs_completed_total{task="process_video"} 2\n',
    );
    expect(text).toContain('tier1_worker_jobs_failed_total{task="index_kb"} 1\n');
    expect(text).toContain('tier1_recovery_attempts_total{tier="queue",outcome="failed"} 1\n');
    expect(text).toContain('tier1_recovery_attempts_total{tier="api",outcome="succeeded"} 1\n');
    expect(text).toContain('# TYPE tier1_recovery_attempt_duration_seconds histogram\n');
    expect(text).toContain(
      'tier1_recovery_attempt_duration_seconds_bucket{le="0.25",tier="api",outcome="succeeded"} 0\n',
    );
    expect(text).toContain(
      'tier1_recovery_attempt_duration_seconds_bucket{le="0.5",tier="api",outcome="succeeded"} 1\n',
    );
    expect(text).toContain(
      'tier1_recovery_attempt_duration_seconds_count{tier="queue",outcome="failed"} 1\n',
    );
    expect(text).toMatch(/tier1_circuit_state\{tier="queue"\} 2\n/);
    expect(text).toMatch(/tier1_circuit_state\{tier="api"\} 0\n/);
    expect(text).toMatch(/tier1_circuit_state\{tier="command"\} 1\n/);
    // prom-client's standard process metrics, which Prometheus users expect.
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('escapes label values', async () => {
    const metrics = new RecoveryMetrics({ processMetrics: false });
    metrics.jobCompleted('a"b\\c\nd');
    expect(await metrics.render()).toContain('{task="a\\"b\\\\c\\nd"} 1');
  });

  it('reads circuit states at each scrape, so it sees the current state', async () => {
    const metrics = new RecoveryMetrics({ processMetrics: false });
    let state: 'closed' | 'open' = 'closed';
    metrics.observeCircuits(() => ({ queue: state }));
    expect(await metrics.render()).toContain('tier1_circuit_state{tier="queue"} 0');
    state = 'open';
    expect(await metrics.render()).toContain('tier1_circuit_state{tier="queue"} 2');
  });
});
