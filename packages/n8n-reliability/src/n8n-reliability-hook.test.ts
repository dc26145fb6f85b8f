import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Tier1Config } from '@tier1/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FailureType } from './failure-type';
import { parseN8nConfig } from './n8n-config';
import { N8nReliabilityHook } from './n8n-reliability-hook';
import { isN8nTool, readToolInput, readToolResponse } from './n8n-tool-payload';

describe('isN8nTool', () => {
  it("matches n8n's MCP execute tools, case-insensitively, and configured names", () => {
    expect(isN8nTool('mcp__n8n__execute_workflow')).toBe(true);
    expect(isN8nTool('MCP__N8N__Execute_Workflow')).toBe(true);
    expect(isN8nTool('mcp__n8n__workflow_execute_now')).toBe(true);
    expect(isN8nTool('mcp__n8n__search_workflows')).toBe(false);
    expect(isN8nTool('mcp__other__execute_workflow')).toBe(false);
    expect(isN8nTool('Bash')).toBe(false);
    expect(isN8nTool('mcp__automation__run_flow', ['MCP__automation__run_flow'])).toBe(true);
  });
});

describe('reading the MCP tool input and response (assumed shapes, see the file header)', () => {
  it('finds the workflow and its webhook body or inputs', () => {
    expect(
      readToolInput({
        workflowId: 'wf-1',
        inputs: { type: 'webhook', webhookData: { method: 'POST', body: { videoId: 3 } } },
      }),
    ).toEqual({ workflowRef: 'wf-1', inputParams: { videoId: 3 } });
    expect(readToolInput({ workflowName: 'kb-indexing', inputData: { space: 'docs' } })).toEqual({
      workflowRef: 'kb-indexing',
      inputParams: { space: 'docs' },
    });
    expect(readToolInput('nonsense')).toEqual({ workflowRef: undefined, inputParams: {} });
  });

  it('reads a CallToolResult, its content array, a string, and PostToolUseFailure errors', () => {
    const ok = readToolResponse({
      content: [{ type: 'text', text: '{"success":true,"executionId":"77","result":{"rows":3}}' }],
    });
    expect(ok).toMatchObject({ statusCode: null, executionId: '77', error: undefined });
    const failed = readToolResponse([
      { type: 'text', text: '{"success":false,"executionId":"78","error":{"message":"Node X failed"}}' },
    ]);
    expect(failed.executionId).toBe('78');
    expect(failed.error).toContain('success: false');
    expect(failed.error).toContain('Node X failed');
    expect(readToolResponse({ content: [{ type: 'text', text: 'denied' }], isError: true }).error).toContain(
      'the tool reported an error',
    );
    expect(readToolResponse({ structuredContent: { status: 'crashed', executionId: 9 } })).toMatchObject({
      executionId: '9',
      error: 'n8n execution status crashed',
    });
    expect(readToolResponse(undefined, 'MCP error -32001: Request timed out').error).toBe(
      'MCP error -32001: Request timed out',
    );
    expect(readToolResponse({ statusCode: 504, body: 'Gateway Timeout' }).statusCode).toBe(504);
  });
});

