import { ConfigError } from '@tier1/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeWithFallback } from '../src/execute-with-fallback';
import { FailureType } from '../src/failure-type';
import { parseN8nConfig, UnmappedWorkflowError } from '../src/n8n-config';
import { FakeN8n } from './detection-fake-n8n';

// n8n cannot run here: the webhooks and the executions API are a fake n8n, a real HTTP server on 127.0.0.1.
describe('executeWithFallback: calling the webhook and detecting (fake n8n on 127.0.0.1)', () => {
  let n8n: FakeN8n;
  const configFor = (withApiKey: boolean) =>
    parseN8nConfig(
      {
        workflows: {
          'video-assembly': { task: 'process_video', webhookPath: 'video' },
          'kb-indexing': 'index_kb',
          'draft-generator': 'generate_draft',
          'content-idea-capture': { task: 'capture_idea', executionTimeoutSeconds: 0.2 },
          'unregistered-flow': 'noop',
        },
      },
      { n8nUrl: n8n.url, n8nApiKey: withApiKey ? n8n.apiKey : undefined },
    );

  beforeAll(async () => {
    n8n = await FakeN8n.start();
    n8n.addWorkflow({ id: 'wf-video', name: 'video-assembly', webhookPath: 'video' });
    n8n.addWorkflow({ id: 'wf-kb', name: 'kb-indexing' });
    n8n.addWorkflow({ id: 'wf-draft', name: 'draft-generator' });
    n8n.addWorkflow({ id: 'wf-idea', name: 'content-idea-capture' });
  });
  afterAll(() => n8n.stop());

  it('posts the params as JSON to the mapped webhook path and returns n8n’s answer on success', async () => {
    n8n.webhooks.set('kb-indexing', { status: 200, body: '{"indexed":12}', executionStatus: 'success' });
    const result = await executeWithFallback(
      'kb-indexing',
      { space: 'docs' },
      { config: configFor(true), router: false, headers: { 'x-webhook-token': 't0k' } },
    );
    expect(result).toMatchObject({
      ok: true,
      via: 'n8n',
      response: { indexed: 12 },
      output: { indexed: 12 },
    });
    expect(result.monitorResult).toMatchObject({
      failureDetected: false,
      executionStatus: 'success',
      inputParams: { space: 'docs' },
    });
    const call = n8n.requests.find((request) => request.path === '/webhook/kb-indexing');
    expect(call?.method).toBe('POST');
    expect(JSON.parse(call?.body ?? '')).toEqual({ space: 'docs' });
    expect(call?.headers['x-webhook-token']).toBe('t0k');
  });

  it('detects a 504 from the gateway and does not recover with router: false', async () => {
    n8n.webhooks.set('video', { status: 504, body: '<html>504 Gateway Time-out</html>' });
    const result = await executeWithFallback(
      'video-assembly',
      { videoId: 7 },
      { config: configFor(false), router: false },
    );
    expect(result.ok).toBe(false);
    expect(result.via).toBeNull();
    expect(result.monitorResult).toMatchObject({
      failureDetected: true,
      failureType: FailureType.GATEWAY_TIMEOUT,
      statusCode: 504,
    });
    expect(result.reason).toContain('recovery was turned off');
  });

  it('detects the empty 200 of a workflow that errored, confirmed by the executions API', async () => {
    n8n.webhooks.set('draft-generator', {
      status: 200,
      body: '',
      executionStatus: 'error',
      errorMessage: 'OpenAI: 429 rate limited',
    });
    const result = await executeWithFallback(
      'draft-generator',
      { topic: 'x' },
      { config: configFor(true), router: false },
    );
    expect(result.monitorResult).toMatchObject({
      failureDetected: true,
      failureType: FailureType.UNKNOWN_ERROR,
      executionStatus: 'error',
    });
    expect(result.monitorResult.reason).toContain('OpenAI: 429 rate limited');
  });

  it("detects n8n's 404 'webhook is not registered'", async () => {
    const result = await executeWithFallback(
      'unregistered-flow',
      {},
      { config: configFor(false), router: false },
    );
    expect(result.monitorResult).toMatchObject({
      failureDetected: true,
      failureType: FailureType.WEBHOOK_FAILURE,
      statusCode: 404,
    });
    expect(result.response).toMatchObject({ code: 404 });
  });

  it('does not recover a run n8n is still executing (it could run twice)', async () => {
    n8n.webhooks.set('video', { status: 524, body: '', executionStatus: 'running' });
    const result = await executeWithFallback(
      'video-assembly',
      { videoId: 8 },
      { config: configFor(true), router: false },
    );
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/still running/);
  });

  it('abandons a call that outlasts the execution timeout and reports an execution_timeout', async () => {
    n8n.webhooks.set('content-idea-capture', { status: 200, body: '{"ok":true}', delayMs: 2_000 });
    const result = await executeWithFallback(
      'content-idea-capture',
      {},
      { config: configFor(false), router: false },
    );
    expect(result.monitorResult.failureType).toBe(FailureType.EXECUTION_TIMEOUT);
    expect(result.monitorResult.statusCode).toBeNull();
  });

  it('refuses an unmapped workflow and a missing N8N_URL before calling anything', async () => {
    await expect(
      executeWithFallback('nope', {}, { config: configFor(false), router: false }),
    ).rejects.toBeInstanceOf(UnmappedWorkflowError);
    const noUrl = parseN8nConfig({ workflows: { a: 'b' } });
    await expect(executeWithFallback('a', {}, { config: noUrl, router: false })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});
