import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type {} from '../../../../packages/n8n-reliability/test/real-n8n-global-setup';
import { runCliForTest } from '../test-cli';
import { parseInterval } from './n8n';

// n8n is the real one the n8n layer's tests start (vitest globalSetup).
const n8n = inject('realN8n');

describe('tier1 n8n', () => {
  let cwd: string;

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'tier1-cli-n8n-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  const tier1 = (argv: string[], env: Record<string, string> = {}) =>
    runCliForTest(['n8n', ...argv], { cwd, env: { TIER1_HOME: join(cwd, '.tier1'), ...env } });
  const withN8n = { N8N_URL: n8n.url, N8N_API_KEY: n8n.apiKey };
  const mapWorkflows = () =>
    writeFileSync(
      join(cwd, 'tier1.n8n.json'),
      JSON.stringify({ workflows: { 't1-throws': 'render', 'kb-indexing': 'index_kb' } }),
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
    mapWorkflows();
    const result = await tier1(['status', '--json'], withN8n);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.api).toEqual({ reachable: true, problem: null });
    expect(
      report.workflows.map((row: { workflow: string; inN8n: string }) => [row.workflow, row.inN8n]),
    ).toEqual([
      ['t1-throws', 'active'],
      ['kb-indexing', 'missing'],
    ]);
    expect(result.stdout).not.toContain(n8n.apiKey);
    const empty = await tier1(['status'], {});
    rmSync(join(cwd, 'tier1.n8n.json'));
    expect(empty.stdout).toContain('API:      not checked or unreachable: N8N_URL or N8N_API_KEY is not set');
    expect((await tier1(['status'])).stdout).toContain('No workflows are mapped');
  });

  it('status reports a refused API key as unreachable with the fix', async () => {
    mapWorkflows();
    const result = await tier1(['status'], { N8N_URL: n8n.url, N8N_API_KEY: 'wrong-key' });
    expect(result.stdout).toContain('n8n refused the API key');
    expect(result.stdout).toContain('N8N_API_KEY');
    expect(result.stdout).not.toContain('wrong-key');
  });

  it('run opens a failing tier’s circuit across separate runs, and status shows it', async () => {
    // Each `tier1 n8n run` builds its own router, as a new process would: only the shared file connects them.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    writeFileSync(
      join(cwd, 'tier1.n8n.json'),
      JSON.stringify({
        apiUrl: `http://127.0.0.1:${port}`,
        commandTemplate: `${process.execPath} -e process.exit(3)`,
        workflows: { 't1-throws': 'render' },
      }),
    );
    const attempts: { tier: string; outcome: string }[][] = [];
    for (let run = 0; run < 4; run++) {
      const result = await tier1(['run', 't1-throws', '--json'], withN8n);
      expect(result.code).toBe(1);
      attempts.push(JSON.parse(result.stdout).routingResult.attempts);
    }
    expect(attempts.map((tiers) => tiers.map((attempt) => `${attempt.tier} ${attempt.outcome}`))).toEqual([
      ['api failed', 'command failed'],
      ['api failed', 'command failed'],
      ['api failed', 'command failed'],
      ['api skipped', 'command skipped'],
    ]);
    const status = await tier1(['status', '--json'], withN8n);
    expect(JSON.parse(status.stdout).circuits).toMatchObject({
      queue: { state: 'closed' },
      api: { state: 'open', consecutiveFailures: 3 },
      command: { state: 'open', consecutiveFailures: 3 },
    });
    expect((await tier1(['status'], withN8n)).stdout).toMatch(
      /Circuits: queue closed, api open \(3 failures, opened /,
    );
  });

  it('watch without N8N_API_KEY is a configuration error (exit 2)', async () => {
    mapWorkflows();
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
