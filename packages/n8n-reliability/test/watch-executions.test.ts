import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tier1/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExecutionWatcher, executionInput, readWatchState } from '../src/execution-watcher';
import { FailureType } from '../src/failure-type';
import { FallbackRouter } from '../src/fallback-router';
import { N8nApiClient } from '../src/n8n-api-client';
import { parseN8nConfig } from '../src/n8n-config';
import { N8nMonitor } from '../src/n8n-monitor';
import { FakeN8n } from './detection-fake-n8n';

// n8n cannot run here: its executions API is a fake n8n, a real HTTP server on 127.0.0.1.
describe('ExecutionWatcher polling a fake n8n on 127.0.0.1 for failed runs', () => {
  let n8n: FakeN8n;
  let home: string;
  let apiClient: N8nApiClient;
  const config = parseN8nConfig({
    workflows: {
      'video-assembly': 'process_video',
      'kb-indexing': { task: 'index_kb', workflowId: 'wf-kb' },
      'ghost-flow': 'noop',
    },
  });

  beforeAll(async () => {
    n8n = await FakeN8n.start();
    n8n.addWorkflow({ id: 'wf-video', name: 'video-assembly' });
    n8n.addWorkflow({ id: 'wf-kb', name: 'kb-indexing' });
    n8n.addWorkflow({ id: 'wf-other', name: 'not-mapped' });
    apiClient = new N8nApiClient({ baseUrl: n8n.url, apiKey: n8n.apiKey });
  });
  afterAll(() => n8n.stop());
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tier1-watch-'));
    n8n.executions.length = 0;
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const watcher = (statePath = join(home, 'n8n-watch.json')) =>
    new ExecutionWatcher({ apiClient, config, statePath, monitor: new N8nMonitor({ apiClient, config }) });

  it('finds failed runs of mapped workflows only, detects each once and keeps the cursor in n8n-watch.json', async () => {
    n8n.addExecution({ workflowId: 'wf-video', status: 'success' });
    const failed = n8n.addExecution({
      workflowId: 'wf-video',
      status: 'error',
      errorMessage: 'ffmpeg exited with code 1',
      input: { videoId: 9 },
    });
    const crashed = n8n.addExecution({ workflowId: 'wf-kb', status: 'crashed' });
    n8n.addExecution({ workflowId: 'wf-other', status: 'error' });

    const first = await watcher().pollOnce();
    expect(first.handled.map((run) => [run.executionId, run.workflowName, run.outcome])).toEqual([
      [failed.id, 'video-assembly', 'detected'],
      [crashed.id, 'kb-indexing', 'detected'],
    ]);
    expect(first.handled[0]?.idempotencyKey).toBe(`n8n-exec-${failed.id}`);
    expect(first.handled[0]?.monitorResult).toMatchObject({
      failureDetected: true,
      executionId: failed.id,
      inputParams: { videoId: 9 },
      taskId: `n8n-exec-${failed.id}`,
    });
    expect(first.handled[0]?.monitorResult?.reason).toContain('ffmpeg exited with code 1');
    expect(first.unknownWorkflows).toEqual(['ghost-flow']);
    expect(first.cursor).toEqual({ lastExecutionId: crashed.id, lastStartedAt: crashed.startedAt });

    const state = JSON.parse(readFileSync(join(home, 'n8n-watch.json'), 'utf8'));
    expect(Object.keys(state.handled).sort()).toEqual(
      [`n8n-exec-${crashed.id}`, `n8n-exec-${failed.id}`].sort(),
    );

    // A second process (a new watcher) sees the same runs but handles none again.
    const second = await watcher().pollOnce();
    expect(second.seen).toBe(2);
    expect(second.handled).toEqual([]);

    const later = n8n.addExecution({ workflowId: 'wf-kb', status: 'error' });
    const third = await watcher().pollOnce();
    expect(third.handled.map((run) => run.executionId)).toEqual([later.id]);
  });

  it('tries a failed recovery once: the ledger says not_recovered and the next poll leaves it alone', async () => {
    // Every tier fails for real: the API tier posts to the fake n8n (404 for /tasks/...), the command exits 3.
    const router = FallbackRouter.fromConfig(config, {
      apiUrl: n8n.url,
      commandTemplate: [process.execPath, '-e', 'process.exit(3)'],
    });
    try {
      const failed = n8n.addExecution({ workflowId: 'wf-video', status: 'crashed', input: { videoId: 1 } });
      const statePath = join(home, 'n8n-watch.json');
      const make = () =>
        new ExecutionWatcher({
          apiClient,
          config,
          statePath,
          monitor: new N8nMonitor({ apiClient, config }),
          router,
        });
      const first = await make().pollOnce();
      expect(first.handled).toHaveLength(1);
      expect(first.handled[0]).toMatchObject({ executionId: failed.id, outcome: 'not_recovered' });
      expect(first.handled[0]?.routingResult?.attempts.map((attempt) => attempt.success)).toEqual([
        false,
        false,
      ]);
      expect(readWatchState(statePath).handled[`n8n-exec-${failed.id}`]?.outcome).toBe('not_recovered');
      expect((await make().pollOnce()).handled).toEqual([]);
    } finally {
      await router.close();
    }
  });

  it('recovers runs n8n canceled for timing out, but not runs a person canceled', async () => {
    const timedOut = n8n.addExecution({
      workflowId: 'wf-kb',
      status: 'canceled',
      errorMessage: 'The execution was cancelled because it timed out',
    });
    const byHand = n8n.addExecution({ workflowId: 'wf-kb', status: 'canceled' });
    const report = await watcher().pollOnce();
    const outcome = Object.fromEntries(report.handled.map((run) => [run.executionId, run]));
    expect(outcome[timedOut.id]?.monitorResult?.failureType).toBe(FailureType.EXECUTION_TIMEOUT);
    expect(outcome[timedOut.id]?.outcome).toBe('detected');
    expect(outcome[byHand.id]?.outcome).toBe('skipped');
  });

  it('looks back only so far on the first poll', async () => {
    const old = n8n.addExecution({
      workflowId: 'wf-kb',
      status: 'error',
      startedAt: new Date(Date.now() - 3 * 60 * 60_000).toISOString(),
    });
    const report = await watcher().pollOnce();
    expect(report.handled.map((run) => run.executionId)).not.toContain(old.id);
  });

  it('keeps polling through errors until the signal aborts', async () => {
    const statePath = join(home, 'n8n-watch.json');
    writeFileSync(statePath, 'not json');
    const controller = new AbortController();
    const errors: unknown[] = [];
    const reports: unknown[] = [];
    await watcher(statePath).watch({
      intervalMs: 1_000,
      signal: controller.signal,
      onError: (error) => {
        errors.push(error);
        rmSync(statePath); // the operator fixes it; the next poll works
      },
      onReport: (report) => {
        reports.push(report);
        controller.abort();
      },
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ConfigError);
    expect(reports).toHaveLength(1);
  });

  it('refuses a corrupt state file with a ConfigError naming it', async () => {
    const statePath = join(home, 'n8n-watch.json');
    writeFileSync(statePath, '{"version": 7}');
    await expect(watcher(statePath).pollOnce()).rejects.toBeInstanceOf(ConfigError);
    expect(readWatchState(join(home, 'missing.json')).handled).toEqual({});
  });
});

describe('executionInput', () => {
  it("takes the Webhook trigger's body, or the first item, from n8n's run data", () => {
    const webhook = {
      resultData: {
        runData: { Webhook: [{ data: { main: [[{ json: { headers: {}, body: { a: 1 } } }]] } }] },
      },
    };
    expect(executionInput({ data: webhook })).toEqual({ a: 1 });
    const schedule = {
      resultData: { runData: { Schedule: [{ data: { main: [[{ json: { timestamp: 't' } }]] } }] } },
    };
    expect(executionInput({ data: schedule })).toEqual({ timestamp: 't' });
    expect(executionInput({ data: undefined })).toEqual({});
  });
});
