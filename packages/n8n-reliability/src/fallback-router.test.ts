import { Tier1Error } from '@tier1/core';
import { afterEach, describe, expect, it } from 'vitest';
import { failedRun, sleep, startTaskServer, TASK_MAPPING, type TaskServer } from '../test/router-fixtures';
import { FallbackRouter, type FallbackRouterOptions } from './fallback-router';
import { parseN8nConfig, UnmappedWorkflowError } from './n8n-config';

const node = process.execPath;
// A real command standing in for the task runner: prints what it was given.
const echoCommand = [
  node,
  '-e',
  'process.stdout.write(JSON.stringify({task: process.argv[1], key: process.env.TIER1_IDEMPOTENCY_KEY, params: JSON.parse(process.env.TIER1_TASK_PARAMS)}))',
  '{task}',
];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(status: number | 'hang', body = '{"done":true}'): Promise<TaskServer> {
  const started = await startTaskServer((_request, response) => {
    if (status !== 'hang') response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  cleanups.push(started.close);
  return started;
}

function router(options: FallbackRouterOptions): FallbackRouter {
  const created = new FallbackRouter({ taskMapping: TASK_MAPPING, ...options });
  cleanups.push(() => created.close());
  return created;
}

describe('FallbackRouter', () => {
  it('maps the workflow to its task and recovers through the API tier with the derived key', async () => {
    const api = await server(200);
    const result = await router({ apiUrl: api.url, commandTemplate: echoCommand }).routeToFallback(
      failedRun({ executionId: '812' }),
    );
    expect(result).toMatchObject({
      routed: true,
      taskName: 'process_video',
      idempotencyKey: 'process_video.exec-812',
      reason: 'recovered through api_fallback on attempt 2',
      eventId: null,
    });
    expect(result.attempts).toHaveLength(1);
    expect(result.executionResult).toMatchObject({
      success: true,
      tier: 'api',
      attemptNumber: 2,
      outcome: 'succeeded',
      resultSummary: '{"done":true}',
      output: { done: true },
    });
    expect(api.requests).toEqual([
      { path: '/tasks/process_video', key: '"process_video.exec-812"', body: { video: 'intro.mp4' } },
    ]);
  });

  it('falls through to the command tier with the same key when the API tier fails', async () => {
    const api = await server(503);
    const result = await router({ apiUrl: api.url, commandTemplate: echoCommand }).routeToFallback(
      failedRun({ executionId: '9' }),
    );
    expect(result.routed).toBe(true);
    expect(result.attempts.map((attempt) => [attempt.tier, attempt.outcome])).toEqual([
      ['api', 'failed'],
      ['command', 'succeeded'],
    ]);
    expect(result.executionResult?.output).toEqual({
      task: 'process_video',
      key: 'process_video.exec-9',
      params: { video: 'intro.mp4' },
    });
  });

  it('stops when the API answers 409: the task is running there and must not run twice', async () => {
    const api = await server(409, '');
    const result = await router({ apiUrl: api.url, commandTemplate: echoCommand }).routeToFallback(
      failedRun(),
    );
    expect(result.routed).toBe(false);
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['still_running']);
    expect(result.reason).toMatch(/still running on the api tier/);
  });

  it('skips a tier at once while its circuit is open, and records the skip as an attempt', async () => {
    const api = await server(500);
    const shared = router({
      apiUrl: api.url,
      commandTemplate: echoCommand,
      circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 },
    });
    await shared.routeToFallback(failedRun());
    await shared.routeToFallback(failedRun());
    expect(shared.circuitStates()).toEqual({ api: 'open', command: 'closed' });
    const third = await shared.routeToFallback(failedRun());
    expect(third.routed).toBe(true);
    expect(third.attempts[0]).toMatchObject({
      tier: 'api',
      outcome: 'skipped',
      success: false,
      executionTimeSeconds: 0,
    });
    expect(third.attempts[0]?.errorMessage).toMatch(/circuit open after 2 consecutive failures/);
    expect(api.requests).toHaveLength(2);
  });

  it('lets one probe through after the cool-down and closes the circuit when it succeeds', async () => {
    let failuresLeft = 2;
    const api = await startTaskServer((_request, response) => {
      failuresLeft -= 1;
      response.writeHead(failuresLeft >= 0 ? 500 : 200).end('{}');
    });
    cleanups.push(api.close);
    const shared = router({
      apiUrl: api.url,
      commandTemplate: null,
      circuitBreaker: { failureThreshold: 2, coolDownMs: 100 },
    });
    await shared.routeToFallback(failedRun());
    await shared.routeToFallback(failedRun());
    expect(shared.circuitStates().api).toBe('open');
    await sleep(150);
    expect(shared.circuitStates().api).toBe('half_open');
    const probe = await shared.routeToFallback(failedRun());
    expect(probe.routed).toBe(true);
    expect(shared.circuitStates().api).toBe('closed');
  });

  it('caps each tier by the overall deadline and skips the tiers after it', async () => {
    const api = await server('hang');
    const result = await router({
      apiUrl: api.url,
      commandTemplate: echoCommand,
      deadlineMs: 300,
    }).routeToFallback(failedRun());
    expect(result.routed).toBe(false);
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['indeterminate', 'skipped']);
    // Capped by what was left of the 300 ms deadline, not the API tier's own 5 s.
    const cappedMs = Number(result.attempts[0]?.errorMessage?.match(/no answer within (\d+) ms/)?.[1]);
    expect(cappedMs).toBeGreaterThan(0);
    expect(cappedMs).toBeLessThanOrEqual(300);
    expect(result.attempts[1]?.errorMessage).toMatch(/deadline has passed/);
  });

  it('throws UnmappedWorkflowError naming the workflow and how to map it', async () => {
    const promise = router({ apiUrl: null, commandTemplate: echoCommand }).routeToFallback(
      failedRun({ workflowName: 'nightly-report' }),
    );
    await expect(promise).rejects.toBeInstanceOf(UnmappedWorkflowError);
    await expect(promise).rejects.toMatchObject({
      message: expect.stringMatching(/"nightly-report"/),
      hint: expect.stringMatching(/"nightly-report": \{"task"/),
    });
  });

  it('does nothing for a run that did not fail', async () => {
    const result = await router({ apiUrl: null, commandTemplate: echoCommand }).routeToFallback(
      failedRun({ failureDetected: false, failureType: 'success' }),
    );
    expect(result).toMatchObject({
      routed: false,
      taskName: null,
      attempts: [],
      reason: expect.stringMatching(/did not fail/),
    });
  });

  it('uses the caller’s key and params, and rejects a key no tier can carry', async () => {
    const shared = router({ apiUrl: null, commandTemplate: echoCommand });
    const result = await shared.routeToFallback(failedRun(), {
      idempotencyKey: 'order-42',
      params: { override: true },
    });
    expect(result.executionResult?.output).toEqual({
      task: 'process_video',
      key: 'order-42',
      params: { override: true },
    });
    const bad = await shared
      .routeToFallback(failedRun(), { idempotencyKey: 'a:b' })
      .catch((error: unknown) => error);
    expect(Tier1Error.isInstance(bad) && bad.code).toBe('INVALID_INPUT');
  });

  it('reads the mapping, API URL and command template from the layer’s configuration', async () => {
    const api = await server(500);
    const config = parseN8nConfig({
      apiUrl: api.url,
      commandTemplate: `${node} -e process.stdout.write(process.argv[1]) {task}`,
      workflows: { 'nightly-report': { task: 'build_report', preset: 'quick' } },
    });
    const fromConfig = FallbackRouter.fromConfig(config);
    cleanups.push(() => fromConfig.close());
    expect(fromConfig.taskFor('video-assembly')).toBeUndefined();
    const result = await fromConfig.routeToFallback(failedRun({ workflowName: 'nightly-report' }));
    expect(result).toMatchObject({
      routed: true,
      taskName: 'build_report',
      executionResult: { tier: 'command', output: 'build_report' },
    });
    expect(api.requests[0]?.path).toBe('/tasks/build_report');
  });

  it('maps no workflow unless given a mapping: no example tasks run for a real workflow', async () => {
    const unmapped = new FallbackRouter({ apiUrl: null, commandTemplate: echoCommand });
    cleanups.push(() => unmapped.close());
    for (const workflow of Object.keys(TASK_MAPPING)) expect(unmapped.taskFor(workflow)).toBeUndefined();
    await expect(unmapped.routeToFallback(failedRun())).rejects.toBeInstanceOf(UnmappedWorkflowError);
  });
});
