import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tier1/core';
import { openAutomationHubFromConfig } from '@tier1/events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createScratchDatabase, runCliForTest } from '../test-cli';
import { parseInterval } from './n8n';

const API_KEY = 'cli-test-key';

/**
 * n8n cannot run here: a fake n8n (a real HTTP server on 127.0.0.1) with the public API's
 * documented shapes (https://docs.n8n.io/connect/n8n-api/executions), plus the API tier's
 * task endpoint `POST /tasks/<task>` so a recovery has somewhere to go.
 */
async function startFakeN8n() {
  const executions = [
    {
      id: '41',
      status: 'success',
      mode: 'webhook',
      workflowId: 'wf-video',
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      stoppedAt: null,
    },
    {
      id: '42',
      status: 'error',
      mode: 'webhook',
      workflowId: 'wf-video',
      startedAt: new Date(Date.now() - 30_000).toISOString(),
      stoppedAt: new Date(Date.now() - 29_000).toISOString(),
      data: { resultData: { error: { message: 'ffmpeg failed' } } },
    },
  ];
  const taskCalls: string[] = [];
  const server: Server = createServer(async (request, response) => {
    for await (const _ of request);
    const url = new URL(request.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname.startsWith('/tasks/')) {
      taskCalls.push(url.pathname);
      return json(200, { done: true });
    }
    if (request.headers['x-n8n-api-key'] !== API_KEY) return json(401, { message: 'unauthorized' });
    if (url.pathname === '/api/v1/workflows')
      return json(200, {
        data: [{ id: 'wf-video', name: 'video-assembly', active: true }],
        nextCursor: null,
      });
    if (url.pathname === '/api/v1/executions') {
      const status = url.searchParams.get('status');
      const workflowId = url.searchParams.get('workflowId');
      const data = executions
        .filter((e) => (!status || e.status === status) && (!workflowId || e.workflowId === workflowId))
        .reverse();
      return json(200, { data, nextCursor: null });
    }
    const one = /^\/api\/v1\/executions\/(\w+)$/.exec(url.pathname);
    const execution = one ? executions.find((e) => e.id === one[1]) : undefined;
    return execution ? json(200, execution) : json(404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, taskCalls };
}

describe('tier1 n8n', () => {
  let n8n: Awaited<ReturnType<typeof startFakeN8n>>;
  let cwd: string;

  beforeAll(async () => {
    n8n = await startFakeN8n();
  });
  afterAll(() => new Promise((resolve) => n8n.server.close(resolve)));
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'tier1-cli-n8n-'));
    n8n.taskCalls.length = 0;
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  const tier1 = (argv: string[], env: Record<string, string> = {}) =>
    runCliForTest(['n8n', ...argv], { cwd, env: { TIER1_HOME: join(cwd, '.tier1'), ...env } });
  const withN8n = { N8N_URL: '', N8N_API_KEY: API_KEY };
  const mapVideo = () =>
    writeFileSync(
      join(cwd, 'tier1.n8n.json'),
      JSON.stringify({
        apiUrl: n8n.url,
        workflows: { 'video-assembly': 'process_video', 'kb-indexing': 'index_kb' },
      }),
    );

  it('test-detect prints the MonitorResult of an outcome', async () => {
    const json = await tier1([
      'test-detect',
      '--status',
      '504',
      '--body',
      'Gateway Timeout',
      '--duration',
      '12',
      '--json',
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      failureDetected: true,
      failureType: '504_gateway_timeout',
      statusCode: 504,
      durationSeconds: 12,
    });
    const text = await tier1(['test-detect', '--status', '200', '--body', '', '--duration', '1']);
    expect(text.stdout).toMatch(/^FAILED unknown_error .*empty body/);
    const slow = await tier1(['test-detect', '--status', 'none', '--duration', '45']);
    expect(slow.stdout).toMatch(/^FAILED execution_timeout/);
  });

  it('test-detect refuses a bad status with exit 2', async () => {
    const result = await tier1(['test-detect', '--status', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--status "abc" is not an HTTP status');
  });

  it('status shows the mapping and whether n8n knows each workflow, never the API key', async () => {
    mapVideo();
    const result = await tier1(['status', '--json'], { ...withN8n, N8N_URL: n8n.url });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.api).toEqual({ reachable: true, problem: null });
    expect(
      report.workflows.map((row: { workflow: string; inN8n: string }) => [row.workflow, row.inN8n]),
    ).toEqual([
      ['video-assembly', 'active'],
      ['kb-indexing', 'missing'],
    ]);
    expect(result.stdout).not.toContain(API_KEY);
    const empty = await tier1(['status'], {});
    rmSync(join(cwd, 'tier1.n8n.json'));
    expect(empty.stdout).toContain('API:      not checked or unreachable: N8N_URL or N8N_API_KEY is not set');
    expect((await tier1(['status'])).stdout).toContain('No workflows are mapped');
  });

  it('status reports a refused API key as unreachable with the fix', async () => {
    mapVideo();
    const result = await tier1(['status'], { N8N_URL: n8n.url, N8N_API_KEY: 'wrong-key' });
    expect(result.stdout).toContain('n8n refused the API key');
    expect(result.stdout).toContain('N8N_API_KEY');
    expect(result.stdout).not.toContain('wrong-key');
  });

  it('watch --once recovers each failed run once, records both events and keeps the cursor in <home>/n8n-watch.json', async () => {
    mapVideo();
    // The events go to the machine's PostgreSQL, in a database of this test's own.
    const database = createScratchDatabase();
    onTestFinished(database.drop);
    const env = { ...withN8n, N8N_URL: n8n.url, DATABASE_URL: database.url };
    const migrate = await runCliForTest(['db', 'migrate'], {
      cwd,
      env: { TIER1_HOME: join(cwd, '.tier1'), ...env },
    });
    expect(migrate.code).toBe(0);

    const first = await tier1(['watch', '--once'], env);
    expect(first.stdout).toContain('RECOVERED  execution 42 of video-assembly (error) via api_fallback');
    expect(first.stdout).toContain('WARNING  mapped workflow "kb-indexing" is not in n8n');
    expect(first.code).toBe(0);
    expect(n8n.taskCalls).toEqual(['/tasks/process_video']);
    const state = JSON.parse(readFileSync(join(cwd, '.tier1', 'n8n-watch.json'), 'utf8'));
    expect(state.cursor.lastExecutionId).toBe('42');
    expect(state.handled['n8n-exec-42'].outcome).toBe('recovered');

    // Both events are in the store, the recovery correlated with the failure.
    const hub = await openAutomationHubFromConfig(
      loadConfig({
        cwd,
        env: { TIER1_HOME: join(cwd, '.tier1'), DATABASE_URL: env.DATABASE_URL },
        envFile: false,
      }),
    );
    try {
      const { events } = await hub.getEvents({
        eventType: ['n8n_failure_detected', 'n8n_recovery_attempted'],
      });
      const failure = events.find((event) => event.eventType === 'n8n_failure_detected');
      const recovery = events.find((event) => event.eventType === 'n8n_recovery_attempted');
      expect(failure?.evidence).toMatchObject({ workflow_name: 'video-assembly', execution_id: '42' });
      expect(recovery?.correlatedWith).toContain(failure?.uid);
    } finally {
      await hub.close();
    }

    const second = await tier1(['watch', '--once', '--json'], env);
    expect(JSON.parse(second.stdout.trim())).toMatchObject({ seen: 1, handled: [] });
    expect(n8n.taskCalls).toHaveLength(1);
  });

  it('watch without N8N_API_KEY is a configuration error (exit 2)', async () => {
    mapVideo();
    const result = await tier1(['watch', '--once'], { N8N_URL: n8n.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('N8N_API_KEY');
    expect(existsSync(join(cwd, '.tier1', 'n8n-watch.json'))).toBe(false);
  });

  it('rejects unknown subcommands and bad intervals', async () => {
    expect((await tier1(['frobnicate'])).code).toBe(2);
    expect(parseInterval('30s')).toBe(30_000);
    expect(parseInterval('2m')).toBe(120_000);
    expect(parseInterval('45')).toBe(45_000);
    expect(() => parseInterval('200ms')).toThrow(/under 1 s/);
    expect(() => parseInterval('soon')).toThrow(/not a duration/);
  });
});
