import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tier1/core';
import { openAutomationHubFromConfig } from '@tier1/events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '../../../packages/n8n-reliability/test/real-n8n-global-setup';
import { createContext } from '../src/command';
import { runCli } from '../src/run-cli';
import { captureOutput, createScratchDatabase, runCliForTest, TEST_REDIS_URL } from '../src/test-cli';

/*
 * `tier1 n8n run` and `tier1 n8n watch` against the real n8n of the globalSetup (the n8n layer's
 * test harness), with a real `tier1 worker` on Redis as the queue tier: the only tier that can do
 * the job here (the API tier points at a closed port, the command exits 3). The handlers module
 * logs every run, so the test counts how often the fallback ran per failed execution.
 */

const n8n = inject('realN8n');
const REDIS_URL = TEST_REDIS_URL;
const prefix = `tier1-test-${randomBytes(6).toString('hex')}`;
const directory = mkdtempSync(join(tmpdir(), 'tier1-cli-real-n8n-'));
const callsLog = join(directory, 'calls.log');
const database = createScratchDatabase();

writeFileSync(
  join(directory, 'handlers.mjs'),
  `import { appendFileSync } from 'node:fs';
export const render = async (params) => {
  appendFileSync(${JSON.stringify(callsLog)}, JSON.stringify(params) + '\\n');
  return { rendered: params.run };
};
`,
);
writeFileSync(
  join(directory, 'tier1.n8n.json'),
  JSON.stringify({
    queuePrefix: prefix,
    workerHandlers: './handlers.mjs',
    apiUrl: 'http://127.0.0.1:1',
    commandTemplate: `${process.execPath} -e process.exit(3)`,
    workflows: {
      't1-success': 'render',
      't1-forbidden': 'render',
      't1-gateway': 'render',
      't1-throws': 'render',
      't1-own-timeout': 'render',
      't1-late-failure': 'render',
      't1-slow': { task: 'render', executionTimeoutSeconds: 2 },
      't1-missing': { task: 'render', webhookPath: 't1-nowhere' },
    },
  }),
);

const env = (withKey: boolean) => ({
  PATH: process.env.PATH,
  TIER1_HOME: join(directory, '.tier1'),
  TIER1_PROJECT_ID: 'cli-real-n8n',
  DATABASE_URL: database.url,
  REDIS_URL,
  N8N_URL: n8n.url,
  N8N_API_KEY: withKey ? n8n.apiKey : undefined,
  TIER1_WORKER_PORT: '0',
});

function fallbackRuns(run: string): number {
  if (!existsSync(callsLog)) return 0;
  return readFileSync(callsLog, 'utf8')
    .split('\n')
    .filter((line) => line && (JSON.parse(line) as { run?: string }).run === run).length;
}

let worker: Promise<number>;

