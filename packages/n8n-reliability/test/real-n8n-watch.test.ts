import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tier1/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ExecutionWatcher, readWatchState, type WatchReport } from '../src/execution-watcher';
import { FailureType } from '../src/failure-type';
import { FallbackRouter } from '../src/fallback-router';
import { type ListExecutionsQuery, N8nApiClient, type N8nExecution } from '../src/n8n-api-client';
import { type N8nReliabilityConfig, parseN8nConfig } from '../src/n8n-config';
import { N8nMonitor } from '../src/n8n-monitor';
import { sleep, startTaskServer, type TaskServer } from './router-fixtures';

/*
 * ExecutionWatcher (what `tier1 n8n watch` runs) polling the real n8n of the globalSetup: failed
 * runs recovered exactly once through the API tier (a loopback task service counting the calls),
 * a run still in progress left alone, n8n's own retries respected, and the requests per poll.
 */

const n8n = inject('realN8n');

/** An API client that counts its requests, to measure what one poll costs. */
class CountingClient extends N8nApiClient {
  requests: string[] = [];
  override listExecutions(query: ListExecutionsQuery = {}) {
    this.requests.push(`list ${query.status ?? 'any'}${query.workflowId ? ` of ${query.workflowId}` : ''}`);
    return super.listExecutions(query);
  }
  override getExecution(id: string, options: { includeData?: boolean } = {}) {
    this.requests.push(`get ${id}${options.includeData ? ' with data' : ''}`);
    return super.getExecution(id, options);
  }
  override listWorkflows() {
    this.requests.push('workflows');
    return super.listWorkflows();
  }
}

const MAPPED = {
  't1-throws': 'render',
  't1-own-timeout': 'render',
  't1-late-failure': 'render',
  't1-flaky': 'render',
  't1-success': 'render',
  't1-forbidden': 'render',
  't1-gateway': 'render',
  't1-slow': 'render',
};

let tasks: TaskServer;
let home: string;
const apiClient = new CountingClient({ baseUrl: n8n.url, apiKey: n8n.apiKey });

function configWith(workflows: Record<string, string>): N8nReliabilityConfig {
  return parseN8nConfig(
    { apiUrl: tasks.url, commandTemplate: `${process.execPath} -e process.exit(3)`, workflows },
    { n8nUrl: n8n.url, n8nApiKey: n8n.apiKey },
  );
}

async function callWebhook(path: string, body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${n8n.url}/webhook/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Waits until n8n lists an execution of the workflow matching `predicate` (a bounded wait). */
async function executionOf(
  workflow: string,
  predicate: (execution: N8nExecution) => boolean,
  status?: 'error' | 'canceled' | 'running' | 'success',
): Promise<N8nExecution> {
  const client = new N8nApiClient({ baseUrl: n8n.url, apiKey: n8n.apiKey });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { data } = await client.listExecutions({
      workflowId: n8n.workflowIds[workflow],
      status,
      limit: 50,
    });
    const found = data.find(predicate);
    if (found) return found;
    await sleep(200);
  }
  throw new Error(`no ${status ?? ''} execution of ${workflow} within 30 s`);
}

function fallbackRunsOf(run: string): number {
  return tasks.requests.filter((request) => (request.body as { run?: string } | null)?.run === run).length;
}

beforeAll(async () => {
  tasks = await startTaskServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"done":"by the fallback"}'),
  );
  home = mkdtempSync(join(tmpdir(), 'tier1-real-watch-'));
});

afterAll(async () => {
  await tasks.close();
  rmSync(home, { recursive: true, force: true });
});

