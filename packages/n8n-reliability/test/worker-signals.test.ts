import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisPrefix, sleep } from './router-fixtures';

// The worker runs as a real process from a fresh bundle of this package (the same code as dist),
// so the signal handling is the one `tier1 worker` uses.
const packageDir = resolve(import.meta.dirname, '..');
const bundleDir = join(packageDir, 'node_modules/.cache/tier1-test-dist');
const directory = mkdtempSync(join(tmpdir(), 'tier1-worker-process-'));
const { prefix, cleanup } = redisPrefix();
const queueName = 'signals';
let queue: Queue;

function bundle(dir: string, outDir: string): void {
  execFileSync(
    'npx',
    ['tsup', 'src/index.ts', '--no-config', '--format', 'esm', '--target', 'node20', '--out-dir', outDir],
    { cwd: dir, stdio: 'pipe' },
  );
}

beforeAll(() => {
  for (const dependency of ['../core', '../events']) {
    const dir = resolve(packageDir, dependency);
    if (!existsSync(join(dir, 'dist/index.js'))) bundle(dir, 'dist');
  }
  bundle(packageDir, bundleDir);
  writeFileSync(
    join(directory, 'handlers.mjs'),
    "export const render = async (params) => { console.log('running ' + params.id); await new Promise((r) => setTimeout(r, params.ms)); return { rendered: params.id }; };\n",
  );
  writeFileSync(
    join(directory, 'worker.mjs'),
    `import { loadTaskHandlers, runTaskQueueWorker } from ${JSON.stringify(pathToFileURL(join(bundleDir, 'index.js')).href)};
const handlers = await loadTaskHandlers('./handlers.mjs', ${JSON.stringify(directory)});
const running = await runTaskQueueWorker({
  redisUrl: process.env.REDIS_URL, prefix: process.env.PREFIX, queueName: ${JSON.stringify(queueName)},
  handlers, concurrency: 2, port: 0, shutdownTimeoutMs: Number(process.env.SHUTDOWN_MS),
  onStopping: (reason) => console.log('stopping ' + reason),
});
console.log('ready ' + running.server.url);
const report = await running.stopped;
console.log('stopped forced=' + report.forced);
`,
  );
  queue = new Queue(queueName, { connection: { url: REDIS_URL }, prefix });
}, 120_000);

afterAll(async () => {
  await queue?.close();
  rmSync(directory, { recursive: true, force: true });
  await cleanup();
});

function startWorker(shutdownMs = 10_000): {
  child: ChildProcess;
  output: () => string;
  ready: Promise<string>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [join(directory, 'worker.mjs')], {
    env: { ...process.env, REDIS_URL, PREFIX: prefix, SHUTDOWN_MS: String(shutdownMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolveReady, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/ready (\S+)/);
      if (match) resolveReady(match[1] as string);
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', () => reject(new Error(`worker exited before it was ready:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, output: () => output, ready, exited };
}

/** Until the worker's handler runs the job: a job the worker has fetched but not started goes back to the queue on a stop. */
async function waitUntilRunning(worker: { output: () => string }, job: Job): Promise<void> {
  while (!worker.output().includes(`running ${job.data.id}\n`)) await sleep(10);
}

describe('tier1 worker as a real process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s finishes the running job, takes no new one and exits 0',
    async (signal) => {
      const worker = startWorker();
      const url = await worker.ready;
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);

      const running = await queue.add('render', { id: `${signal}-1`, ms: 1_000 });
      await waitUntilRunning(worker, running);
      worker.child.kill(signal);
      while (!worker.output().includes(`stopping ${signal}`)) await sleep(10);
      // Added once the stop began: the stopping worker must leave it for another worker.
      const later = await queue.add('render', { id: `${signal}-2`, ms: 0 });

      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain(`stopping ${signal}`);
      expect(worker.output()).toContain('stopped forced=false');
      const finished = await Job.fromId(queue, running.id as string);
      expect(await finished?.getState()).toBe('completed');
      expect(finished?.returnvalue).toEqual({ rendered: `${signal}-1` });
      expect(await later.getState()).toBe('waiting');
      await later.remove();
    },
  );

  it('leaves a job that outlasts the shutdown timeout to stall, and still exits 0', async () => {
    const worker = startWorker(300);
    await worker.ready;
    const long = await queue.add('render', { id: 'long', ms: 20_000 });
    await waitUntilRunning(worker, long);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('stopped forced=true');
    // Still active in Redis, its lock left to expire: BullMQ's stalled check gives it to another worker.
    expect(await long.getState()).toBe('active');
    await queue.obliterate({ force: true });
  });
});
