import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeN8n } from '../test/detection-fake-n8n';
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

describe('N8nMonitor confirming with a fake n8n executions API on 127.0.0.1 (n8n itself cannot run here)', () => {
  let n8n: FakeN8n;
  let monitor: N8nMonitor;

  beforeAll(async () => {
    n8n = await FakeN8n.start();
    n8n.addWorkflow({ id: 'wf-video', name: 'video-assembly' });
    n8n.addWorkflow({ id: 'wf-kb', name: 'kb-indexing' });
    n8n.addWorkflow({ id: 'wf-draft', name: 'draft-generator' });
    n8n.addWorkflow({ id: 'wf-idea', name: 'content-idea-capture' });
    monitor = new N8nMonitor({
      apiClient: new N8nApiClient({ baseUrl: n8n.url, apiKey: n8n.apiKey, timeoutMs: 2_000 }),
    });
  });
  afterAll(() => n8n.stop());

  // The fake records executions at the real time: a task registered now owns the next one.
  const registerBeforeNextRun = (taskId: string, workflowName: string) =>
    monitor.registerTask(taskId, workflowName);

  it('a 200 with an empty body whose execution errored is a failure, with n8n’s error', async () => {
    const monitorId = registerBeforeNextRun('kb-1', 'kb-indexing');
    const execution = n8n.addExecution({
      workflowId: 'wf-kb',
      status: 'error',
      errorMessage: 'Cannot read properties of undefined',
    });
    const result = await monitor.reportResult(monitorId, {
      statusCode: 200,
      response: '',
      durationSeconds: 2,
    });
    expect(result).toMatchObject({
      failureDetected: true,
      failureType: FailureType.UNKNOWN_ERROR,
      executionId: execution.id,
      executionStatus: 'error',
    });
    expect(result.reason).toContain('Cannot read properties of undefined');
  });

  it('a 200 whose execution errored is a failure even when the body looked fine', async () => {
    const monitorId = registerBeforeNextRun('draft-1', 'draft-generator');
    n8n.addExecution({ workflowId: 'wf-draft', status: 'crashed' });
    const result = await monitor.reportResult(monitorId, {
      statusCode: 200,
      response: '{"queued": true}',
      durationSeconds: 1,
    });
    expect(result.failureType).toBe(FailureType.UNKNOWN_ERROR);
    expect(result.reason).toMatch(/status crashed, although HTTP 200 looked successful/);
  });

  it('a 504 whose execution succeeded is not a failure: the proxy cut the response, the job ran', async () => {
    const monitorId = registerBeforeNextRun('video-1', 'video-assembly');
    n8n.addExecution({ workflowId: 'wf-video', status: 'success' });
    const result = await monitor.reportResult(monitorId, {
      statusCode: 504,
      response: 'Gateway Timeout',
      durationSeconds: 15.2,
    });
    expect(result).toMatchObject({
      failureDetected: false,
      failureType: FailureType.NO_FAILURE,
      executionStatus: 'success',
    });
    expect(result.reason).toContain('the job ran');
  });

  it('a run n8n canceled for timing out is an execution_timeout', async () => {
    const monitorId = registerBeforeNextRun('video-2', 'video-assembly');
    n8n.addExecution({
      workflowId: 'wf-video',
      status: 'canceled',
      errorMessage: 'The execution was cancelled because it timed out',
    });
    const result = await monitor.reportResult(monitorId, {
      statusCode: 200,
      response: '{"ok":true}',
      durationSeconds: 3,
    });
    expect(result.failureType).toBe(FailureType.EXECUTION_TIMEOUT);
  });

  it('keeps the failure but says so when the execution is still running', async () => {
    const monitorId = registerBeforeNextRun('video-3', 'video-assembly');
    n8n.addExecution({ workflowId: 'wf-video', status: 'running' });
    const result = await monitor.reportResult(monitorId, {
      statusCode: 524,
      response: '',
      durationSeconds: 10,
    });
    expect(result).toMatchObject({
      failureDetected: true,
      failureType: FailureType.GATEWAY_TIMEOUT,
      executionStatus: 'running',
    });
    expect(result.reason).toContain('still running');
  });

  it('looks the execution up by id when the caller knows it', async () => {
    const execution = n8n.addExecution({ workflowId: 'wf-kb', status: 'success' });
    n8n.addExecution({ workflowId: 'wf-kb', status: 'error' });
    const monitorId = monitor.registerTask('kb-2', 'kb-indexing');
    const result = await monitor.reportResult(monitorId, {
      statusCode: null,
      response: 'error?',
      durationSeconds: 1,
      executionId: execution.id,
    });
    expect(result).toMatchObject({ failureDetected: false, executionId: execution.id });
    expect(n8n.apiRequests().at(-1)?.path).toBe(`/api/v1/executions/${execution.id}`);
  });

  it('keeps the HTTP detection when n8n has no execution (a webhook that is not registered)', async () => {
    const monitorId = monitor.registerTask('idea-1', 'content-idea-capture');
    const result = await monitor.reportResult(monitorId, {
      statusCode: 404,
      response: '{"code":404,"message":"The requested webhook \\"POST idea\\" is not registered."}',
      durationSeconds: 0.1,
    });
    expect(result.failureType).toBe(FailureType.WEBHOOK_FAILURE);
    expect(result.reason).toContain('not confirmed: n8n has no execution of this run');
  });

  it('keeps the HTTP detection and names the problem when the API key is refused', async () => {
    const refused = new N8nMonitor({ apiClient: new N8nApiClient({ baseUrl: n8n.url, apiKey: 'wrong' }) });
    const result = await refused.reportResult(refused.registerTask('x', 'kb-indexing'), {
      statusCode: 403,
      response: 'Forbidden',
      durationSeconds: 1,
    });
    expect(result.failureType).toBe(FailureType.AUTH_FAILURE);
    expect(result.reason).toContain('n8n refused the API key');
  });
});