beforeAll(async () => {
  const migrate = await runCliForTest(['db', 'migrate'], { cwd: directory, env: env(false) });
  expect(migrate.code, migrate.stderr).toBe(0);
  const stdout = captureOutput();
  worker = runCli(
    ['worker', '--json'],
    createContext({ cwd: directory, env: env(false), stdout: stdout.stream, stderr: captureOutput().stream }),
  );
  const deadline = Date.now() + 30_000;
  while (!stdout.text().includes('"ready"')) {
    if (Date.now() > deadline) throw new Error(`tier1 worker did not start: ${stdout.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  process.emit('SIGTERM', 'SIGTERM');
  await worker;
  rmSync(directory, { recursive: true, force: true });
  const redis = (...args: string[]) =>
    execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' });
  const keys = redis('--scan', '--pattern', `${prefix}:*`).split('\n').filter(Boolean);
  if (keys.length) redis('del', ...keys);
  database.drop();
});

/** failure type, exit code and fallback runs of `tier1 n8n run` per workflow, without and with the key. */
const RUN_MODES: Record<string, [withoutKey: [string, number, number], withKey: [string, number, number]]> = {
  't1-success': [
    ['success', 0, 0],
    ['success', 0, 0],
  ],
  't1-forbidden': [
    ['403_unauthorized', 0, 1],
    ['403_unauthorized', 0, 1],
  ],
  't1-gateway': [
    ['504_gateway_timeout', 0, 1],
    ['504_gateway_timeout', 0, 1],
  ],
  't1-throws': [
    ['unknown_error', 0, 1],
    ['unknown_error', 0, 1],
  ],
  't1-own-timeout': [
    ['unknown_error', 0, 1],
    ['execution_timeout', 0, 1],
  ],
  // With the key n8n is seen still running it: not recovered, not done (exit 1).
  't1-slow': [
    ['execution_timeout', 0, 1],
    ['execution_timeout', 1, 0],
  ],
  't1-missing': [
    ['webhook_error', 0, 1],
    ['webhook_error', 0, 1],
  ],
};

describe.each([
  ['without', false],
  ['with', true],
] as const)(
  'tier1 n8n run against a real n8n, %s the API key, the queue tier a real tier1 worker',
  (_label, withKey) => {
    it('classifies each mode and has the worker run the job once per failed run', async () => {
      const results = await Promise.all(
        Object.entries(RUN_MODES).map(async ([workflow, modes]) => {
          const run = `${workflow}-${withKey}-${randomBytes(3).toString('hex')}`;
          const cli = await runCliForTest(
            ['n8n', 'run', workflow, '--params', JSON.stringify({ run }), '--json'],
            {
              cwd: directory,
              env: env(withKey),
            },
          );
          const output = JSON.parse(cli.stdout) as {
            via: string | null;
            monitorResult: { failureType: string; reason: string };
          };
          const [failureType, code, runs] = modes[withKey ? 1 : 0];
          return {
            actual: [workflow, output.monitorResult.failureType, cli.code, fallbackRuns(run), output.via],
            expected: [workflow, failureType, code, runs, runs ? 'queue_direct' : code ? null : 'n8n'],
            reason: output.monitorResult.reason,
          };
        }),
      );
      for (const { actual, expected, reason } of results) expect(actual, reason).toEqual(expected);
    });
  },
);

describe('tier1 n8n watch against a real n8n, the queue tier a real tier1 worker', () => {
  it('recovers each failed run once, not while it runs, and records every event under the project', async () => {
    const watch = () =>
      runCliForTest(['n8n', 'watch', '--once', '--json'], { cwd: directory, env: env(true) });
    expect((await watch()).code).toBe(0); // earlier runs of this file: handled now, not counted below
    const tag = randomBytes(3).toString('hex');
    const post = (path: string, run: string) =>
      fetch(`${n8n.url}/webhook/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ run }),
      }).then((response) => response.arrayBuffer());
    await post('t1-throws', `w-throws-${tag}`);
    await post('t1-own-timeout', `w-timeout-${tag}`);
    await post('t1-late-failure', `w-late-${tag}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // n8n lists a finished run within a moment

    const firstRun = await watch();
    const first = JSON.parse(firstRun.stdout) as {
      handled: { outcome: string; status: string; executionId: string }[];
      cursor: { lastExecutionId: string };
    };
    expect(first.handled.map((run) => [run.status, run.outcome]).sort()).toEqual([
      ['canceled', 'recovered'],
      ['error', 'recovered'],
    ]);
    expect(fallbackRuns(`w-late-${tag}`)).toBe(0); // still running: left alone
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // the late run fails 4 s in
    const second = JSON.parse((await watch()).stdout) as { handled: { outcome: string }[] };
    expect(second.handled.map((run) => run.outcome)).toEqual(['recovered']);
    const third = JSON.parse((await watch()).stdout) as { handled: unknown[] };
    expect(third.handled).toEqual([]);
    const state = JSON.parse(readFileSync(join(directory, '.tier1', 'n8n-watch.json'), 'utf8'));
    for (const { executionId } of first.handled)
      expect(state.handled[`n8n-exec-${executionId}`].outcome).toBe('recovered');
    const text = await runCliForTest(['n8n', 'watch', '--once'], { cwd: directory, env: env(true) });
    expect(text.stdout).toMatch(/checked \d+ failed run\(s\), handled 0 new; cursor \d+/);
    expect([`w-throws-${tag}`, `w-timeout-${tag}`, `w-late-${tag}`].map(fallbackRuns)).toEqual([1, 1, 1]);

    const hub = await openAutomationHubFromConfig(loadConfig({ cwd: directory, env: env(true) }));
    try {
      const { events } = await hub.getEvents({
        eventType: ['n8n_failure_detected', 'n8n_recovery_attempted'],
        limit: 1000,
      });
      expect(new Set(events.map((event) => event.projectId))).toEqual(new Set(['cli-real-n8n']));
      // Each recovery is correlated with its failure.
      const failures = events.filter((event) => event.eventType === 'n8n_failure_detected');
      const recoveries = events.filter((event) => event.eventType === 'n8n_recovery_attempted');
      expect(recoveries.length).toBeGreaterThanOrEqual(3);
      for (const recovery of recoveries) {
        expect(recovery.correlatedWith?.length).toBeGreaterThan(0);
        expect(failures.map((failure) => failure.uid)).toEqual(
          expect.arrayContaining(recovery.correlatedWith ?? []),
        );
      }
    } finally {
      await hub.close();
    }
  });
});
