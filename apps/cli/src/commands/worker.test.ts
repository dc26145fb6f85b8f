import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAutomationHub } from '@tier1/events';
import { CircuitBreaker, FallbackRouter, FileCircuitStore } from '@tier1/n8n-reliability';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../command';
import { runCli } from '../run-cli';
import { captureOutput, createScratchDatabase, TEST_REDIS_URL } from '../test-cli';

const REDIS_URL = TEST_REDIS_URL;
const prefix = `tier1-test-${randomBytes(6).toString('hex')}`;
const directory = mkdtempSync(join(tmpdir(), 'tier1-cli-worker-'));
writeFileSync(
  join(directory, 'handlers.mjs'),
  'export const process_video = async (params) => ({ rendered: params.video });\n',
);
// The queue the worker takes from is the layer's configuration, as the router reads it.
writeFileSync(join(directory, 'tier1.n8n.json'), JSON.stringify({ queuePrefix: prefix }));

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  const redis = (...args: string[]) =>
    execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' });
  const keys = redis('--scan', '--pattern', `${prefix}:*`).split('\n').filter(Boolean);
  if (keys.length) redis('del', ...keys);
});

function cli(args: string[], env: Record<string, string | undefined>) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const baseEnv = {
    TIER1_HOME: join(directory, '.tier1'),
    TIER1_WORKER_PORT: '0',
    PATH: process.env.PATH,
  };
  const exit = runCli(
    ['worker', ...args],
    createContext({
      cwd: directory,
      env: { ...baseEnv, ...env },
      stdout: stdout.stream,
      stderr: stderr.stream,
    }),
  );
  return { exit, stdout: stdout.text, stderr: stderr.text };
}

