import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tier1/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_TIER_TIMEOUTS,
  loadN8nConfig,
  parseN8nConfig,
  requireWorkflow,
  TIER_TIMEOUT_PRESETS,
  UnmappedWorkflowError,
} from './n8n-config';

describe('parseN8nConfig', () => {
  it('applies the architecture defaults to an empty configuration', () => {
    const config = parseN8nConfig({});
    expect(config.executionTimeoutSeconds).toBe(30);
    expect(config.tierTimeoutsMs).toEqual(DEFAULT_TIER_TIMEOUTS);
    expect(config.apiUrl).toBe('http://localhost:8000');
    expect(config.commandTemplate).toBe('systemctl start tier1-task@{task}');
    expect(config.webhookBaseUrl).toBeUndefined();
    expect(config.workflows).toEqual({});
  });

  it('derives the webhook base URL from N8N_URL and keeps the API key', () => {
    const config = parseN8nConfig({}, { n8nUrl: 'http://n8n.local:5678/', n8nApiKey: 'k' });
    expect(config.webhookBaseUrl).toBe('http://n8n.local:5678/webhook');
    expect(config.n8nUrl).toBe('http://n8n.local:5678');
    expect(config.n8nApiKey).toBe('k');
  });

  it('accepts a task name shorthand and a full entry with a preset and overrides', () => {
    const config = parseN8nConfig({
      preset: 'quick',
      workflows: {
        'kb-indexing': 'index_kb',
        'video-assembly': {
          task: 'process_video',
          preset: 'video',
          tierTimeoutsMs: { api: 45_000 },
          webhookPath: '/hooks/video',
          allowEmptyResponse: true,
        },
      },
    });
    expect(config.workflows['kb-indexing']).toMatchObject({
      task: 'index_kb',
      webhookPath: 'kb-indexing',
      tierTimeoutsMs: TIER_TIMEOUT_PRESETS.quick,
      allowEmptyResponse: false,
    });
    expect(config.workflows['video-assembly']).toMatchObject({
      task: 'process_video',
      webhookPath: 'hooks/video',
      tierTimeoutsMs: { queue: 10_000, api: 45_000, command: 120_000 },
      allowEmptyResponse: true,
    });
  });

  it('names the bad field in a ConfigError', () => {
    expect(() => parseN8nConfig({ workflows: { x: { task: 'a', preset: 'huge' } } })).toThrow(
      /workflows\.x\.preset/,
    );
    expect(() => parseN8nConfig({ tierTimeoutsMs: { queue: -1 } })).toThrow(ConfigError);
    expect(() => parseN8nConfig({ unknownField: 1 })).toThrow(ConfigError);
  });
});

describe('requireWorkflow', () => {
  it('throws N8N_WORKFLOW_UNMAPPED naming the workflow and the mapped ones', () => {
    const config = parseN8nConfig({ workflows: { 'kb-indexing': 'index_kb' } });
    expect(requireWorkflow(config, 'kb-indexing').task).toBe('index_kb');
    const error = (() => {
      try {
        requireWorkflow(config, 'toString');
      } catch (caught) {
        return caught as UnmappedWorkflowError;
      }
    })();
    expect(error).toBeInstanceOf(UnmappedWorkflowError);
    expect(error?.code).toBe('N8N_WORKFLOW_UNMAPPED');
    expect(error?.message).toContain('"toString"');
    expect(error?.message).toContain('kb-indexing');
  });
});

describe('loadN8nConfig', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tier1-n8n-config-'));
    dirs.push(dir);
    return dir;
  };

  it('reads tier1.n8n.json from the project directory', () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'tier1.n8n.json'),
      JSON.stringify({ workflows: { 'draft-generator': 'generate_draft' } }),
    );
    const config = loadN8nConfig({
      cwd,
      env: {},
      config: { n8nUrl: 'http://127.0.0.1:5678', n8nApiKey: undefined },
    });
    expect(config.workflows['draft-generator']?.task).toBe('generate_draft');
    expect(config.webhookBaseUrl).toBe('http://127.0.0.1:5678/webhook');
  });

  it('treats a missing default file as no mapping, but a missing named file as an error', () => {
    const cwd = tempDir();
    expect(loadN8nConfig({ cwd, env: {} }).workflows).toEqual({});
    expect(() => loadN8nConfig({ cwd, env: { TIER1_N8N_CONFIG: 'nope.json' } })).toThrow(/TIER1_N8N_CONFIG/);
  });

  it('resolves a workerHandlers path against the file it is in, and leaves a package name alone', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'deploy'));
    writeFileSync(join(cwd, 'deploy', 'layer.json'), JSON.stringify({ workerHandlers: './handlers.mjs' }));
    const env = { TIER1_N8N_CONFIG: 'deploy/layer.json' };
    expect(loadN8nConfig({ cwd, env }).workerHandlers).toBe(join(cwd, 'deploy', 'handlers.mjs'));
    writeFileSync(join(cwd, 'deploy', 'layer.json'), JSON.stringify({ workerHandlers: '@acme/handlers' }));
    expect(loadN8nConfig({ cwd, env }).workerHandlers).toBe('@acme/handlers');
    expect(loadN8nConfig({ cwd: tempDir(), env: {} }).workerHandlers).toBeUndefined();
    writeFileSync(join(cwd, 'deploy', 'layer.json'), JSON.stringify({ workerHandlers: 7 }));
    expect(() => loadN8nConfig({ cwd, env })).toThrow(/layer\.json: workerHandlers/);
  });

  it('reports invalid JSON with the file path', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'custom.json'), '{ not json');
    expect(() => loadN8nConfig({ cwd, env: { TIER1_N8N_CONFIG: 'custom.json' } })).toThrow(
      /custom\.json.*not valid JSON/,
    );
  });
});
