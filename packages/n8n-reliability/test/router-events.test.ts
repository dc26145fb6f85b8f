import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tier1/core';
import {
  type AutomationHub,
  createEventRecorder,
  type EventRecorder,
  openAutomationHub,
} from '@tier1/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FallbackRouter, RecoveryNotRecordedError } from '../src/fallback-router';
import { UnmappedWorkflowError } from '../src/n8n-config';
import { failedRun, startTaskServer, TASK_MAPPING, type TaskServer } from './router-fixtures';

// The real recorder of @tier1/events over a real (embedded, in-memory) store.
const home = mkdtempSync(join(tmpdir(), 'tier1-router-events-'));
let hub: AutomationHub;
let recorder: EventRecorder;
let api: TaskServer;
let failing: TaskServer;

beforeAll(async () => {
  hub = await openAutomationHub({ dataDir: 'memory://' });
  recorder = createEventRecorder(loadConfig({ env: { TIER1_HOME: home }, envFile: false }), {
    openHub: async () => hub,
  });
  api = await startTaskServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
  );
  failing = await startTaskServer((_request, response) => response.writeHead(500).end());
});

afterAll(async () => {
  await api.close();
  await failing.close();
  await recorder.close();
  rmSync(home, { recursive: true, force: true });
});

async function detectionEvent(): Promise<string> {
  const stored = await hub.storeEvent({
    eventType: 'n8n_failure_detected',
    projectId: 'n8n',
    status: 'failed',
    evidence: {
      task_id: 'video-assembly',
      workflow_name: 'video-assembly',
      failure_type: '504_gateway_timeout',
      status_code: 504,
      duration_seconds: 15.2,
      response_snippet: 'Gateway Timeout',
      timestamp: new Date().toISOString(),
    },
    detectedFrom: 'monitor',
  });
  return stored.uid;
}

describe('FallbackRouter records n8n_recovery_attempted', () => {
  it('records a successful recovery with every attempt, correlated with the detection event', async () => {
    const detected = await detectionEvent();
    const router = new FallbackRouter({
      taskMapping: TASK_MAPPING,
      apiUrl: api.url,
      commandTemplate: null,
      recorder,
    });
    const result = await router.routeToFallback(failedRun({ eventId: detected }));
    await router.close();

    expect(result.eventId).toEqual(expect.any(String));
    const event = await hub.getEvent(result.eventId as string);
    expect(event).toMatchObject({
      eventType: 'n8n_recovery_attempted',
      projectId: 'n8n',
      status: 'success',
      detectedFrom: 'router',
      metadata: { routing_type: 'n8n_fallback', recovery_successful: true },
      correlatedWith: [detected],
      evidence: {
        task_id: 'video-assembly',
        original_failure: '504_gateway_timeout',
        recovery_method: 'api_fallback',
        recovery_duration_seconds: expect.any(Number),
        attempts: [
          { method: 'api_fallback', success: true, duration: expect.any(Number), outcome: 'succeeded' },
        ],
        idempotency_key: result.idempotencyKey,
      },
    });
    const correlated = await hub.correlateEvents(detected);
    expect(correlated.map((related) => related.uid)).toContain(result.eventId);
  });

  it('records a recovery no tier managed as failed, with recovery_method null and each tier’s error', async () => {
    const router = new FallbackRouter({
      taskMapping: TASK_MAPPING,
      apiUrl: failing.url,
      commandTemplate: [process.execPath, '-e', 'process.exit(3)'],
      recorder,
    });
    const result = await router.routeToFallback(failedRun());
    await router.close();
    const event = await hub.getEvent(result.eventId as string);
    expect(event).toMatchObject({
      status: 'failed',
      metadata: { recovery_successful: false },
      evidence: {
        recovery_method: null,
        attempts: [
          {
            method: 'api_fallback',
            success: false,
            outcome: 'failed',
            error: expect.stringMatching(/answered 500/),
          },
          {
            method: 'command_fallback',
            success: false,
            outcome: 'failed',
            error: expect.stringMatching(/exited with 3/),
          },
        ],
      },
    });
    expect(event?.correlatedWith ?? []).toEqual([]);
  });

  it('records an unmapped workflow as a failed recovery before throwing', async () => {
    const router = new FallbackRouter({
      taskMapping: TASK_MAPPING,
      apiUrl: api.url,
      commandTemplate: null,
      recorder,
    });
    const run = failedRun({ workflowName: 'nightly-report', taskId: `nightly-${Date.now()}` });
    await expect(router.routeToFallback(run)).rejects.toBeInstanceOf(UnmappedWorkflowError);
    const { events } = await hub.getEvents({ eventType: 'n8n_recovery_attempted', limit: 50 });
    const recorded = events.find((event) => event.evidence.task_id === run.taskId);
    expect(recorded).toMatchObject({
      status: 'failed',
      evidence: {
        workflow_name: 'nightly-report',
        recovery_method: null,
        attempts: [],
        reason: expect.stringMatching(/no fallback task/),
      },
    });
  });

  it('throws RecoveryNotRecordedError carrying the routing result when the event cannot be recorded', async () => {
    // The recorder refuses the event (a project id over 255 characters): the recovery itself ran.
    const router = new FallbackRouter({
      taskMapping: TASK_MAPPING,
      apiUrl: api.url,
      commandTemplate: null,
      recorder,
      projectId: 'p'.repeat(300),
    });
    const requestsBefore = api.requests.length;
    const error = await router.routeToFallback(failedRun()).catch((caught: unknown) => caught);
    await router.close();
    expect(error).toBeInstanceOf(RecoveryNotRecordedError);
    expect(error).toMatchObject({
      code: 'N8N_RECOVERY_NOT_RECORDED',
      routingResult: { routed: true, taskName: 'process_video' },
    });
    expect(api.requests.length).toBe(requestsBefore + 1);
  });
});