describe('tier1 worker', () => {
  it('exits 2 naming REDIS_URL when it is not set', async () => {
    const run = cli([], { TIER1_WORKER_HANDLERS: './handlers.mjs' });
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/REDIS_URL: is not set.*\n {2}fix: set it like REDIS_URL=redis:\/\//);
  });

  it('exits 2 when the handlers module is missing, not set, or lacks a mapped task', async () => {
    const missing = cli([], { REDIS_URL, TIER1_WORKER_HANDLERS: './nope.mjs' });
    expect(await missing.exit).toBe(2);
    expect(missing.stderr()).toMatch(/TIER1_WORKER_HANDLERS: .*nope\.mjs does not exist/);

    const unset = cli([], { REDIS_URL });
    expect(await unset.exit).toBe(2);
    expect(unset.stderr()).toMatch(/TIER1_WORKER_HANDLERS: is not set/);

    writeFileSync(
      join(directory, 'mapping.json'),
      JSON.stringify({ workflows: { 'kb-indexing': 'index_kb' } }),
    );
    const unmapped = cli(['--handlers', './handlers.mjs'], { REDIS_URL, TIER1_N8N_CONFIG: './mapping.json' });
    expect(await unmapped.exit).toBe(2);
    expect(unmapped.stderr()).toMatch(/no handler for "index_kb"/);
  });

  it('takes the handlers module from "workerHandlers" in the layer\'s file, relative to that file', async () => {
    mkdirSync(join(directory, 'conf'), { recursive: true });
    writeFileSync(
      join(directory, 'conf', 'layer.json'),
      JSON.stringify({ workerHandlers: '../handlers.mjs', workflows: { 'kb-indexing': 'index_kb' } }),
    );
    // Loaded from the file: its process_video is there, the mapped index_kb is not.
    const fromFile = cli([], { REDIS_URL, TIER1_N8N_CONFIG: './conf/layer.json' });
    expect(await fromFile.exit).toBe(2);
    expect(fromFile.stderr()).toMatch(
      /tier1\.n8n\.json: workerHandlers: \/\S+-worker-\w+\/handlers\.mjs has no handler for "index_kb"/,
    );

    writeFileSync(join(directory, 'conf', 'layer.json'), JSON.stringify({ workerHandlers: './nope.mjs' }));
    const missing = cli([], { REDIS_URL, TIER1_N8N_CONFIG: './conf/layer.json' });
    expect(await missing.exit).toBe(2);
    expect(missing.stderr()).toMatch(/tier1\.n8n\.json: workerHandlers: .*conf\/nope\.mjs does not exist/);
  });

  it('exits 2 for a concurrency that is not a whole number, naming the option or the variable it came from', async () => {
    const option = cli(['--concurrency', 'lots'], { REDIS_URL, TIER1_WORKER_HANDLERS: './handlers.mjs' });
    expect(await option.exit).toBe(2);
    expect(option.stderr()).toContain('--concurrency "lots" is not a whole number from 1 to 1000');
    const variable = cli([], {
      REDIS_URL,
      TIER1_WORKER_HANDLERS: './handlers.mjs',
      TIER1_WORKER_CONCURRENCY: '1e3',
    });
    expect(await variable.exit).toBe(2);
    expect(variable.stderr()).toContain(
      'TIER1_WORKER_CONCURRENCY: "1e3" is not a whole number from 1 to 1000',
    );
    expect(variable.stderr()).toContain('TIER1_WORKER_CONCURRENCY=4');
  });

  it('exits 1 with the reason when Redis is unreachable', async () => {
    const run = cli([], { REDIS_URL: 'redis://127.0.0.1:1', TIER1_WORKER_HANDLERS: './handlers.mjs' });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(/Redis at 127\.0\.0\.1:1 is not reachable .*ECONNREFUSED/);
  });

  it('runs the handlers, serves health, and stops on SIGTERM with exit 0', async () => {
    const run = cli(['--json', '--concurrency', '2'], { REDIS_URL, TIER1_WORKER_HANDLERS: './handlers.mjs' });
    const ready = await readyLine(run);
    expect(ready).toMatchObject({ tasks: ['process_video'], concurrency: 2 });
    const health = (await (await fetch(`${ready.url}/health/ready`)).json()) as {
      checks: Record<string, { ok: boolean }>;
    };
    expect(health.checks).toMatchObject({ redis: { ok: true }, event_store: { ok: true } });

    // The router's queue tier hands the job to this worker.
    const router = new FallbackRouter({
      taskMapping: { 'video-assembly': 'process_video' },
      redisUrl: REDIS_URL,
      queuePrefix: prefix,
      apiUrl: null,
      commandTemplate: null,
      tierTimeoutsMs: { queue: 10_000 },
    });
    const routed = await router.routeToFallback({
      failureDetected: true,
      failureType: '504_gateway_timeout',
      monitorId: `mon-${randomBytes(4).toString('hex')}`,
      taskId: 'video-assembly',
      workflowName: 'video-assembly',
      inputParams: { video: 'a.mp4' },
      statusCode: 504,
      durationSeconds: 15,
      reason: 'Gateway Timeout',
      executionId: null,
      eventId: null,
    });
    await router.close();
    expect(routed).toMatchObject({
      routed: true,
      executionResult: { tier: 'queue', output: { rendered: 'a.mp4' } },
    });
    // The API tier failed three times in other processes of the project: the shared state says open.
    const shared = new CircuitBreaker({
      key: 'api',
      store: new FileCircuitStore(join(directory, '.tier1', 'n8n-circuits.json')),
    });
    for (let failure = 0; failure < 3; failure++) await shared.recordFailure();
    const metrics = await (await fetch(`${ready.url}/metrics`)).text();
    expect(metrics).toContain('tier1_worker_jobs_completed_total{task="process_video"} 1');
    expect(metrics).toContain('tier1_circuit_state{tier="api"} 2');
    expect(metrics).toContain('tier1_circuit_state{tier="queue"} 0');
    expect(metrics).toContain('process_resident_memory_bytes');

    // The command listens on the process; emit delivers the signal to its listener only.
    process.emit('SIGTERM', 'SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain('"event": "stopped"');
  });

  it('reports the PostgreSQL event store on /health/ready: 200 when it answers, 503 naming it when not', async () => {
    const database = createScratchDatabase();
    try {
      const good = new URL(database.url);
      const missing = new URL(database.url);
      missing.pathname = `/${database.name}_missing`;
      // A shared PostgreSQL is migrated on purpose (tier1 db migrate); an unmigrated one is not ready.
      await (await openAutomationHub({ databaseUrl: good.href, migrate: true })).close();
      for (const [url, status] of [
        [good.href, 200],
        [missing.href, 503],
      ] as const) {
        const run = cli(['--json'], {
          REDIS_URL,
          DATABASE_URL: url,
          TIER1_WORKER_HANDLERS: './handlers.mjs',
        });
        const ready = await readyLine(run);
        const response = await fetch(`${ready.url}/health/ready`);
        const body = (await response.json()) as { checks: Record<string, { ok: boolean; error?: string }> };
        expect(response.status).toBe(status);
        expect(body.checks.redis?.ok).toBe(true);
        expect(body.checks.event_store?.ok).toBe(status === 200);
        process.emit('SIGTERM', 'SIGTERM');
        expect(await run.exit).toBe(0);
      }
    } finally {
      database.drop();
    }
  });
});

async function readyLine(
  run: ReturnType<typeof cli>,
): Promise<{ url: string; tasks: string[]; concurrency: number }> {
  let ended = false;
  run.exit.finally(() => {
    ended = true;
  });
  while (!run.stdout().includes('"event": "ready"')) {
    if (ended) throw new Error(`the worker ended before it was ready: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return JSON.parse(run.stdout().slice(run.stdout().indexOf('{'), run.stdout().indexOf('\n}') + 2));
}