describe('N8nReliabilityHook across PreToolUse and PostToolUse processes', () => {
  let home: string;
  let config: Tier1Config;
  let taskService: Server;
  let taskUrl: string;
  const taskCalls: { url: string; body: string }[] = [];

  beforeAll(async () => {
    // The API tier's task service: a real HTTP server on 127.0.0.1.
    taskService = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      taskCalls.push({ url: request.url ?? '', body: Buffer.concat(chunks).toString() });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"video":"done"}');
    });
    await new Promise<void>((resolve) => taskService.listen(0, '127.0.0.1', resolve));
    taskUrl = `http://127.0.0.1:${(taskService.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => taskService.close(resolve)));
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tier1-hook-n8n-'));
    config = loadConfig({ cwd: home, env: { TIER1_HOME: home }, envFile: false });
    taskCalls.length = 0;
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  // One hook object per hook process, as Claude Code spawns one per event.
  const hookProcess = (overrides: { enabled?: boolean } = {}) =>
    new N8nReliabilityHook({
      config: { ...config, n8nReliabilityEnabled: overrides.enabled ?? true },
      n8nConfig: parseN8nConfig({
        apiUrl: taskUrl,
        commandTemplate: `${process.execPath} -e process.exit(3)`,
        workflows: { 'video-assembly': { task: 'process_video', workflowId: 'wf-video' } },
      }),
    });

  const call = {
    sessionId: 's-1',
    toolUseId: 'toolu_01ABC',
    toolName: 'mcp__n8n__execute_workflow',
    toolInput: { workflowId: 'wf-video', inputs: { type: 'webhook', webhookData: { body: { videoId: 5 } } } },
  };

  it('keeps the PreToolUse registration on disk for the PostToolUse process, then deletes it', async () => {
    expect(await hookProcess().onTaskStarted(call)).toEqual({ monitorId: 'toolu_01ABC' });
    expect(readdirSync(join(home, 'n8n-monitors'))).toEqual(['toolu_01ABC.json']);

    const outcome = await hookProcess().onTaskCompleted({
      ...call,
      toolResponse: { content: [{ type: 'text', text: '{"success":true,"executionId":"5"}' }] },
      durationMs: 1200,
    });
    expect(outcome.monitorResult).toMatchObject({
      failureDetected: false,
      workflowName: 'video-assembly',
      inputParams: { videoId: 5 },
      durationSeconds: 1.2,
      executionId: '5',
    });
    expect(outcome.additionalContext).toBeUndefined();
    expect(existsSync(join(home, 'n8n-monitors', 'toolu_01ABC.json'))).toBe(false);
    expect(taskCalls).toHaveLength(0);
  });

  it('drops registrations older than a day whose PostToolUse never came', async () => {
    await hookProcess().onTaskStarted({ ...call, toolUseId: 'toolu_old' });
    const old = new Date(Date.now() - 25 * 60 * 60_000);
    utimesSync(join(home, 'n8n-monitors', 'toolu_old.json'), old, old);
    await hookProcess().onTaskStarted(call);
    expect(readdirSync(join(home, 'n8n-monitors'))).toEqual(['toolu_01ABC.json']);
  });

  it('recovers a failed run of a mapped workflow and tells Claude how', async () => {
    await hookProcess().onTaskStarted(call);
    const outcome = await hookProcess().onTaskCompleted({
      ...call,
      error: 'MCP error: 504 Gateway Timeout',
      durationMs: 15_000,
    });
    expect(outcome.monitorResult?.failureType).toBe(FailureType.GATEWAY_TIMEOUT);
    expect(outcome.routingResult).toMatchObject({ routed: true, taskName: 'process_video' });
    expect(taskCalls.map((task) => [task.url, JSON.parse(task.body)])).toEqual([
      ['/tasks/process_video', { videoId: 5 }],
    ]);
    expect(outcome.additionalContext).toContain('n8n workflow "video-assembly" failed (504_gateway_timeout)');
    expect(outcome.additionalContext).toContain('ran via api_fallback');
    expect(outcome.additionalContext).toContain('Do not run the workflow again');
  });

  it('reports an unmapped workflow without recovering, even with no PreToolUse record', async () => {
    const outcome = await hookProcess().onTaskCompleted({
      ...call,
      toolUseId: 'toolu_02',
      toolInput: { workflowId: 'wf-unknown' },
      toolResponse: { content: [{ type: 'text', text: '' }], isError: true },
    });
    expect(outcome.monitorResult?.failureDetected).toBe(true);
    expect(outcome.additionalContext).toContain('no fallback task');
    expect(taskCalls).toHaveLength(0);
  });

  it('ignores other tools, and everything when N8N_RELIABILITY_ENABLED is false', async () => {
    expect(await hookProcess().onTaskStarted({ ...call, toolName: 'Bash' })).toBeNull();
    expect(await hookProcess({ enabled: false }).onTaskStarted(call)).toBeNull();
    expect(await hookProcess({ enabled: false }).onTaskCompleted({ ...call, error: 'boom' })).toEqual({});
    expect(existsSync(join(home, 'n8n-monitors'))).toBe(false);
  });
});
