import { describe, expect, inject, it } from 'vitest';
import { FailureType } from './failure-type';
import { N8nApiClient } from './n8n-api-client';
import { parseN8nConfig } from './n8n-config';
import { N8nMonitor, UnknownMonitorError } from './n8n-monitor';

describe('N8nMonitor without the executions API', () => {
  it('detects a 504 and keeps the task, the input and the reason', async () => {
    const monitor = new N8nMonitor();
    const monitorId = monitor.registerTask('video-assembly', 'video-assembly', { videoId: 42 });
    const result = await monitor.reportResult(monitorId, {
      statusCode: 504,
      response: 'Service Unavailable: Gateway Timeout',
      durationSeconds: 15.2,
    });
    expect(result).toMatchObject({
      failureDetected: true,
      failureType: FailureType.GATEWAY_TIMEOUT,
      monitorId,
      taskId: 'video-assembly',
      workflowName: 'video-assembly',
      inputParams: { videoId: 42 },
      statusCode: 504,
      durationSeconds: 15.2,
      executionId: null,
      eventId: null,
    });
    expect(result.reason).toContain('HTTP 504');
  });

  it('reports success, measuring the duration itself when none is given', async () => {
    const monitor = new N8nMonitor({ executionTimeoutSeconds: 5 });
    const monitorId = monitor.registerTask('t1', 'kb-indexing', {}, { startedAt: Date.now() - 6_000 });
    const slow = await monitor.reportResult(monitorId, { statusCode: 200, response: '{"indexed": 3}' });
    expect(slow.failureType).toBe(FailureType.EXECUTION_TIMEOUT);
    expect(slow.durationSeconds).toBeGreaterThanOrEqual(6);
    const fast = await monitor.reportResult(monitor.registerTask('t2', 'kb-indexing'), {
      statusCode: 200,
      response: '{"indexed": 3}',
      durationSeconds: 0.4,
    });
    expect(fast).toMatchObject({ failureDetected: false, failureType: FailureType.NO_FAILURE });
  });

  it('uses the workflow settings of the configuration (answers empty on purpose)', async () => {
    const config = parseN8nConfig({
      workflows: { 'content-idea-capture': { task: 'capture_idea', allowEmptyResponse: true } },
    });
    const monitor = new N8nMonitor({ config });
    const quiet = await monitor.reportResult(monitor.registerTask('c', 'content-idea-capture'), {
      statusCode: 200,
      response: '',
      durationSeconds: 1,
    });
    expect(quiet.failureDetected).toBe(false);
    const other = await monitor.reportResult(monitor.registerTask('d', 'draft-generator'), {
      statusCode: 200,
      response: '',
      durationSeconds: 1,
    });
    expect(other.failureType).toBe(FailureType.UNKNOWN_ERROR);
  });

  it('throws N8N_UNKNOWN_MONITOR naming an unknown or already reported id', async () => {
    const monitor = new N8nMonitor();
    await expect(monitor.reportResult('no-such-id', { statusCode: 200, response: 'ok' })).rejects.toThrow(
      /"no-such-id"/,
    );
    const monitorId = monitor.registerTask('t', 'w');
    await monitor.reportResult(monitorId, { statusCode: 200, response: 'ok', durationSeconds: 1 });
    const again = await monitor
      .reportResult(monitorId, { statusCode: 200, response: 'ok' })
      .catch((error: unknown) => error);
    expect(again).toBeInstanceOf(UnknownMonitorError);
    expect((again as UnknownMonitorError).code).toBe('N8N_UNKNOWN_MONITOR');
  });
});

// The other confirmations (a workflow's own 403/504, an error after an empty 200, a proxy's 524
// while n8n went on, a canceled run, one still running) are in test/real-n8n-execute.test.ts.
describe('N8nMonitor confirming with the real n8n of the test run', () => {
  const n8n = inject('realN8n');
  const monitor = new N8nMonitor({ apiClient: new N8nApiClient({ baseUrl: n8n.url, apiKey: n8n.apiKey }) });

  it('looks the execution up by id when the caller knows it, and its status wins', async () => {
    const answer = await fetch(`${n8n.url}/webhook/t1-success`, { method: 'POST' });
    expect(answer.status).toBe(200);
    const { data } = await new N8nApiClient({ baseUrl: n8n.url, apiKey: n8n.apiKey }).listExecutions({
      workflowId: n8n.workflowIds['t1-success'],
      limit: 1,
    });
    const executionId = data[0]?.id as string;
    const result = await monitor.reportResult(monitor.registerTask('ok-1', 't1-success'), {
      statusCode: null,
      response: 'error?',
      durationSeconds: 1,
      executionId,
    });
    expect(result).toMatchObject({ failureDetected: false, executionId, executionStatus: 'success' });
  });

  it('keeps the HTTP detection, without waiting, when n8n answered that no webhook is registered', async () => {
    const answer = await fetch(`${n8n.url}/webhook/t1-nowhere`, { method: 'POST' });
    // A wait longer than the test's timeout: the test only passes if the monitor looks once.
    const patient = new N8nMonitor({
      apiClient: new N8nApiClient({ baseUrl: n8n.url, apiKey: n8n.apiKey }),
      confirmWaitMs: 600_000,
    });
    const result = await patient.reportResult(patient.registerTask('missing-1', 't1-success'), {
      statusCode: answer.status,
      response: await answer.text(),
      durationSeconds: 0.1,
    });
    expect(result.failureType).toBe(FailureType.WEBHOOK_FAILURE);
    expect(result.reason).toContain('not confirmed: n8n has no execution of this run');
  });

  it('keeps the HTTP detection and names the problem when the API key is refused', async () => {
    const refused = new N8nMonitor({ apiClient: new N8nApiClient({ baseUrl: n8n.url, apiKey: 'wrong' }) });
    const result = await refused.reportResult(refused.registerTask('x', 't1-success'), {
      statusCode: 403,
      response: 'Forbidden',
      durationSeconds: 1,
    });
    expect(result.failureType).toBe(FailureType.AUTH_FAILURE);
    expect(result.reason).toContain('n8n refused the API key');
  });
});
