import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tier1/core';
import {
  type AutomationHub,
  createEventRecorder,
  type EventRecorder,
  openAutomationHub,
} from '@tier1/events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { executeWithFallback } from '../src/execute-with-fallback';
import { FallbackRouter } from '../src/fallback-router';
import { parseN8nConfig } from '../src/n8n-config';
import { N8nMonitor } from '../src/n8n-monitor';

// The events go through the real EventRecorder of @tier1/events into a real (in-memory PGlite)
// AutomationHub; n8n is the real one of the test run (t1-gateway answers 504 itself).
describe('n8n failure events in the event store', () => {
  let hub: AutomationHub;
  let recorder: EventRecorder;
  let home: string;
  const n8n = inject('realN8n');
  let taskService: Server;
  let taskUrl: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'tier1-n8n-events-'));
    hub = await openAutomationHub({ dataDir: 'memory://' });
    const config = loadConfig({
      cwd: home,
      env: { TIER1_HOME: home, N8N_API_KEY: 'n8n_api_0123456789abcdef' },
      envFile: false,
    });
    recorder = createEventRecorder(config, { openHub: async () => hub });
    taskService = createServer((request, response) => {
      request.resume();
      request.on('end', () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"done":true}'),
      );
    });
    await new Promise<void>((resolve) => taskService.listen(0, '127.0.0.1', resolve));
    taskUrl = `http://127.0.0.1:${(taskService.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => taskService.close(resolve));
    await hub.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('records n8n_failure_detected with the architecture evidence, secrets redacted', async () => {
    const config = parseN8nConfig({ workflows: { 'video-assembly': 'process_video' } });
    const monitor = new N8nMonitor({ recorder, config, projectId: 'tier1-automation' });
    const monitorId = monitor.registerTask(
      'video-assembly',
      'video-assembly',
      { videoId: 1 },
      { sessionId: 'sess-1' },
    );
    const result = await monitor.reportResult(monitorId, {
      statusCode: 504,
      response: 'Service Unavailable: Gateway Timeout (key n8n_api_0123456789abcdef)',
      durationSeconds: 15.2,
    });
    expect(result.eventId).not.toBeNull();
    const event = await hub.getEvent(result.eventId as string);
    expect(event).toMatchObject({
      eventType: 'n8n_failure_detected',
      projectId: 'tier1-automation',
      status: 'failed',
      detectedFrom: 'monitor',
      sessionId: 'sess-1',
      metadata: { monitor_type: 'n8n', can_fallback: true },
      evidence: {
        task_id: 'video-assembly',
        workflow_name: 'video-assembly',
        failure_type: '504_gateway_timeout',
        status_code: 504,
        duration_seconds: 15.2,
      },
    });
    expect(event?.evidence.response_snippet).toContain('Service Unavailable');
    expect(event?.evidence.response_snippet).not.toContain('n8n_api_0123456789abcdef');
    expect(typeof event?.evidence.timestamp).toBe('string');
  });

  it('records nothing for a run that succeeded, and can_fallback false for an unmapped workflow', async () => {
    const monitor = new N8nMonitor({ recorder, config: parseN8nConfig({}) });
    const ok = await monitor.reportResult(monitor.registerTask('t', 'kb-indexing'), {
      statusCode: 200,
      response: '{"ok":true}',
      durationSeconds: 1,
    });
    expect(ok.eventId).toBeNull();
    const failed = await monitor.reportResult(monitor.registerTask('t', 'kb-indexing'), {
      statusCode: 403,
      response: 'Forbidden',
      durationSeconds: 1,
    });
    expect((await hub.getEvent(failed.eventId as string))?.metadata).toMatchObject({ can_fallback: false });
  });

  it('executeWithFallback leaves a failure event and a recovery event correlated with it', async () => {
    const config = parseN8nConfig(
      { apiUrl: taskUrl, workflows: { 't1-gateway': 'process_video' } },
      { n8nUrl: n8n.url },
    );
    const router = FallbackRouter.fromConfig(config, { recorder, commandTemplate: null });
    try {
      const result = await executeWithFallback('t1-gateway', { videoId: 2 }, { config, router, recorder });
      expect(result).toMatchObject({ ok: true, via: 'api_fallback' });
      const failure = await hub.getEvent(result.monitorResult.eventId as string);
      const recovery = await hub.getEvent(result.routingResult?.eventId as string);
      expect(failure?.evidence.failure_type).toBe('504_gateway_timeout');
      expect(recovery).toMatchObject({
        eventType: 'n8n_recovery_attempted',
        status: 'success',
        evidence: { original_failure: '504_gateway_timeout', recovery_method: 'api_fallback' },
      });
      expect(recovery?.correlatedWith).toContain(failure?.uid);
    } finally {
      await router.close();
    }
  });
});