describe('ExecutionWatcher against a real n8n', () => {
  it('recovers each failed run exactly once, never one still running or already retried', async () => {
    const config = configWith(MAPPED);
    const router = FallbackRouter.fromConfig(config);
    const statePath = join(home, 'exactly-once.json');
    const watcher = new ExecutionWatcher({
      apiClient,
      config,
      statePath,
      monitor: new N8nMonitor({ apiClient, config }),
      router,
    });
    try {
      // Runs of other workflows made by earlier tests in this n8n are not this test's: skip them once.
      await watcher.pollOnce();
      const tag = Math.random().toString(36).slice(2, 8);
      const runs = {
        throwsA: `throws-a-${tag}`,
        throwsB: `throws-b-${tag}`,
        timedOut: `timeout-${tag}`,
        late: `late-${tag}`,
        flaky: `flaky-${tag}`,
      };
      expect(await callWebhook('t1-throws', { run: runs.throwsA })).toBe(200);
      expect(await callWebhook('t1-throws', { run: runs.throwsB })).toBe(200);
      expect(await callWebhook('t1-own-timeout', { run: runs.timedOut })).toBe(500);
      expect(await callWebhook('t1-flaky', { run: runs.flaky })).toBe(200);
      expect(await callWebhook('t1-success', { run: `ok-${tag}` })).toBe(200);
      // Answers at once, fails 4 s later: in progress during the first poll.
      expect(await callWebhook('t1-late-failure', { run: runs.late })).toBe(200);
      const late = await executionOf('t1-late-failure', () => true, 'running');
      const flaky = await executionOf('t1-flaky', () => true, 'error');
      await executionOf('t1-own-timeout', () => true, 'canceled');
      await executionOf('t1-throws', () => true, 'error');

      // n8n retries the flaky run itself, after its workflow was fixed: the retry succeeds.
      await fixFlakyWorkflow();
      const retry = await retryExecution(flaky.id);
      expect(retry.status).toBe('success');

      apiClient.requests = [];
      const first = await watcher.pollOnce();
      const firstRequests = apiClient.requests.length;
      const byRun = (report: WatchReport) =>
        Object.fromEntries(
          report.handled.map((handled) => [
            String(handled.monitorResult?.inputParams.run ?? handled.executionId),
            handled,
          ]),
        );
      const handled = byRun(first);
      expect(handled[runs.throwsA]?.outcome).toBe('recovered');
      expect(handled[runs.throwsB]?.outcome).toBe('recovered');
      expect(handled[runs.timedOut]?.monitorResult?.failureType).toBe(FailureType.EXECUTION_TIMEOUT);
      expect(handled[runs.timedOut]?.outcome).toBe('recovered');
      expect(first.handled.find((run) => run.executionId === flaky.id)?.outcome).toBe('skipped');
      expect(first.handled.map((run) => run.executionId)).not.toContain(late.id);

      // The late run fails; n8n retries one of the failed runs, and that retry fails too.
      await executionOf('t1-late-failure', (execution) => execution.id === late.id, 'error');
      const throwsA = handled[runs.throwsA]?.executionId as string;
      const failedRetry = await retryExecution(throwsA);
      expect(failedRetry.status).toBe('error');

      apiClient.requests = [];
      const second = await watcher.pollOnce();
      expect(second.handled.map((run) => [run.executionId, run.outcome])).toEqual([[late.id, 'recovered']]);
      const secondRequests = [...apiClient.requests];
      const third = await watcher.pollOnce();
      expect(third.handled).toEqual([]);

      expect(
        [runs.throwsA, runs.throwsB, runs.timedOut, runs.late, runs.flaky].map((run) => [
          run,
          fallbackRunsOf(run),
        ]),
      ).toEqual([
        [runs.throwsA, 1],
        [runs.throwsB, 1],
        [runs.timedOut, 1],
        [runs.late, 1],
        [runs.flaky, 0],
      ]);
      // One list per watched status across all 8 workflows, the data of the one execution acted on.
      expect(secondRequests).toEqual(['list error', 'list canceled', `get ${late.id} with data`]);
      console.info(
        `requests per poll with ${Object.keys(MAPPED).length} mapped workflows: first ${firstRequests} (${first.handled.length} new), then ${secondRequests.length} (1 new), idle 2`,
      );
      expect(readWatchState(statePath).handled[`n8n-exec-${late.id}`]?.outcome).toBe('recovered');
    } finally {
      await router.close();
    }
  });

  it('makes as many requests per idle poll with one mapped workflow as with eight', async () => {
    const counts: number[] = [];
    for (const workflows of [{ 't1-throws': 'render' }, MAPPED]) {
      const config = configWith(workflows);
      const watcher = new ExecutionWatcher({
        apiClient,
        config,
        statePath: join(home, `idle-${Object.keys(workflows).length}.json`),
        monitor: new N8nMonitor({ apiClient, config }),
      });
      await watcher.pollOnce();
      apiClient.requests = [];
      await watcher.pollOnce();
      counts.push(apiClient.requests.length);
    }
    expect(counts).toEqual([2, 2]);
  });

  it('keeps polling through errors until the signal aborts, and names a corrupt state file', async () => {
    const config = configWith({ 't1-throws': 'render' });
    const statePath = join(home, 'corrupt.json');
    writeFileSync(statePath, '{"version": 7}');
    const watcher = new ExecutionWatcher({
      apiClient,
      config,
      statePath,
      monitor: new N8nMonitor({ apiClient, config }),
    });
    await expect(watcher.pollOnce()).rejects.toBeInstanceOf(ConfigError);
    const controller = new AbortController();
    const errors: unknown[] = [];
    const reports: WatchReport[] = [];
    await watcher.watch({
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
    expect(reports).toHaveLength(1);
  });
});

async function publicApi(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${n8n.url}/api/v1${path}`, {
    ...init,
    headers: { 'X-N8N-API-KEY': n8n.apiKey, 'content-type': 'application/json' },
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Disables the failing node of t1-flaky (a retry needs it to exist), so a retry with the current workflow succeeds. */
async function fixFlakyWorkflow(): Promise<void> {
  const id = n8n.workflowIds['t1-flaky'] as string;
  const workflow = await publicApi(`/workflows/${id}`);
  const nodes = (workflow.nodes as { name: string }[]).map((node) =>
    node.name === 'Fail' ? { ...node, disabled: true } : node,
  );
  await publicApi(`/workflows/${id}`, {
    method: 'PUT',
    body: JSON.stringify({
      name: workflow.name,
      nodes,
      connections: workflow.connections,
      settings: { executionOrder: 'v1' },
    }),
  });
}

/** POST /executions/{id}/retry (with the current workflow), then waits for the retry to finish. */
async function retryExecution(id: string): Promise<N8nExecution> {
  const retry = await publicApi(`/executions/${id}/retry`, {
    method: 'POST',
    body: JSON.stringify({ loadWorkflow: true }),
  });
  const client = new N8nApiClient({ baseUrl: n8n.url, apiKey: n8n.apiKey });
  for (;;) {
    const execution = await client.getExecution(String(retry.id));
    if (execution.status !== 'running' && execution.status !== 'new') return execution;
    await sleep(200);
  }
}
